import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleModel } from '../assembler/assembleModel.ts';
import { compileHighsWasm, loadHighsRuntime } from '../backends/highs/highsRuntime.ts';
import { solveWithHighs } from '../backends/highs/highsSolve.ts';
import { maxViolation, variableSet, type ModelIR } from '../model/ir.ts';
import { gainFraction, holdingPeriod, resolveAccountValue, type AccountHoldings } from '../tracking/accountHoldings.ts';
import { handProblem, returnSeries } from '../usecases/testing/handProblem.ts';
import type { UseCase } from '../usecases/useCase.ts';
import { lotSales } from './lotSales.ts';
import { taxBudget } from './taxBudget.ts';
import { taxCost } from './taxCost.ts';
import { applyInOrder, boundsByName, rowByName } from './testing/tinyProblem.ts';
import { TINY_ACCOUNT_VALUE, tinyAccountContext, tinyHoldings } from './testing/tinyAccount.ts';
import { trades } from './trades.ts';
import { weights } from './weights.ts';
import { wholeShares } from './wholeShares.ts';

describe('var.lot-sales', () => {
  const V = TINY_ACCOUNT_VALUE;

  it('sells each lot at most its value and sums a name\'s lot sales to its sale', () => {
    const ir = applyInOrder([[weights, {}], [trades, {}], [lotSales, {}]], tinyAccountContext());
    expect(variableSet(ir, 'lot-sales')).toMatchObject({ start: 10, count: 3, component: 'var.lot-sales' });
    expect(ir.cols.names.slice(10)).toEqual(['lot-sales[AAA#1]', 'lot-sales[AAA#2]', 'lot-sales[CCC#3]']);
    expect(boundsByName(ir, 'lot-sales[AAA#1]')).toEqual([0, 600 / V]);
    expect(boundsByName(ir, 'lot-sales[AAA#2]')).toEqual([0, 360 / V]);
    expect(boundsByName(ir, 'lot-sales[CCC#3]')).toEqual([0, 900 / V]);
    expect(rowByName(ir, 'lotSales[AAA]')).toEqual({
      coefficients: { 'sells[AAA]': -1, 'lot-sales[AAA#1]': 1, 'lot-sales[AAA#2]': 1 },
      lower: 0,
      upper: 0,
    });
    // BBB has no lot: no row
    expect(ir.rows.names.filter((n) => n.startsWith('lotSales['))).toEqual(['lotSales[AAA]', 'lotSales[CCC]']);
    // fractional shares: no share counts per lot
    expect(variableSet(ir, 'lot-shares')).toBeUndefined();
    expect(ir.cols.types.every((t) => t !== 'integer')).toBe(true);
  });

  it('sells every lot outside the universe whole at its given price, and the tax components count its gain', () => {
    // prices AAA 120, BBB 310, CCC 45; OLD is not in the universe
    const holdings: AccountHoldings = {
      ...tinyHoldings(),
      lots: [...tinyHoldings().lots, { ticker: 'OLD', shares: 40, costBasis: 5, acquired: '2020-02-03', price: 12.5 }],
    };
    const value = TINY_ACCOUNT_VALUE + 40 * 12.5;
    expect(resolveAccountValue(holdings, tinyAccountContext().problem)).toBe(value);
    const context = { ...tinyAccountContext(holdings), accountValue: value };
    const ir = applyInOrder(
      [[weights, {}], [trades, {}], [lotSales, {}], [taxCost, { shortTermRate: 0.4, longTermRate: 0.15 }], [taxBudget, { maxNetGain: 1000 }]],
      context,
    );
    expect(variableSet(ir, 'lot-sales')!.count).toBe(4);
    expect(boundsByName(ir, 'lot-sales[OLD#4]')).toEqual([500 / value, 500 / value]);
    // never bought: OLD has no weight, buy or sell column, and no lotSales row
    expect(ir.cols.names.filter((n) => n.includes('OLD'))).toEqual(['lot-sales[OLD#4]']);
    expect(ir.rows.names.filter((n) => n.includes('OLD'))).toEqual([]);
    // gain per unit of sale weight g = 1 − 5 / 12.5 = 0.6, long term
    const j = ir.cols.names.indexOf('lot-sales[OLD#4]');
    expect(ir.cols.cost[j]).toBeCloseTo(0.15 * 0.6, 15);
    expect(rowByName(ir, 'taxBudget').coefficients['lot-sales[OLD#4]']).toBeCloseTo(0.6, 15);
    // the account's held weights leave the lot's proceeds in cash: 1 − Σ h_i = (1000 + 500) / V
    const held = ir.annotations.holdings!.weights.reduce((a, b) => a + b, 0);
    expect(1 - held).toBeCloseTo(1500 / value, 15);
  });

  it('under whole shares sells whole shares per lot, and a lot\'s fraction of a share only whole', () => {
    const holdings: AccountHoldings = {
      cash: 100,
      lots: [
        { ticker: 'AAA', shares: 5 },
        { ticker: 'CCC', shares: 2.5 },
        { ticker: 'CCC', shares: 0.25 },
      ],
    };
    const problem = tinyAccountContext().problem;
    const value = resolveAccountValue(holdings, problem)!;
    const ir = applyInOrder([[weights, {}], [wholeShares, {}], [trades, {}], [lotSales, {}]], { problem, holdings, accountValue: value });
    expect(lotSales.after).toContain('var.whole-shares');
    expect(variableSet(ir, 'lot-shares')).toMatchObject({ count: 3, component: 'var.lot-sales' });
    expect([boundsByName(ir, 'lot-shares[AAA#1]'), boundsByName(ir, 'lot-shares[CCC#2]'), boundsByName(ir, 'lot-shares[CCC#3]')]).toEqual([
      [0, 5],
      [0, 2],
      [0, 0],
    ]);
    expect(ir.cols.names.filter((n) => n.startsWith('lotFraction['))).toEqual(['lotFraction[CCC#2]', 'lotFraction[CCC#3]']);
    for (const name of ['lot-shares[AAA#1]', 'lotFraction[CCC#2]']) expect(ir.cols.types[ir.cols.names.indexOf(name)]).toBe('integer');
    expect(rowByName(ir, 'lotShares[AAA#1]')).toEqual({ coefficients: { 'lot-sales[AAA#1]': 1, 'lot-shares[AAA#1]': -120 / value }, lower: 0, upper: 0 });
    const row = rowByName(ir, 'lotShares[CCC#2]');
    expect(row.coefficients['lot-shares[CCC#2]']).toBeCloseTo(-45 / value, 15);
    expect(row.coefficients['lotFraction[CCC#2]']).toBeCloseTo((-45 * 0.5) / value, 15);
    expect(ir.annotations.lotShares).toEqual({
      names: [0, 2, 2],
      fractions: [0, 0.5, 0.25],
      fractionColumns: [-1, ir.cols.names.indexOf('lotFraction[CCC#2]'), ir.cols.names.indexOf('lotFraction[CCC#3]')],
    });
  });
});

describe('var.lot-sales under whole shares: the optimum over every integer sale', () => {
  let highs: Highs;
  beforeAll(async () => {
    highs = await loadHighsRuntime(await compileHighsWasm());
  });

  /**
   * An account all in AAA moving toward a benchmark all in BBB within a realized-gain budget of $100:
   * the tracking improves with every share switched (it outweighs the costs), so the account keeps
   * the fewest AAA shares the budget allows, 4 (selling 6.5: the loss lot, then 4 shares whose gain
   * fits in $150). Which 4: the long-term lot is taxed less per share ($1.00 against $1.11) but gains
   * more ($50 against $30), so the continuous answer mixes them, 1.5 and 2.5 shares, to spend the
   * budget exactly; whole shares cannot. The lot of 2.5 shares tests the fraction flag.
   */
  const L = 30;
  const problem = handProblem([
    { ticker: 'AAA', price: 100, returns: returnSeries(3, L, 0.2), benchmarkWeight: 0 },
    { ticker: 'BBB', price: 40, returns: returnSeries(5, L, 0.2), benchmarkWeight: 1 },
  ]);
  const holdings: AccountHoldings = {
    cash: 30,
    lots: [
      { ticker: 'AAA', shares: 4, costBasis: 50, acquired: '2015-01-02' }, // $50 gain per share, long
      { ticker: 'AAA', shares: 4, costBasis: 70, acquired: '2023-06-01' }, // $30 gain per share, short
      { ticker: 'AAA', shares: 2.5, costBasis: 120, acquired: '2016-01-04' }, // $20 loss per share, long
    ],
  };
  const maxNetGain = 100;
  const perDollar = 0.0005;
  const rates = { shortTermRate: 0.037, longTermRate: 0.02 };
  const useCase: UseCase = {
    id: 'whole-share-lots',
    title: 'transition in whole shares within a tax budget',
    description: '',
    components: [
      { id: 'var.weights', params: {} },
      { id: 'var.trades', params: {} },
      { id: 'var.lot-sales', params: {} },
      { id: 'var.whole-shares', params: {} },
      { id: 'obj.tracking-mad', params: {} },
      { id: 'obj.transaction-cost', params: { perDollar } },
      { id: 'obj.tax-cost', params: rates },
      { id: 'con.budget', params: { cashMin: 0, cashMax: 1 } },
      { id: 'con.long-only', params: {} },
      { id: 'con.tax-budget', params: { maxNetGain } },
    ],
  };
  const V = resolveAccountValue(holdings, problem)!;

  /** The objective of one integer decision, from the model's math written out independently; null when infeasible. */
  function objectiveOf(nA: number, nB: number, sold: number[]): number | null {
    const p = [100, 40];
    const heldA = holdings.lots.reduce((s, l) => s + l.shares, 0);
    const soldA = sold.reduce((a, b) => a + b, 0);
    const buyA = nA - heldA + soldA; // shares bought back, may be a fraction when the account holds one
    if (buyA < -1e-12) return null;
    const cash = V - nA * p[0]! - nB * p[1]!;
    if (cash < -1e-9) return null;
    const gains = holdings.lots.map((l, k) => sold[k]! * (100 - l.costBasis!));
    if (gains.reduce((a, b) => a + b, 0) > maxNetGain + 1e-9) return null;
    const w = [(nA * p[0]!) / V, (nB * p[1]!) / V];
    let mad = 0;
    for (let t = 0; t < L; t++) {
      const active = w[0]! * problem.returns[t * 2]! + w[1]! * problem.returns[t * 2 + 1]! - problem.benchmarkReturns[t]!;
      mad += Math.abs(active) / L;
    }
    const traded = (Math.max(0, buyA) * p[0]! + soldA * p[0]! + nB * p[1]!) / V;
    const tax = holdings.lots.reduce((s, l, k) => {
      const tau = holdingPeriod(l.acquired!, problem.asOf) === 'short' ? rates.shortTermRate : rates.longTermRate;
      return s + (tau * gains[k]!) / V;
    }, 0);
    return mad + perDollar * traded + tax;
  }

  /** Every sale vector of whole shares per lot (and the 2.5-share lot's half share with its shares) and every pair of share counts. */
  function bruteForce(): { objective: number; sold: number[]; nA: number; nB: number } {
    let best = { objective: Infinity, sold: [] as number[], nA: -1, nB: -1 };
    for (let a = 0; a <= 4; a++) {
      for (let b = 0; b <= 4; b++) {
        for (let c = 0; c <= 2; c++) {
          for (const half of [0, 0.5]) {
            const sold = [a, b, c + half];
            for (let nA = 0; nA <= Math.floor(V / 100); nA++) {
              for (let nB = 0; nB <= Math.floor(V / 40); nB++) {
                const f = objectiveOf(nA, nB, sold);
                if (f !== null && f < best.objective) best = { objective: f, sold, nA, nB };
              }
            }
          }
        }
      }
    }
    return best;
  }

  function soldShares(ir: ModelIR, x: ArrayLike<number>): number[] {
    const lots = variableSet(ir, 'lot-sales')!;
    return holdings.lots.map((_, k) => (x[lots.start + k]! * V) / 100);
  }

  it('sells whole shares per lot, and its objective is the best over the enumerated integer sales', () => {
    expect(V).toBe(1080);
    const { ir } = assembleModel(useCase, { problem, holdings, accountValue: V });
    const result = solveWithHighs(highs, ir, { mipRelGap: 0 });
    expect(result.status).toBe('optimal');
    const x = result.x!;
    expect(maxViolation(ir, x)).toBeLessThan(1e-7);
    const sold = soldShares(ir, x);
    // whole shares from each lot; the 2.5-share lot whole shares or those plus its half share
    expect(Math.abs(sold[0]! - Math.round(sold[0]!))).toBeLessThan(1e-7);
    expect(Math.abs(sold[1]! - Math.round(sold[1]!))).toBeLessThan(1e-7);
    expect(Math.abs(sold[2]! - Math.floor(sold[2]! + 1e-7)) < 1e-7 || Math.abs(sold[2]! - Math.floor(sold[2]!) - 0.5) < 1e-7).toBe(true);

    const best = bruteForce();
    expect(result.objective!).toBeCloseTo(best.objective, 9);
    // the decision the solver took is worth what it says, by the independent arithmetic
    const shares = variableSet(ir, 'shares')!;
    const mine = objectiveOf(Math.round(x[shares.start]!), Math.round(x[shares.start + 1]!), sold.map((s) => Math.round(s * 2) / 2));
    expect(mine).toBeCloseTo(best.objective, 9);
    // 4 shares kept, the loss lot sold whole, and one long-term share with three short-term ones ($90 ≤ $100)
    expect(Math.round(x[shares.start]!)).toBe(4);
    expect(sold.map((s) => Math.round(s * 2) / 2)).toEqual([1, 3, 2.5]);
    const gain = holdings.lots.reduce((s, l, k) => s + sold[k]! * 100 * gainFraction(l.costBasis!, 100), 0);
    expect(gain).toBeCloseTo(90, 6);
  });

  it('with the lot shares relaxed the same model sells a fraction of a share, at a lower objective', () => {
    const { ir } = assembleModel(useCase, { problem, holdings, accountValue: V });
    const relaxed: ModelIR = { ...ir, cols: { ...ir.cols, types: ir.cols.types.map((t, j) => (/^(lot-shares|lotFraction)\[/.test(ir.cols.names[j]!) ? 'continuous' : t)) } };
    const result = solveWithHighs(highs, relaxed, { mipRelGap: 0 });
    expect(result.status).toBe('optimal');
    const sold = soldShares(relaxed, result.x!);
    sold.forEach((s, k) => expect(s).toBeCloseTo([1.5, 2.5, 2.5][k]!, 6));
    expect(result.objective!).toBeLessThan(bruteForce().objective - 1e-7);
  });
});
