import { describe, expect, it } from 'vitest';
import { periodicRebalance } from '../usecases/periodicRebalance.ts';
import { smallAccount } from '../usecases/smallAccount.ts';
import { newAccountFunding } from '../usecases/newAccountFunding.ts';
import { accountRules, modelPortfolioUseCase } from './modelPortfolio.ts';

describe('modelPortfolioUseCase', () => {
  it('drops whole shares and every trading component, and applies the band within the strategy’s own limits', () => {
    const uc = modelPortfolioUseCase(smallAccount, { maxNames: 50, minWeight: 0.01, saturated: false }, ['AAPL']);
    const ids = uc.components.map((c) => c.id);
    expect(ids).not.toContain('var.whole-shares');
    const param = (id: string, key: string) => uc.components.find((c) => c.id === id)?.params[key];
    // small-account holds at most 20 names of at least 2 %: the band cannot loosen that
    expect(param('con.max-names', 'maxNames')).toBe(20);
    expect(param('con.min-weight', 'minWeight')).toBe(0.02);
    expect(param('con.exclusions', 'tickers')).toEqual(['AAPL']);

    const rebalance = modelPortfolioUseCase(periodicRebalance, { maxNames: 30, minWeight: 0.005, saturated: false }, []);
    expect(rebalance.components.map((c) => c.id).sort()).toEqual(
      ['con.budget', 'con.long-only', 'con.max-names', 'con.min-weight', 'obj.tracking-mad', 'var.selection', 'var.weights'].sort(),
    );
    const saturated = modelPortfolioUseCase(periodicRebalance, { maxNames: 500, minWeight: 0, saturated: true }, []);
    expect(saturated.components.some((c) => c.id === 'con.max-names' || c.id === 'var.selection')).toBe(false);
  });
});

describe('accountRules', () => {
  it("reads the cash buffer and the minimum trade at the account's value", () => {
    expect(accountRules(newAccountFunding, 200_000)).toEqual({ cashBuffer: 1_000, minTrade: 0 });
    expect(accountRules(periodicRebalance, 200_000)).toEqual({ cashBuffer: 0, minTrade: 1_000 });
  });
});
