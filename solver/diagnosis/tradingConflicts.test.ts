import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleModel } from '../assembler/assembleModel.ts';
import { compileHighsWasm, loadHighsRuntime } from '../backends/highs/highsRuntime.ts';
import { solveWithHighs } from '../backends/highs/highsSolve.ts';
import { maxViolation } from '../model/ir.ts';
import { daysBetween, resolveAccountValue, type AccountHoldings } from '../tracking/accountHoldings.ts';
import { cashWithdrawal } from '../usecases/cashWithdrawal.ts';
import { periodicRebalance } from '../usecases/periodicRebalance.ts';
import { taxLossHarvesting } from '../usecases/taxLossHarvesting.ts';
import { demoHoldings, demoProblem } from '../usecases/testing/demoAccount.ts';
import { transition } from '../usecases/transition.ts';
import type { UseCase } from '../usecases/useCase.ts';
import { diagnoseInfeasibility, type DiagnosisSource, type InfeasibilityDiagnosis } from './elasticDiagnosis.ts';

/**
 * Conflicts of the trading and tax components, built on the demo market and account (8 names;
 * ALFA, CHRL, ECHO and HOTL held in six lots, $2,500 cash, $61,471.50 in all) and solved for real.
 * Every quoted figure is checked against arithmetic on the holdings themselves (lot values and
 * gains from shares, prices and cost bases; never the model), and the parameter loosened just
 * past the quoted figure must make the use case solve, tightened just short of it must not.
 */

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighsRuntime(await compileHighsWasm());
});

const problem = demoProblem();
const price = (ticker: string): number => problem.prices[problem.tickers.indexOf(ticker)]!;

interface Account {
  holdings: AccountHoldings;
  withdrawal?: number;
}

function context({ holdings, withdrawal }: Account) {
  return { problem, holdings, accountValue: resolveAccountValue(holdings, problem, { withdrawal }) };
}

function diagnose(useCase: UseCase, account: Account): InfeasibilityDiagnosis {
  const source: DiagnosisSource = { useCase, context: context(account) };
  // MIP tests get 10 s rather than 2: on a loaded machine a test cut short keeps its component in the conflict
  return diagnoseInfeasibility(highs, source, { deadlineMs: performance.now() + 60_000, mipTestSec: 10 });
}

/** Whether a plain HiGHS solve (objective and all) finds a point the model's own rows and bounds accept. */
function solves(useCase: UseCase, account: Account): boolean {
  const ir = assembleModel(useCase, context(account)).ir;
  const r = solveWithHighs(highs, ir, { timeLimitSec: 20 });
  if (r.status === 'optimal' && r.x !== undefined) {
    // within HiGHS's MIP feasibility tolerance (1e-6)
    expect(maxViolation(ir, r.x)).toBeLessThan(1e-6);
    return true;
  }
  expect(r.status).toMatch(/^infeasible/);
  return false;
}

/** The use case with component `id` given `params` (added when it is missing). */
function withComponent(useCase: UseCase, id: string, params: Record<string, unknown>): UseCase {
  const has = useCase.components.some((c) => c.id === id);
  return {
    ...useCase,
    components: has ? useCase.components.map((c) => (c.id === id ? { id, params } : c)) : [...useCase.components, { id, params }],
  };
}

function ids(d: InfeasibilityDiagnosis): string[] {
  return d.components.map((c) => c.id).sort();
}

/** The dollar figure after `before` in a message: `$4,619` → 4619, `-$2,573` → −2573. */
function quotedDollars(message: string, before: string): number {
  const m = new RegExp(`${before.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} (-?)\\$([\\d,]+)`).exec(message);
  if (!m) throw new Error(`no dollar figure after "${before}" in: ${message}`);
  return (m[1] ? -1 : 1) * Number(m[2]!.replace(/,/g, ''));
}

function quotedPercent(message: string, before: string): number {
  const m = new RegExp(`${before} ([\\d.]+)%`).exec(message);
  if (!m) throw new Error(`no percentage after "${before}" in: ${message}`);
  return Number(m[1]) / 100;
}

/** The account's lots in dollars: value S_k p_i and realized gain S_k (p_i − basis_k) if sold whole. */
function lotDollars(holdings: AccountHoldings) {
  return holdings.lots.map((lot, k) => ({
    label: `${lot.ticker}#${k + 1}`,
    ticker: lot.ticker,
    value: lot.shares * price(lot.ticker),
    gain: lot.shares * (price(lot.ticker) - lot.costBasis!),
    acquired: lot.acquired!,
  }));
}

function accountWorth(holdings: AccountHoldings): number {
  return holdings.cash + lotDollars(holdings).reduce((a, l) => a + l.value, 0);
}

/**
 * The least net realized gain of selling at least `need` dollars from `lots`, fractional sales
 * allowed, by enumerating the vertices of { θ ∈ [0,1]^n : Σ_k value_k θ_k ≥ need }: every vertex
 * sells a set of lots whole and at most one lot in part.
 */
function leastGainByEnumeration(lots: { value: number; gain: number }[], need: number): number {
  let best = Infinity;
  const n = lots.length;
  for (let mask = 0; mask < 1 << n; mask++) {
    let value = 0;
    let gain = 0;
    for (let k = 0; k < n; k++) {
      if (mask & (1 << k)) {
        value += lots[k]!.value;
        gain += lots[k]!.gain;
      }
    }
    if (value >= need) best = Math.min(best, gain);
    for (let p = 0; p < n; p++) {
      if (mask & (1 << p)) continue;
      const theta = (need - value) / lots[p]!.value;
      if (theta > 0 && theta < 1) best = Math.min(best, gain + theta * lots[p]!.gain);
    }
  }
  return best;
}

describe('infeasibility diagnosis: trading and tax conflicts', () => {
  it('con.tax-budget with con.cash-buffer and a withdrawal: the least net gain of raising the cash, by enumeration of lot sales', () => {
    const account: Account = { holdings: demoHoldings(), withdrawal: 30_000 };
    const V = accountWorth(account.holdings) - 30_000;
    // no holding is worth more than V, so nothing but the cash need forces a sale
    for (const l of lotDollars(account.holdings)) expect(l.value).toBeLessThan(V);
    const base = withComponent(cashWithdrawal, 'con.cash-buffer', { minDollars: 22_500 });
    const useCase = withComponent(base, 'con.tax-budget', { maxNetGain: 2000 });
    const d = diagnose(useCase, account);
    expect(d.status).toBe('conflict');
    expect(d.level).toBe('relaxation');
    expect(ids(d)).toEqual(['con.budget', 'con.cash-buffer', 'con.tax-budget']);
    expect(d.message).toContain('con.tax-budget (maxNetGain=2000) with con.cash-buffer (minDollars=22500) and con.budget (cashMin=0, cashMax=1)');

    // the cash to raise: the withdrawal plus the buffer, less the cash on hand
    const need = 30_000 + 22_500 - 2500;
    expect(quotedDollars(d.message, 'raising')).toBe(need);
    expect(d.message).toContain('(the $30,000 withdrawal plus the $22,500 cash buffer, less $2,500 cash on hand)');
    const least = leastGainByEnumeration(lotDollars(account.holdings), need);
    expect(least).toBeGreaterThan(2000);
    expect(Math.abs(quotedDollars(d.message, 'realizes a net gain of at least') - least)).toBeLessThanOrEqual(0.5);
    expect(d.message).toContain('above the $2,000 budget');

    // the quoted least gain is the exact threshold: a dollar above it solves, a dollar below does not
    expect(solves(withComponent(base, 'con.tax-budget', { maxNetGain: least + 1 }), account)).toBe(true);
    expect(solves(withComponent(base, 'con.tax-budget', { maxNetGain: least - 1 }), account)).toBe(false);
  });

  it('con.tax-budget with con.exclusions: selling an excluded holding realizes its gains net of every loss that can be taken', () => {
    const account: Account = { holdings: demoHoldings() };
    const useCase = withComponent(withComponent(transition, 'con.tax-budget', { maxNetGain: 5000 }), 'con.exclusions', { tickers: ['ALFA'] });
    const d = diagnose(useCase, account);
    expect(d.status).toBe('conflict');
    expect(ids(d)).toEqual(['con.exclusions', 'con.tax-budget']);
    const lots = lotDollars(account.holdings);
    // all of ALFA must go; every other loss lot sold beside it lowers the net gain
    const least = lots.filter((l) => l.ticker === 'ALFA' || l.gain < 0).reduce((a, l) => a + l.gain, 0);
    const alfa = lots.filter((l) => l.ticker === 'ALFA').reduce((a, l) => a + l.value, 0);
    expect(d.message).toContain(`con.tax-budget (maxNetGain=5000) with con.exclusions (tickers=[ALFA]): selling the excluded holdings ($${alfa.toLocaleString('en-US')})`);
    expect(Math.abs(quotedDollars(d.message, 'realizes a net gain of at least') - least)).toBeLessThanOrEqual(0.5);
    expect(solves(withComponent(useCase, 'con.tax-budget', { maxNetGain: least + 1 }), account)).toBe(true);
    expect(solves(withComponent(useCase, 'con.tax-budget', { maxNetGain: least - 1 }), account)).toBe(false);
  });

  it('con.tax-budget with con.wash-sale: the loss lot the rule keeps back is named, and the least gain is taken without it', () => {
    // a long-term ECHO lot at a loss; ECHO#5 was bought 11 days before the as-of date, so rule (2) keeps the loss lot
    const holdings = demoHoldings();
    holdings.lots.push({ ticker: 'ECHO', shares: 30, costBasis: 300, acquired: '2022-01-10' });
    const account: Account = { holdings };
    const lots = lotDollars(holdings);
    const kept = lots.filter((l) => l.gain < 0 && lots.some((o) => o !== l && o.ticker === l.ticker && daysBetween(o.acquired, problem.asOf) <= 30));
    expect(kept.map((l) => l.label)).toEqual(['ECHO#7']);
    const base = withComponent(taxLossHarvesting, 'con.cash-buffer', { minDollars: 48_000 });
    const useCase = withComponent(base, 'con.tax-budget', { maxNetGain: 0 });
    const d = diagnose(useCase, account);
    expect(d.status).toBe('conflict');
    expect(ids(d)).toEqual(['con.budget', 'con.cash-buffer', 'con.tax-budget', 'con.wash-sale']);
    const need = 48_000 - 2500;
    const least = leastGainByEnumeration(lots.filter((l) => !kept.includes(l)), need);
    // with the kept lot the cash could be raised at a net loss: the wash-sale rule is what breaks the budget
    expect(leastGainByEnumeration(lots, need)).toBeLessThan(0);
    expect(least).toBeGreaterThan(0);
    expect(quotedDollars(d.message, 'raising')).toBe(need);
    expect(Math.abs(quotedDollars(d.message, 'realizes a net gain of at least') - least)).toBeLessThanOrEqual(0.5);
    const echo7 = kept[0]!;
    expect(d.message).toContain(`con.wash-sale keeps ECHO#7 ($${echo7.value.toLocaleString('en-US')}, a $${(-echo7.gain).toLocaleString('en-US')} loss) from being sold`);
    expect(solves(withComponent(base, 'con.tax-budget', { maxNetGain: least + 1 }), account)).toBe(true);
    expect(solves(withComponent(base, 'con.tax-budget', { maxNetGain: least - 1 }), account)).toBe(false);
  });

  it('con.turnover-limit with con.exclusions: selling the excluded holding alone trades more than the limit', () => {
    const account: Account = { holdings: demoHoldings() };
    const excluded = withComponent(periodicRebalance, 'con.exclusions', { tickers: ['ALFA'] });
    const d = diagnose(excluded, account);
    expect(d.status).toBe('conflict');
    expect(ids(d)).toEqual(['con.exclusions', 'con.turnover-limit']);
    const turnover = (160 * price('ALFA')) / accountWorth(account.holdings);
    expect(d.message).toContain('con.turnover-limit (maxTurnover=0.2) with con.exclusions (tickers=[ALFA]): selling the excluded holdings ($29,200) alone trades at least');
    expect(Math.abs(quotedPercent(d.message, 'trades at least') - turnover)).toBeLessThanOrEqual(0.0005);
    expect(d.message).toContain('above the 20% limit');
    expect(solves(withComponent(excluded, 'con.turnover-limit', { maxTurnover: turnover + 1e-4 }), account)).toBe(true);
    expect(solves(withComponent(excluded, 'con.turnover-limit', { maxTurnover: turnover - 1e-4 }), account)).toBe(false);
  });

  it('con.turnover-limit with con.exclusions and a fully invested con.budget: the proceeds and the cash must be bought back in', () => {
    const account: Account = { holdings: demoHoldings() };
    const invested = withComponent(withComponent(periodicRebalance, 'con.exclusions', { tickers: ['ALFA'] }), 'con.budget', { cashMin: 0, cashMax: 0 });
    const useCase = withComponent(invested, 'con.turnover-limit', { maxTurnover: 0.6 });
    const d = diagnose(useCase, account);
    expect(d.status).toBe('conflict');
    expect(ids(d)).toEqual(['con.budget', 'con.exclusions', 'con.turnover-limit']);
    const alfa = 160 * price('ALFA');
    // sell ALFA, then buy other names with its proceeds and the $2,500 of cash
    const turnover = (alfa + alfa + 2500) / accountWorth(account.holdings);
    expect(quotedDollars(d.message, 'investing')).toBe(Math.round(alfa + 2500));
    expect(Math.abs(quotedPercent(d.message, 'trades at least') - turnover)).toBeLessThanOrEqual(0.0005);
    expect(solves(withComponent(invested, 'con.turnover-limit', { maxTurnover: turnover + 1e-4 }), account)).toBe(true);
    expect(solves(withComponent(invested, 'con.turnover-limit', { maxTurnover: turnover - 1e-4 }), account)).toBe(false);
  });

  it('con.turnover-limit against a withdrawal: raising the cash trades more than the limit', () => {
    const account: Account = { holdings: demoHoldings(), withdrawal: 10_000 };
    const useCase = withComponent(periodicRebalance, 'con.turnover-limit', { maxTurnover: 0.1 });
    const d = diagnose(useCase, account);
    expect(d.status).toBe('conflict');
    expect(ids(d)).toEqual(['con.budget', 'con.turnover-limit']);
    const V = accountWorth(account.holdings) - 10_000;
    const turnover = (10_000 - 2500) / V;
    expect(d.message).toContain('raising $7,500 (the $10,000 withdrawal, less $2,500 cash on hand)');
    expect(Math.abs(quotedPercent(d.message, 'trades at least') - turnover)).toBeLessThanOrEqual(0.0005);
    expect(solves(withComponent(useCase, 'con.turnover-limit', { maxTurnover: turnover + 1e-4 }), account)).toBe(true);
    expect(solves(withComponent(useCase, 'con.turnover-limit', { maxTurnover: turnover - 1e-4 }), account)).toBe(false);
  });

  it('con.min-trade with con.turnover-limit: a small withdrawal still needs one sale, and the smallest sale is above the limit', () => {
    const account: Account = { holdings: demoHoldings(), withdrawal: 3000 };
    const minTrade = withComponent(periodicRebalance, 'con.min-trade', { minDollars: 2000 });
    const useCase = withComponent(minTrade, 'con.turnover-limit', { maxTurnover: 0.02 });
    const d = diagnose(useCase, account);
    expect(d.status).toBe('conflict');
    expect(d.level).toBe('integer');
    expect(ids(d)).toEqual(['con.budget', 'con.min-trade', 'con.turnover-limit']);
    const V = accountWorth(account.holdings) - 3000;
    // every holding is worth more than $2,000, so no sale may be smaller than the minimum trade
    const smallestHolding = Math.min(...['ALFA', 'CHRL', 'ECHO', 'HOTL'].map((t) => lotDollars(account.holdings).filter((l) => l.ticker === t).reduce((a, l) => a + l.value, 0)));
    const smallestSale = Math.min(2000, smallestHolding);
    expect(d.message).toContain('con.min-trade (minDollars=2000) with con.turnover-limit (maxTurnover=0.02) and con.budget (cashMin=0, cashMax=1)');
    expect(d.message).toContain('raising $500 (the $3,000 withdrawal, less $2,500 cash on hand)');
    expect(quotedDollars(d.message, 'no sale may be smaller than')).toBe(smallestSale);
    expect(quotedDollars(d.message, 'more than the')).toBe(Math.round(0.02 * V));
    expect(solves(withComponent(minTrade, 'con.turnover-limit', { maxTurnover: smallestSale / V + 1e-4 }), account)).toBe(true);
    expect(solves(withComponent(minTrade, 'con.turnover-limit', { maxTurnover: smallestSale / V - 1e-4 }), account)).toBe(false);
  });

  it('con.min-trade with con.budget: a new account whose cash is less than one minimum purchase', () => {
    const account: Account = { holdings: { cash: 500, lots: [] } };
    // the rebalance without its turnover limit, which a first purchase of 80% of the account would break on its own
    const funding = { ...periodicRebalance, components: periodicRebalance.components.filter((c) => c.id !== 'con.turnover-limit') };
    const capped = withComponent(funding, 'con.budget', { cashMin: 0, cashMax: 0.2 });
    const d = diagnose(withComponent(capped, 'con.min-trade', { minDollars: 1000 }), account);
    expect(d.status).toBe('conflict');
    expect(ids(d)).toEqual(['con.budget', 'con.min-trade']);
    expect(quotedDollars(d.message, 'at least')).toBe(500 * (1 - 0.2));
    expect(quotedDollars(d.message, 'and at most')).toBe(500);
    expect(d.message).toContain('every purchase is at least $1,000 and the account holds nothing to sell');
    expect(solves(withComponent(capped, 'con.min-trade', { minDollars: 499 }), account)).toBe(true);
    expect(solves(withComponent(capped, 'con.min-trade', { minDollars: 501 }), account)).toBe(false);
  });

  it('con.cash-buffer with con.budget: the buffer plus the withdrawal exceed what the account holds', () => {
    const account: Account = { holdings: demoHoldings(), withdrawal: 40_000 };
    const worth = accountWorth(account.holdings);
    const d = diagnose(withComponent(cashWithdrawal, 'con.cash-buffer', { minDollars: 25_000 }), account);
    expect(d.status).toBe('conflict');
    expect(ids(d)).toEqual(['con.budget', 'con.cash-buffer']);
    expect(d.message).toContain('con.cash-buffer (minDollars=25000) with con.budget (cashMin=0, cashMax=1): the $25,000 cash buffer plus the $40,000 withdrawal come to $65,000');
    expect(quotedDollars(d.message, 'more than the')).toBe(Math.round(worth));
    // a buffer of everything the withdrawal leaves solves (all is sold); a dollar more does not
    expect(solves(withComponent(cashWithdrawal, 'con.cash-buffer', { minDollars: worth - 40_000 }), account)).toBe(true);
    expect(solves(withComponent(cashWithdrawal, 'con.cash-buffer', { minDollars: worth - 40_000 + 1 }), account)).toBe(false);
  });

  it('con.cash-buffer above the cash con.budget allows', () => {
    const account: Account = { holdings: demoHoldings() };
    const worth = accountWorth(account.holdings);
    const capped = withComponent(periodicRebalance, 'con.budget', { cashMin: 0, cashMax: 0.02 });
    const d = diagnose(withComponent(capped, 'con.cash-buffer', { minDollars: 5000 }), account);
    expect(d.status).toBe('conflict');
    expect(ids(d)).toEqual(['con.budget', 'con.cash-buffer']);
    expect(Math.abs(quotedPercent(d.message, 'keeps at least') - 5000 / worth)).toBeLessThanOrEqual(0.0005);
    expect(d.message).toContain(`($5,000 of $${Math.round(worth).toLocaleString('en-US')}) in cash, above the 2% con.budget allows`);
    expect(solves(withComponent(capped, 'con.cash-buffer', { minDollars: 0.02 * worth - 1 }), account)).toBe(true);
  });

  it('con.wash-sale with con.exclusions: an excluded name whose loss lot the rule keeps from being sold', () => {
    const holdings = demoHoldings();
    holdings.lots.push({ ticker: 'ECHO', shares: 30, costBasis: 300, acquired: '2022-01-10' });
    const useCase = withComponent(taxLossHarvesting, 'con.exclusions', { tickers: ['ECHO'] });
    const d = diagnose(useCase, { holdings });
    expect(d.status).toBe('conflict');
    expect(ids(d)).toEqual(['con.exclusions', 'con.wash-sale']);
    const echo = lotDollars(holdings).filter((l) => l.ticker === 'ECHO');
    expect(quotedDollars(d.message, 'so all')).toBe(Math.round(echo[0]!.value + echo[1]!.value));
    expect(quotedDollars(d.message, 'but only')).toBe(Math.round(echo[0]!.value));
    expect(d.message).toContain('con.wash-sale with con.exclusions (tickers=[ECHO]): ECHO may not be held');
    expect(d.message).toContain('con.wash-sale keeps ECHO#7');
    // once the other ECHO lot is more than 30 days old the loss lot may be sold
    const older = structuredClone(holdings);
    older.lots[4]!.acquired = '2023-12-01';
    expect(solves(useCase, { holdings: older })).toBe(true);
  });
});
