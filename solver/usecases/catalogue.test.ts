import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleModel } from '../assembler/assembleModel.ts';
import { compileHighsWasm, loadHighsRuntime } from '../backends/highs/highsRuntime.ts';
import { solveWithHighs } from '../backends/highs/highsSolve.ts';
import { tinyProblem } from '../components/testing/tinyProblem.ts';
import { maxViolation, variableSet } from '../model/ir.ts';
import { holdingsValue, resolveAccountValue } from '../tracking/accountHoldings.ts';
import { useCaseCatalogue } from './catalogue.ts';
import { demoHoldings, demoProblem } from './testing/demoAccount.ts';
import { useCaseSchema } from './useCase.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighsRuntime(await compileHighsWasm());
});

describe('useCaseCatalogue', () => {
  it('ships the eight use cases of the plan as plain JSON with unique ids', () => {
    expect(useCaseCatalogue.map((u) => u.id)).toEqual([
      'index-tracking',
      'new-account-funding',
      'periodic-rebalance',
      'tax-loss-harvesting',
      'esg-exclusions',
      'small-account',
      'cash-withdrawal',
      'transition',
    ]);
    for (const u of useCaseCatalogue) expect(useCaseSchema.parse(JSON.parse(JSON.stringify(u)))).toEqual(u);
  });

  it('assembles each use case on the tiny problem when given what it needs (an account for the trading ones)', () => {
    const problem = tinyProblem();
    const holdings = { cash: 10_000, lots: [{ ticker: 'AAA', shares: 10, costBasis: 100, acquired: '2023-01-02' }] };
    for (const u of useCaseCatalogue) {
      expect(assembleModel(u, { problem, holdings, accountValue: resolveAccountValue(holdings, problem) }).size.rows).toBeGreaterThan(0);
    }
  });

  it('tells a trading use case run without holdings what is missing, under the component', () => {
    const u = useCaseCatalogue.find((c) => c.id === 'periodic-rebalance')!;
    expect(() => assembleModel(u, { problem: tinyProblem() })).toThrow(/var\.trades: needs the account's holdings/);
  });

  it.each(useCaseCatalogue.map((u) => [u.id, u] as const))('%s solves to a feasible optimum on a small market with an account', (_id, u) => {
    const problem = demoProblem();
    const holdings = demoHoldings();
    const withdrawal = u.id === 'cash-withdrawal' ? 5000 : 0;
    const accountValue = resolveAccountValue(holdings, problem, { withdrawal })!;
    const { ir } = assembleModel(u, { problem, holdings, accountValue });
    const result = solveWithHighs(highs, ir, { timeLimitSec: 20 });
    expect(result.status).toBe('optimal');
    const x = result.x!;
    expect(maxViolation(ir, x)).toBeLessThan(1e-6);
    const w = variableSet(ir, 'weights')!;
    const cash = x[variableSet(ir, 'cash')!.start]!;
    const invested = x.slice(w.start, w.start + w.count).reduce((a, b) => a + b, 0);
    expect(invested + cash).toBeCloseTo(1, 9);
    if (u.id === 'esg-exclusions') {
      // CHRL and DLTA are the Energy names
      expect(x[w.start + 2]).toBe(0);
      expect(x[w.start + 3]).toBe(0);
    }
    if (u.id === 'cash-withdrawal') {
      // the withdrawal is raised: after it leaves, the cash left is c·V ≥ 0 and sales − buys cover W − opening cash
      const b = variableSet(ir, 'buys')!;
      const s = variableSet(ir, 'sells')!;
      const net = x.slice(s.start, s.start + s.count).reduce((a, v) => a + v, 0) - x.slice(b.start, b.start + b.count).reduce((a, v) => a + v, 0);
      expect(net * accountValue).toBeGreaterThanOrEqual(withdrawal - holdings.cash - 1e-6);
      expect(accountValue).toBeCloseTo(holdingsValue(holdings, problem) - 5000, 9);
    }
    if (u.id === 'small-account') {
      const z = variableSet(ir, 'selected')!;
      expect(x.slice(z.start, z.start + z.count).reduce((a, v) => a + v, 0)).toBeLessThanOrEqual(20);
    }
  });
});
