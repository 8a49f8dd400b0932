import { describe, expect, it } from 'vitest';
import { variableSet } from '../model/ir.ts';
import { lotSales } from './lotSales.ts';
import { applyInOrder, boundsByName, rowByName } from './testing/tinyProblem.ts';
import { TINY_ACCOUNT_VALUE, tinyAccountContext } from './testing/tinyAccount.ts';
import { trades } from './trades.ts';
import { weights } from './weights.ts';

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
  });
});
