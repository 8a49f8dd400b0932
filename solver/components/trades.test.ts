import { describe, expect, it } from 'vitest';
import { variableSet } from '../model/ir.ts';
import { exclusions } from './exclusions.ts';
import { applyInOrder, boundsByName, rowByName, tinyProblem } from './testing/tinyProblem.ts';
import { TINY_ACCOUNT_VALUE, tinyAccountContext } from './testing/tinyAccount.ts';
import { trades } from './trades.ts';
import { weights } from './weights.ts';

describe('var.trades', () => {
  const V = TINY_ACCOUNT_VALUE;

  it('links w_i − b_i + s_i = h_i with h_i = H_i p_i / V and lets no more be sold than is held', () => {
    const ir = applyInOrder([[weights, {}], [trades, {}]], tinyAccountContext());
    expect(variableSet(ir, 'buys')).toMatchObject({ start: 4, count: 3, component: 'var.trades' });
    expect(variableSet(ir, 'sells')).toMatchObject({ start: 7, count: 3, component: 'var.trades' });
    // AAA: 8 shares × 120; BBB: none; CCC: 20 × 45
    expect(rowByName(ir, 'trade[AAA]')).toEqual({ coefficients: { 'weights[AAA]': 1, 'buys[AAA]': -1, 'sells[AAA]': 1 }, lower: 960 / V, upper: 960 / V });
    expect(rowByName(ir, 'trade[BBB]').lower).toBe(0);
    expect(boundsByName(ir, 'sells[AAA]')).toEqual([0, 960 / V]);
    expect(boundsByName(ir, 'sells[BBB]')).toEqual([0, 0]);
    expect(boundsByName(ir, 'sells[CCC]')).toEqual([0, 900 / V]);
    expect(boundsByName(ir, 'buys[BBB]')).toEqual([0, 1]);
  });

  it('takes V from the context when given: a lower V than the holdings is a withdrawal', () => {
    const ir = applyInOrder([[weights, {}], [trades, {}]], { ...tinyAccountContext(), accountValue: 2000 });
    expect(rowByName(ir, 'trade[CCC]').lower).toBe(900 / 2000);
  });

  it('never buys a name excluded before it', () => {
    const ir = applyInOrder([[weights, {}], [exclusions, { tickers: ['CCC'] }], [trades, {}]], tinyAccountContext());
    expect(boundsByName(ir, 'buys[CCC]')).toEqual([0, 0]);
  });

  it('needs holdings priced in the universe, and says so', () => {
    expect(trades.check!({}, { problem: tinyProblem() })).toEqual([
      "needs the account's holdings (--holdings FILE, or --cash V for an account of cash only)",
    ]);
    expect(trades.check!({}, tinyAccountContext({ cash: 0, lots: [{ ticker: 'ZZZ', shares: 1 }] }))).toEqual([
      'holds ZZZ, not in universe tiny: no as-of price to value or trade them',
      'the account value must be a positive number of dollars, got 0',
    ]);
    expect(() => applyInOrder([[weights, {}], [trades, {}]], { problem: tinyProblem() })).toThrow(/^var\.trades: needs the account's holdings/);
  });
});
