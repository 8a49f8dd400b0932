import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleModel } from '../assembler/assembleModel.ts';
import { compileHighsWasm, loadHighsRuntime } from '../backends/highs/highsRuntime.ts';
import { solveWithHighs } from '../backends/highs/highsSolve.ts';
import { tinyProblem } from '../components/testing/tinyProblem.ts';
import { maxViolation, variableSet, type ModelIR } from '../model/ir.ts';
import { resolveAccountValue, type AccountHoldings } from '../tracking/accountHoldings.ts';
import { periodicRebalance } from './periodicRebalance.ts';
import type { UseCase } from './useCase.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighsRuntime(await compileHighsWasm());
});

/**
 * The minimum trade size leaves no smaller trade, and the MILP finds the best portfolio that obeys
 * it: checked against a second formulation, every one of the 2^6 buy/sell patterns solved as an LP
 * with its flags fixed, the best of which must equal the MILP optimum.
 */
describe('min trade size: known answer', () => {
  const problem = tinyProblem(); // AAA 120, BBB 310, CCC 45; benchmark 0.5, 0.3, 0.2
  // $10,115 held at 0.463, 0.337, 0.200: a rebalance to the benchmark would trade about 3.7%
  const holdings: AccountHoldings = {
    cash: 0,
    lots: [
      { ticker: 'AAA', shares: 39 },
      { ticker: 'BBB', shares: 11 },
      { ticker: 'CCC', shares: 45 },
    ],
  };
  const X = 0.05;
  const useCase = (minTrade: boolean): UseCase => ({
    ...periodicRebalance,
    components: periodicRebalance.components
      .filter((c) => c.id !== 'con.turnover-limit' && (minTrade || c.id !== 'con.min-trade'))
      .map((c) => (c.id === 'con.min-trade' ? { id: c.id, params: { minTrade: X } } : c.id === 'obj.transaction-cost' ? { id: c.id, params: { perDollar: 0.0001 } } : c)),
  });
  const context = { problem, holdings, accountValue: resolveAccountValue(holdings, problem) };
  const trades = (ir: ModelIR, x: number[]): number[] => {
    const b = variableSet(ir, 'buys')!;
    const s = variableSet(ir, 'sells')!;
    return [...x.slice(b.start, b.start + b.count), ...x.slice(s.start, s.start + s.count)];
  };

  it('trades nothing below X, and matches the best of all fixed-flag LPs', () => {
    const { ir } = assembleModel(useCase(true), context);
    const result = solveWithHighs(highs, ir);
    expect(result.status).toBe('optimal');
    const x = result.x!;
    expect(maxViolation(ir, x)).toBeLessThan(1e-7);
    for (const t of trades(ir, x)) expect(t < 1e-9 || t >= X - 1e-9).toBe(true);

    const buying = variableSet(ir, 'buying')!;
    const selling = variableSet(ir, 'selling')!;
    const flags = [...Array.from({ length: 3 }, (_, i) => buying.start + i), ...Array.from({ length: 3 }, (_, i) => selling.start + i)];
    let best = Infinity;
    for (let pattern = 0; pattern < 1 << flags.length; pattern++) {
      const lp: ModelIR = structuredClone(ir);
      let possible = true;
      flags.forEach((j, k) => {
        const on = (pattern >> k) & 1;
        if (on > lp.cols.upper[j]!) possible = false;
        lp.cols.lower[j] = on;
        lp.cols.upper[j] = on;
      });
      if (!possible) continue;
      lp.cols.types = lp.cols.types.map(() => 'continuous');
      const r = solveWithHighs(highs, lp);
      if (r.status === 'optimal') best = Math.min(best, r.objective!);
    }
    expect(result.objective!).toBeCloseTo(best, 9);
  });

  it('without the minimum the best rebalance does trade less than X somewhere', () => {
    const { ir } = assembleModel(useCase(false), context);
    const x = solveWithHighs(highs, ir).x!;
    expect(trades(ir, x).some((t) => t > 1e-6 && t < X)).toBe(true);
  });
});
