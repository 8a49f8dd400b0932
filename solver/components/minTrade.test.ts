import { describe, expect, it } from 'vitest';
import { minTrade } from './minTrade.ts';
import { applyInOrder, boundsByName, rowByName, tinyProblem } from './testing/tinyProblem.ts';
import { TINY_ACCOUNT_VALUE, tinyAccountContext } from './testing/tinyAccount.ts';
import { tradeFlags } from './tradeFlags.ts';
import { trades } from './trades.ts';
import { weights } from './weights.ts';
import { maxWeight } from './maxWeight.ts';

describe('con.min-trade', () => {
  const V = TINY_ACCOUNT_VALUE;
  it('adds b_i ≥ X β_i and s_i ≥ min(X, h_i) σ_i with X = max(minTrade, minDollars / V)', () => {
    const ir = applyInOrder([[weights, {}], [trades, {}], [tradeFlags, {}], [minTrade, { minTrade: 0.1, minDollars: 572 }]], tinyAccountContext());
    const X = 572 / V; // 0.2 > 0.1
    expect(rowByName(ir, 'minBuy[AAA]')).toEqual({ coefficients: { 'buys[AAA]': 1, 'buying[AAA]': -X }, lower: 0, upper: Infinity });
    // CCC holds 900/V ≈ 0.31 > X; AAA holds 960/V ≈ 0.34
    expect(rowByName(ir, 'minSell[CCC]').coefficients['selling[CCC]']).toBeCloseTo(-X, 15);
    // BBB is not held: its sell is fixed at 0 and the floor is 0
    expect(rowByName(ir, 'minSell[BBB]').coefficients).toEqual({ 'sells[BBB]': 1 });
  });

  it('lets a holding smaller than X be sold whole, and never buys a name that cannot take X', () => {
    const ir = applyInOrder(
      [[weights, {}], [maxWeight, { maxWeight: 0.3 }], [trades, {}], [tradeFlags, {}], [minTrade, { minTrade: 0.32 }]],
      tinyAccountContext(),
    );
    expect(rowByName(ir, 'minSell[CCC]').coefficients['selling[CCC]']).toBeCloseTo(-900 / V, 15);
    expect(boundsByName(ir, 'buying[AAA]')).toEqual([0, 0]);
  });

  it('needs a size, and V for a dollar size', () => {
    expect(minTrade.params.safeParse({}).success).toBe(false);
    expect(minTrade.check!({ minDollars: 100 }, { problem: tinyProblem() })).toEqual(['minDollars needs an account value or holdings to be a fraction of']);
  });
});
