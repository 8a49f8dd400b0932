import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleModel } from '../assembler/assembleModel.ts';
import { compileHighsWasm, loadHighsRuntime } from '../backends/highs/highsRuntime.ts';
import { solveWithHighs } from '../backends/highs/highsSolve.ts';
import { maxViolation, variableSet, type ModelIR } from '../model/ir.ts';
import { gainFraction, holdingPeriod, resolveAccountValue, type AccountHoldings } from '../tracking/accountHoldings.ts';
import type { TrackingProblem } from '../tracking/trackingProblem.ts';
import { handProblem, returnSeries } from './testing/handProblem.ts';
import { taxLossHarvesting } from './taxLossHarvesting.ts';
import type { UseCase } from './useCase.ts';

/**
 * Known answers for tax-loss harvesting and the wash-sale rule, on markets built so that the answer
 * follows from arithmetic: TWIN has exactly AAA's returns, so swapping AAA for TWIN costs no tracking,
 * and a loss lot is worth harvesting exactly when the tax it saves, τ_k |g_k|, beats the round trip
 * 2c (sell AAA at c per dollar, buy TWIN at c per dollar).
 */

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighsRuntime(await compileHighsWasm());
});

const L = 40;
// daily moves of ±3%: leaving a dollar uninvested costs more tracking (mean |r| ≈ 0.015) than buying it costs (c = 0.005)
const rA = returnSeries(7, L, 0.06);
const rC = returnSeries(11, L, 0.06);

function solve(u: UseCase, problem: TrackingProblem, holdings: AccountHoldings): { ir: ModelIR; x: number[]; at: (set: string, i: number) => number } {
  const { ir } = assembleModel(u, { problem, holdings, accountValue: resolveAccountValue(holdings, problem) });
  const result = solveWithHighs(highs, ir, { timeLimitSec: 20 });
  expect(result.status).toBe('optimal');
  const x = result.x!;
  expect(maxViolation(ir, x)).toBeLessThan(1e-7);
  return { ir, x, at: (set, i) => x[variableSet(ir, set)!.start + i]! };
}

const withParams = (u: UseCase, id: string, params: Record<string, unknown>): UseCase => ({
  ...u,
  components: u.components.map((c) => (c.id === id ? { id, params } : c)),
});
const without = (u: UseCase, id: string): UseCase => ({ ...u, components: u.components.filter((c) => c.id !== id) });

describe('tax-loss harvesting: known answers', () => {
  const problem = handProblem([
    { ticker: 'AAA', price: 100, returns: rA, benchmarkWeight: 0.5 },
    { ticker: 'TWIN', price: 50, returns: rA, benchmarkWeight: 0 },
    { ticker: 'CCC', price: 80, returns: rC, benchmarkWeight: 0.5 },
  ]);
  // every AAA lot is 100 shares ($10,000); the account is $100,000, half AAA, half CCC
  const holdings: AccountHoldings = {
    cash: 0,
    lots: [
      { ticker: 'AAA', shares: 100, costBasis: 103, acquired: '2023-09-01' }, // short, 3% loss
      { ticker: 'AAA', shares: 100, costBasis: 110, acquired: '2020-01-01' }, // long, 10% loss
      { ticker: 'AAA', shares: 100, costBasis: 104, acquired: '2021-06-30' }, // long, 4% loss
      { ticker: 'AAA', shares: 100, costBasis: 101.5, acquired: '2023-11-15' }, // short, 1.5% loss
      { ticker: 'AAA', shares: 100, costBasis: 90, acquired: '2019-05-05' }, // long gain
      { ticker: 'CCC', shares: 625, costBasis: 60, acquired: '2018-01-02' }, // long gain
    ],
  };
  const c = 0.005;
  const rates = { shortTermRate: 0.37, longTermRate: 0.2 };
  const useCase = withParams(withParams(taxLossHarvesting, 'obj.transaction-cost', { perDollar: c }), 'obj.tax-cost', rates);

  it('sells exactly the lots whose tax saving beats the round-trip cost, whole, and replaces them with the twin', () => {
    const expected = holdings.lots.map((lot) => {
      const g = gainFraction(lot.costBasis!, lot.ticker === 'AAA' ? 100 : 80);
      const tau = holdingPeriod(lot.acquired!, problem.asOf) === 'short' ? rates.shortTermRate : rates.longTermRate;
      return g < 0 && tau * -g > 2 * c;
    });
    expect(expected).toEqual([true, true, false, false, false, false]);

    const { at, ir } = solve(useCase, problem, holdings);
    const lotValue = [0.1, 0.1, 0.1, 0.1, 0.1, 0.5]; // each lot's share of V
    const soldFraction = holdings.lots.map((_, k) => at('lot-sales', k) / lotValue[k]!);
    soldFraction.forEach((f, k) => expect(f).toBeCloseTo(expected[k] ? 1 : 0, 6));
    // the proceeds buy TWIN, never AAA (wash sale), and the tracking stays perfect
    expect(at('buys', 1)).toBeCloseTo(0.2, 6);
    expect(at('buys', 0)).toBeCloseTo(0, 9);
    expect(at('deviation-up', 0) + at('deviation-down', 0)).toBeCloseTo(0, 9);
    expect(ir.cols.names).toContain('washSale[AAA]');
  });

  it('wash sale: without a twin, selling a loss lot and buying it back is what the rule blocks', () => {
    const noTwin = handProblem([
      { ticker: 'AAA', price: 100, returns: rA, benchmarkWeight: 0.5 },
      { ticker: 'CCC', price: 80, returns: rC, benchmarkWeight: 0.5 },
    ]);
    const account: AccountHoldings = {
      cash: 0,
      lots: [
        { ticker: 'AAA', shares: 100, costBasis: 130, acquired: '2020-01-01' },
        { ticker: 'AAA', shares: 400, costBasis: 90, acquired: '2019-01-01' },
        { ticker: 'CCC', shares: 625, costBasis: 60, acquired: '2018-01-02' },
      ],
    };
    // without the rule the loss lot is sold and AAA bought straight back: tax saved at no tracking cost
    const free = solve(without(useCase, 'con.wash-sale'), noTwin, account);
    expect(free.at('lot-sales', 0)).toBeCloseTo(0.1, 6);
    expect(free.at('buys', 0)).toBeCloseTo(0.1, 6);
    // with it there is no repurchase: AAA is either not sold at a loss or not bought
    const ruled = solve(useCase, noTwin, account);
    expect(Math.min(ruled.at('lot-sales', 0), ruled.at('buys', 0))).toBeCloseTo(0, 9);
    expect(ruled.at('buys', 0)).toBeCloseTo(0, 9);
  });

  it('wash sale: a name sold at a loss 10 days ago is not bought; one sold 45 days ago is', () => {
    const twoNames = handProblem([
      { ticker: 'AAA', price: 100, returns: rA, benchmarkWeight: 0.5 },
      { ticker: 'CCC', price: 80, returns: rC, benchmarkWeight: 0.5 },
    ]);
    const newMoney = (date: string): AccountHoldings => ({ cash: 100_000, lots: [], recentSales: [{ ticker: 'AAA', date, realizedGain: -1200 }] });
    expect(solve(useCase, twoNames, newMoney('2023-12-29')).at('weights', 0)).toBeCloseTo(0, 12);
    expect(solve(useCase, twoNames, newMoney('2023-11-24')).at('weights', 0)).toBeGreaterThan(0.4);
  });
});
