import { describe, expect, it } from 'vitest';
import { variableSet } from '../model/ir.ts';
import { roundLots } from './roundLots.ts';
import { applyInOrder, boundsByName, rowByName, tinyProblem } from './testing/tinyProblem.ts';
import { weights } from './weights.ts';
import { wholeShares } from './wholeShares.ts';

describe('var.round-lots', () => {
  it('holds shares in lots of L: n_i − L m_i = 0 with m_i ≤ floor(ub(n_i) / L)', () => {
    // V = 100000: n ≤ floor(V/p) = 833, 322, 2222
    const ir = applyInOrder([[weights, {}], [wholeShares, {}], [roundLots, { lotSize: 100 }]], { problem: tinyProblem(), accountValue: 100_000 });
    expect(variableSet(ir, 'lots')).toMatchObject({ start: 7, count: 3, component: 'var.round-lots' });
    expect([boundsByName(ir, 'lots[AAA]'), boundsByName(ir, 'lots[BBB]'), boundsByName(ir, 'lots[CCC]')]).toEqual([
      [0, 8],
      [0, 3],
      [0, 22],
    ]);
    expect(rowByName(ir, 'roundLots[BBB]')).toEqual({ coefficients: { 'shares[BBB]': 1, 'lots[BBB]': -100 }, lower: 0, upper: 0 });
    expect(ir.cols.types.slice(7)).toEqual(['integer', 'integer', 'integer']);
  });

  it('defaults to lots of 100 and refuses a fractional lot size', () => {
    expect(roundLots.params.parse({})).toEqual({ lotSize: 100 });
    expect(roundLots.params.safeParse({ lotSize: 2.5 }).success).toBe(false);
  });
});
