import { describe, expect, it } from 'vitest';
import { lotSales } from './lotSales.ts';
import { taxBudget } from './taxBudget.ts';
import { applyInOrder, rowByName } from './testing/tinyProblem.ts';
import { TINY_ACCOUNT_VALUE, tinyAccountContext } from './testing/tinyAccount.ts';
import { trades } from './trades.ts';
import { weights } from './weights.ts';

describe('con.tax-budget', () => {
  it('caps Σ_k g_k x_k at X / V', () => {
    const ir = applyInOrder([[weights, {}], [trades, {}], [lotSales, {}], [taxBudget, { maxNetGain: 500 }]], tinyAccountContext());
    const row = rowByName(ir, 'taxBudget');
    expect(row.upper).toBeCloseTo(500 / TINY_ACCOUNT_VALUE, 15);
    expect(row.lower).toBe(-Infinity);
    expect(row.coefficients['lot-sales[AAA#1]']).toBeCloseTo(1 / 6, 15);
    expect(row.coefficients['lot-sales[AAA#2]']).toBeCloseTo(-0.25, 15);
    expect(row.coefficients['lot-sales[CCC#3]']).toBeCloseTo(-1 / 9, 15);
  });

  it('needs the cost basis of every lot but not its date', () => {
    const ctx = tinyAccountContext({ cash: 0, lots: [{ ticker: 'AAA', shares: 1 }, { ticker: 'BBB', shares: 1, costBasis: 1 }] });
    expect(taxBudget.check!({ maxNetGain: 0 }, ctx)).toEqual(['needs a cost basis for every lot; lots without one: AAA#1']);
    expect(taxBudget.params.safeParse({}).success).toBe(false);
  });
});
