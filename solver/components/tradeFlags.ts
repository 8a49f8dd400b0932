import { z } from 'zod';
import { ComponentError, defineComponent, requiredSet } from './component.ts';

/**
 * var.trade-flags: whether each name is bought and whether it is sold, for per-trade costs and
 * minimum trade sizes.
 *   β_i, σ_i ∈ {0, 1}        (sets `buying`, `selling`)
 *   b_i − ub(b_i) β_i ≤ 0,   s_i − ub(s_i) σ_i ≤ 0
 * with ub the bounds var.trades set: no trade without its flag. A name that cannot be bought
 * (or sold) gets its flag fixed at 0.
 */
export const tradeFlags = defineComponent({
  id: 'var.trade-flags',
  kind: 'variables',
  title: 'Trade indicators',
  doc: 'β_i, σ_i ∈ {0,1} (sets buying, selling) with b_i ≤ ub(b_i) β_i and s_i ≤ ub(s_i) σ_i: a name is traded only when flagged.',
  params: z.strictObject({}),
  provides: ['buying', 'selling'],
  requires: ['buys', 'sells'],
  features: ['integer'],
  apply(builder, _params, { problem }) {
    const b = requiredSet(builder, 'var.trade-flags', 'buys');
    const s = requiredSet(builder, 'var.trade-flags', 'sells');
    const link = (set: string, trade: { start: number; count: number }, label: 'buy' | 'sell'): void => {
      const f0 = builder.addVariableSet(set, problem.tickers, { lower: 0, upper: 1, type: 'integer' });
      for (let i = 0; i < trade.count; i++) {
        const u = builder.columnBounds(trade.start + i).upper;
        if (!Number.isFinite(u)) throw new ComponentError('var.trade-flags', `the ${label} of ${problem.tickers[i]} has no finite upper bound`);
        if (u <= 0) builder.tightenBounds(f0 + i, 0, 0);
        builder.addRow(`${set}[${problem.tickers[i]}]`, [trade.start + i, f0 + i], [1, -u], -Infinity, 0);
      }
    };
    link('buying', b, 'buy');
    link('selling', s, 'sell');
  },
});
