import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleModel } from '../assembler/assembleModel.ts';
import { compileHighsWasm, loadHighsRuntime } from '../backends/highs/highsRuntime.ts';
import { solveWithHighs } from '../backends/highs/highsSolve.ts';
import { maxViolation, variableSet } from '../model/ir.ts';
import { gainFraction, resolveAccountValue, type AccountHoldings } from '../tracking/accountHoldings.ts';
import { handProblem, returnSeries } from './testing/handProblem.ts';
import type { UseCase } from './useCase.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighsRuntime(await compileHighsWasm());
});

/**
 * The tax budget caps realized gains. An account entirely in AAA moves toward a benchmark that is
 * entirely BBB: with α of the account switched, the active return is (1 − α)(r_A − r_B), so the
 * tracking objective (1 − α) mean|r_A − r_B| falls with every dollar switched and the optimum
 * switches as much as the budget allows. That is a fractional knapsack: sell the loss lot first (it
 * frees budget), then lots in increasing gain per dollar, the last one in part, until the net gain is X.
 */
describe('tax budget: known answer', () => {
  const problem = handProblem([
    { ticker: 'AAA', price: 100, returns: returnSeries(3, 30), benchmarkWeight: 0 },
    { ticker: 'BBB', price: 40, returns: returnSeries(5, 30), benchmarkWeight: 1 },
  ]);
  const holdings: AccountHoldings = {
    cash: 0,
    lots: [
      { ticker: 'AAA', shares: 100, costBasis: 50, acquired: '2015-01-02' }, // g = 0.5
      { ticker: 'AAA', shares: 100, costBasis: 90, acquired: '2016-01-04' }, // g = 0.1
      { ticker: 'AAA', shares: 100, costBasis: 120, acquired: '2017-01-03' }, // g = −0.2
    ],
  };
  const useCase = (maxNetGain: number): UseCase => ({
    id: 'tax-budget-test',
    title: 'transition within a tax budget',
    description: '',
    components: [
      { id: 'var.weights', params: {} },
      { id: 'var.trades', params: {} },
      { id: 'var.lot-sales', params: {} },
      { id: 'obj.tracking-mad', params: {} },
      { id: 'con.budget', params: { cashMin: 0, cashMax: 1 } },
      { id: 'con.long-only', params: {} },
      { id: 'con.tax-budget', params: { maxNetGain } },
    ],
  });

  /** The knapsack by hand: dollars sold per lot, greedy by gain per dollar. */
  function greedySales(budget: number): number[] {
    const lots = holdings.lots.map((l, k) => ({ k, value: l.shares * 100, g: gainFraction(l.costBasis!, 100) })).sort((a, b) => a.g - b.g);
    const sold = new Array<number>(lots.length).fill(0);
    let room = budget;
    for (const lot of lots) {
      const dollars = lot.g <= 0 ? lot.value : Math.max(0, Math.min(lot.value, room / lot.g));
      sold[lot.k] = dollars;
      room -= dollars * lot.g;
    }
    return sold;
  }

  it.each([1500, 0, -1000])('with X = %d it realizes exactly the knapsack sales, net gain X', (X) => {
    const V = resolveAccountValue(holdings, problem)!;
    expect(V).toBe(30_000);
    const { ir } = assembleModel(useCase(X), { problem, holdings, accountValue: V });
    const result = solveWithHighs(highs, ir);
    expect(result.status).toBe('optimal');
    const x = result.x!;
    expect(maxViolation(ir, x)).toBeLessThan(1e-7);
    const lotSales = variableSet(ir, 'lot-sales')!;
    const dollars = holdings.lots.map((_, k) => x[lotSales.start + k]! * V);
    const expected = greedySales(X);
    dollars.forEach((d, k) => expect(d).toBeCloseTo(expected[k]!, 4));
    const realized = holdings.lots.reduce((s, l, k) => s + dollars[k]! * gainFraction(l.costBasis!, 100), 0);
    expect(realized).toBeCloseTo(X, 4);
  });

  it('without the budget sells everything (the cap binds above)', () => {
    const u = useCase(0);
    u.components = u.components.filter((c) => c.id !== 'con.tax-budget');
    const { ir } = assembleModel(u, { problem, holdings, accountValue: 30_000 });
    const x = solveWithHighs(highs, ir).x!;
    expect(x[variableSet(ir, 'sells')!.start]).toBeCloseTo(1, 9);
  });
});
