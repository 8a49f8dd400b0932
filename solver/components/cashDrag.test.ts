import { describe, expect, it } from 'vitest';
import { cashDrag } from './cashDrag.ts';
import { applyInOrder, tinyProblem } from './testing/tinyProblem.ts';
import { weights } from './weights.ts';

describe('obj.cash-drag', () => {
  it('charges λ on the cash weight only', () => {
    const ir = applyInOrder([[weights, {}], [cashDrag, { weight: 0.01 }]], { problem: tinyProblem() });
    expect(ir.cols.cost).toEqual([0, 0, 0, 0.01]);
    expect(cashDrag.params.safeParse({ weight: -1 }).success).toBe(false);
  });
});
