import { describe, expect, it } from 'vitest';
import { lotSales } from './lotSales.ts';
import { taxCost } from './taxCost.ts';
import { applyInOrder } from './testing/tinyProblem.ts';
import { tinyAccountContext, tinyHoldings } from './testing/tinyAccount.ts';
import { trades } from './trades.ts';
import { weights } from './weights.ts';

describe('obj.tax-cost', () => {
  const steps = (params: Record<string, unknown>) =>
    [
      [weights, {}],
      [trades, {}],
      [lotSales, {}],
      [taxCost, params],
    ] as Parameters<typeof applyInOrder>[0];

  it('charges λ τ_k g_k per lot: short-term gains at the short rate, long-term losses as negative costs at the long rate', () => {
    const ir = applyInOrder(steps({ shortTermRate: 0.4, longTermRate: 0.15, weight: 2 }), tinyAccountContext());
    const cost = (n: string) => ir.cols.cost[ir.cols.names.indexOf(n)]!;
    expect(cost('lot-sales[AAA#1]')).toBeCloseTo(2 * 0.4 * (1 / 6), 15);
    expect(cost('lot-sales[AAA#2]')).toBeCloseTo(2 * 0.15 * -0.25, 15);
    expect(cost('lot-sales[CCC#3]')).toBeCloseTo(2 * 0.15 * (1 - 50 / 45), 15);
  });

  it('splits short and long term at 365 days held', () => {
    const at = (acquired: string) => {
      const ir = applyInOrder(steps({ shortTermRate: 0.4, longTermRate: 0.1 }), tinyAccountContext({ cash: 0, lots: [{ ticker: 'BBB', shares: 1, costBasis: 155, acquired }] }));
      return ir.cols.cost[ir.cols.names.indexOf('lot-sales[BBB#1]')]! / 0.5;
    };
    // as of 2024-01-08; g = 1 − 155/310 = 0.5
    expect(at('2023-01-09')).toBeCloseTo(0.4, 15); // 364 days
    expect(at('2023-01-08')).toBeCloseTo(0.1, 15); // 365 days
  });

  it('needs a cost basis and date for every lot, none in the future, and names the lots', () => {
    const holdings = tinyHoldings();
    delete holdings.lots[0]!.costBasis;
    delete holdings.lots[2]!.acquired;
    holdings.lots[1]!.acquired = '2024-02-01';
    expect(taxCost.check!(taxCost.params.parse({}), tinyAccountContext(holdings))).toEqual([
      'needs a cost basis for every lot; lots without one: AAA#1',
      'needs an acquisition date for every lot; lots without one: CCC#3',
      'lots acquired after the as-of date 2024-01-08: AAA#2 (2024-02-01)',
    ]);
    expect(() => applyInOrder(steps({}), tinyAccountContext(holdings))).toThrow(/^obj\.tax-cost: needs a cost basis/);
  });
});
