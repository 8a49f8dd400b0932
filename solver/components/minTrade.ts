import { z } from 'zod';
import { resolveAccountValue } from '../tracking/accountHoldings.ts';
import type { ModelContext } from './component.ts';
import { ComponentError, defineComponent, requiredSet } from './component.ts';

const params = z
  .strictObject({ minTrade: z.number().gt(0).max(1).optional(), minDollars: z.number().gt(0).optional() })
  .refine((p) => p.minTrade !== undefined || p.minDollars !== undefined, { message: 'give minTrade (a fraction of V) or minDollars' });

function accountValue(context: ModelContext): number | undefined {
  return resolveAccountValue(context.holdings, context.problem, { accountValue: context.accountValue });
}

/**
 * con.min-trade: no trade smaller than X, a fraction of V (X = max(minTrade, minDollars / V)).
 *   b_i − X β_i ≥ 0,   s_i − min(X, ub(s_i)) σ_i ≥ 0
 * with var.trade-flags' b_i ≤ ub β_i, s_i ≤ ub σ_i: each trade is 0 or at least X. A holding worth
 * less than X may still be sold whole (a sale is then at least the whole holding). A name that
 * cannot be bought X of is not bought (β_i = 0).
 */
export const minTrade = defineComponent({
  id: 'con.min-trade',
  kind: 'constraint',
  title: 'Minimum trade size',
  doc: 'b_i = 0 or b_i ≥ X; s_i = 0 or s_i ≥ min(X, h_i), X = max(minTrade, minDollars/V): no small trades.',
  params,
  provides: [],
  requires: ['buys', 'sells', 'buying', 'selling'],
  features: ['integer'],
  check({ minDollars }, context) {
    if (minDollars === undefined) return [];
    const V = accountValue(context);
    return V !== undefined && V > 0 ? [] : ['minDollars needs an account value or holdings to be a fraction of'];
  },
  apply(builder, { minTrade: fraction, minDollars }, context) {
    const V = accountValue(context);
    if (minDollars !== undefined && !(V !== undefined && V > 0)) throw new ComponentError('con.min-trade', 'minDollars needs an account value');
    const X = Math.max(fraction ?? 0, minDollars !== undefined ? minDollars / V! : 0);
    const b = requiredSet(builder, 'con.min-trade', 'buys');
    const s = requiredSet(builder, 'con.min-trade', 'sells');
    const beta = requiredSet(builder, 'con.min-trade', 'buying');
    const sigma = requiredSet(builder, 'con.min-trade', 'selling');
    const { tickers } = context.problem;
    for (let i = 0; i < b.count; i++) {
      if (builder.columnBounds(b.start + i).upper < X) builder.tightenBounds(beta.start + i, 0, 0);
      builder.addRow(`minBuy[${tickers[i]}]`, [b.start + i, beta.start + i], [1, -X], 0, Infinity);
      const size = Math.min(X, builder.columnBounds(s.start + i).upper);
      builder.addRow(`minSell[${tickers[i]}]`, [s.start + i, sigma.start + i], [1, -size], 0, Infinity);
    }
    builder.annotate('minTrade', { size: X });
  },
});
