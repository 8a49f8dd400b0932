import { describe, expect, it } from 'vitest';
import { variableSet } from '../model/ir.ts';
import { maxWeight } from './maxWeight.ts';
import { applyInOrder, boundsByName, rowByName, TINY_PRICES, tinyProblem } from './testing/tinyProblem.ts';
import { weights } from './weights.ts';
import { wholeShares } from './wholeShares.ts';

describe('var.whole-shares', () => {
  const V = 1000;

  it('adds integer share counts n_i ≤ floor(V/p_i) and links w_i − (p_i/V) n_i = 0', () => {
    const ir = applyInOrder([[weights, {}], [wholeShares, {}]], { problem: tinyProblem(), accountValue: V });
    expect(variableSet(ir, 'shares')).toMatchObject({ start: 4, count: 3, component: 'var.whole-shares' });
    // prices 120, 310, 45 at V = 1000
    expect(boundsByName(ir, 'shares[AAA]')).toEqual([0, 8]);
    expect(boundsByName(ir, 'shares[BBB]')).toEqual([0, 3]);
    expect(boundsByName(ir, 'shares[CCC]')).toEqual([0, 22]);
    expect(ir.cols.types.slice(4)).toEqual(['integer', 'integer', 'integer']);
    expect(rowByName(ir, 'wholeShares[BBB]')).toEqual({ coefficients: { 'weights[BBB]': 1, 'shares[BBB]': -0.31 }, lower: 0, upper: 0 });
    expect(ir.annotations.wholeShares).toEqual({ unitWeight: TINY_PRICES.map((p) => p / V), accountValue: V });
  });

  it('caps shares at the weight bound set before it: floor(m V / p_i)', () => {
    const ir = applyInOrder([[weights, {}], [maxWeight, { maxWeight: 0.5 }], [wholeShares, {}]], { problem: tinyProblem(), accountValue: V });
    expect([boundsByName(ir, 'shares[AAA]'), boundsByName(ir, 'shares[BBB]'), boundsByName(ir, 'shares[CCC]')]).toEqual([
      [0, 4],
      [0, 1],
      [0, 11],
    ]);
    expect(wholeShares.after).toContain('con.max-weight');
  });

  it('needs an account value and a positive price for every name, and says so under its id', () => {
    expect(wholeShares.check!({}, { problem: tinyProblem() })).toEqual(['needs an account value (e.g. --account-value 250000) to count whole shares']);
    expect(() => applyInOrder([[weights, {}], [wholeShares, {}]], { problem: tinyProblem() })).toThrow(/^var\.whole-shares: needs an account value/);
    const problem = { ...tinyProblem(), prices: Float64Array.from([120, NaN, 0]) };
    expect(wholeShares.check!({}, { problem, accountValue: -5 })).toEqual([
      'account value must be a positive number of dollars, got -5',
      'needs a positive as-of price for every name; not for BBB (NaN), CCC (0)',
    ]);
  });
});
