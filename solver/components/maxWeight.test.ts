import { describe, expect, it } from 'vitest';
import { maxWeight } from './maxWeight.ts';
import { applyInOrder, boundsByName, tinyProblem } from './testing/tinyProblem.ts';
import { weights } from './weights.ts';

describe('con.max-weight', () => {
  it('caps every weight at m as a bound, adding no rows', () => {
    const ir = applyInOrder([[weights, {}], [maxWeight, { maxWeight: 0.35 }]], { problem: tinyProblem() });
    for (const t of ['AAA', 'BBB', 'CCC']) expect(boundsByName(ir, `weights[${t}]`)).toEqual([0, 0.35]);
    expect(boundsByName(ir, 'cash[CASH]')).toEqual([-Infinity, Infinity]);
    expect(ir.rows.names).toEqual([]);
  });

  it('takes a cap in (0, 1]', () => {
    expect(maxWeight.params.safeParse({ maxWeight: 0 }).success).toBe(false);
    expect(maxWeight.params.safeParse({ maxWeight: 1 }).success).toBe(true);
  });
});
