import { describe, expect, it } from 'vitest';
import { applyInOrder, rowByName } from './testing/tinyProblem.ts';
import { tinyAccountContext } from './testing/tinyAccount.ts';
import { trades } from './trades.ts';
import { turnoverLimit } from './turnoverLimit.ts';
import { weights } from './weights.ts';

describe('con.turnover-limit', () => {
  it('adds Σ_i (b_i + s_i) ≤ T', () => {
    const ir = applyInOrder([[weights, {}], [trades, {}], [turnoverLimit, { maxTurnover: 0.1 }]], tinyAccountContext());
    const ones = Object.fromEntries(['AAA', 'BBB', 'CCC'].flatMap((t) => [[`buys[${t}]`, 1], [`sells[${t}]`, 1]]));
    expect(rowByName(ir, 'turnoverLimit')).toEqual({ coefficients: ones, lower: -Infinity, upper: 0.1 });
  });
});
