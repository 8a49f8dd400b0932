import { describe, expect, it } from 'vitest';
import { variableSet } from '../model/ir.ts';
import { applyInOrder, boundsByName, tinyProblem } from './testing/tinyProblem.ts';
import { weights } from './weights.ts';

describe('var.weights', () => {
  it('creates w_i ∈ [0, 1] per name and one free cash column, and no rows', () => {
    const ir = applyInOrder([[weights, {}]], { problem: tinyProblem() });
    expect(variableSet(ir, 'weights')).toMatchObject({ start: 0, count: 3, component: 'var.weights' });
    expect(variableSet(ir, 'cash')).toMatchObject({ start: 3, count: 1, component: 'var.weights' });
    expect(ir.cols.names).toEqual(['weights[AAA]', 'weights[BBB]', 'weights[CCC]', 'cash[CASH]']);
    for (const t of ['AAA', 'BBB', 'CCC']) expect(boundsByName(ir, `weights[${t}]`)).toEqual([0, 1]);
    expect(boundsByName(ir, 'cash[CASH]')).toEqual([-Infinity, Infinity]);
    expect(ir.rows.names).toEqual([]);
    expect(ir.cols.types.every((t) => t === 'continuous')).toBe(true);
  });

  it('rejects parameters it does not know', () => {
    expect(weights.params.safeParse({ lower: -1 }).success).toBe(false);
  });
});
