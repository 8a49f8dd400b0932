import { describe, expect, it } from 'vitest';
import { budget } from './budget.ts';
import { applyInOrder, boundsByName, rowByName, tinyProblem } from './testing/tinyProblem.ts';
import { weights } from './weights.ts';

describe('con.budget', () => {
  it('adds Σ w_i + c = 1 and fixes cash at 0 by default (fully invested)', () => {
    const ir = applyInOrder([[weights, {}], [budget, {}]], { problem: tinyProblem() });
    expect(rowByName(ir, 'budget')).toEqual({
      coefficients: { 'weights[AAA]': 1, 'weights[BBB]': 1, 'weights[CCC]': 1, 'cash[CASH]': 1 },
      lower: 1,
      upper: 1,
    });
    expect(boundsByName(ir, 'cash[CASH]')).toEqual([0, 0]);
    expect(ir.components).toEqual([
      expect.objectContaining({ component: 'var.weights', rowCount: 0, colCount: 4 }),
      expect.objectContaining({ component: 'con.budget', rowStart: 0, rowCount: 1, colCount: 0, params: {} }),
    ]);
  });

  it('bounds cash by cashMin and cashMax', () => {
    const ir = applyInOrder([[weights, {}], [budget, { cashMin: 0.01, cashMax: 0.05 }]], { problem: tinyProblem() });
    expect(boundsByName(ir, 'cash[CASH]')).toEqual([0.01, 0.05]);
  });

  it('refuses cashMin above cashMax and cash outside [0, 1]', () => {
    expect(budget.params.safeParse({ cashMin: 0.2, cashMax: 0.1 }).error?.issues[0]?.message).toBe('cashMin must not exceed cashMax');
    expect(budget.params.safeParse({ cashMax: 1.5 }).success).toBe(false);
    expect(budget.params.safeParse({ cashMin: -0.1 }).success).toBe(false);
  });
});
