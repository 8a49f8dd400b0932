import { describe, expect, it } from 'vitest';
import { applyInOrder } from './testing/tinyProblem.ts';
import { tinyAccountContext } from './testing/tinyAccount.ts';
import { trades } from './trades.ts';
import { turnover } from './turnover.ts';
import { weights } from './weights.ts';

describe('obj.turnover', () => {
  it('charges λ on every buy and sell and nothing else', () => {
    const ir = applyInOrder([[weights, {}], [trades, {}], [turnover, { weight: 0.3 }]], tinyAccountContext());
    ir.cols.names.forEach((name, j) => expect(ir.cols.cost[j]).toBe(/^(buys|sells)\[/.test(name) ? 0.3 : 0));
    expect(ir.rows.names.length).toBe(3);
  });
});
