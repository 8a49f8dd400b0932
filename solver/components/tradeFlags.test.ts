import { describe, expect, it } from 'vitest';
import { variableSet } from '../model/ir.ts';
import { applyInOrder, boundsByName, rowByName } from './testing/tinyProblem.ts';
import { TINY_ACCOUNT_VALUE, tinyAccountContext } from './testing/tinyAccount.ts';
import { tradeFlags } from './tradeFlags.ts';
import { trades } from './trades.ts';
import { weights } from './weights.ts';

describe('var.trade-flags', () => {
  it('adds binary buy and sell flags with b_i ≤ ub(b_i) β_i and s_i ≤ h_i σ_i, fixing flags of impossible trades at 0', () => {
    const ir = applyInOrder([[weights, {}], [trades, {}], [tradeFlags, {}]], tinyAccountContext());
    expect(variableSet(ir, 'buying')).toMatchObject({ start: 10, count: 3 });
    expect(variableSet(ir, 'selling')).toMatchObject({ start: 13, count: 3 });
    expect(ir.cols.types.slice(10)).toEqual(new Array(6).fill('integer'));
    expect(rowByName(ir, 'buying[AAA]')).toEqual({ coefficients: { 'buys[AAA]': 1, 'buying[AAA]': -1 }, lower: -Infinity, upper: 0 });
    expect(rowByName(ir, 'selling[CCC]')).toEqual({ coefficients: { 'sells[CCC]': 1, 'selling[CCC]': -900 / TINY_ACCOUNT_VALUE }, lower: -Infinity, upper: 0 });
    expect(boundsByName(ir, 'selling[BBB]')).toEqual([0, 0]);
    expect(boundsByName(ir, 'buying[BBB]')).toEqual([0, 1]);
  });
});
