import { describe, expect, it } from 'vitest';
import { budget } from './budget.ts';
import { cashBuffer } from './cashBuffer.ts';
import { applyInOrder, boundsByName, tinyProblem } from './testing/tinyProblem.ts';
import { TINY_ACCOUNT_VALUE, tinyAccountContext } from './testing/tinyAccount.ts';
import { weights } from './weights.ts';

describe('con.cash-buffer', () => {
  it('raises the cash floor to max(minCash, minDollars / V) and keeps the budget cap', () => {
    const ir = applyInOrder([[weights, {}], [budget, { cashMax: 0.5 }], [cashBuffer, { minCash: 0.01, minDollars: 100 }]], tinyAccountContext());
    expect(boundsByName(ir, 'cash[CASH]')).toEqual([100 / TINY_ACCOUNT_VALUE, 0.5]);
    const byFraction = applyInOrder([[weights, {}], [cashBuffer, { minCash: 0.05 }]], { problem: tinyProblem() });
    expect(boundsByName(byFraction, 'cash[CASH]')).toEqual([0.05, Infinity]);
  });

  it('needs V for a dollar floor', () => {
    expect(cashBuffer.check!({ minCash: 0, minDollars: 100 }, { problem: tinyProblem() })).toEqual(['minDollars needs an account value or holdings to be a fraction of']);
    expect(cashBuffer.check!({ minCash: 0, minDollars: 100 }, { problem: tinyProblem(), accountValue: 5000 })).toEqual([]);
  });
});
