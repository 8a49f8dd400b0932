import { z } from 'zod';
import { defineComponent, requiredSet } from './component.ts';

const fraction = z.number().min(0).max(1);

/**
 * con.budget: the account is fully accounted for.
 *   Σ_i w_i + c = 1,   cashMin ≤ c ≤ cashMax.
 * The default cashMin = cashMax = 0 is a fully invested fractional portfolio. Whole shares
 * leave a remainder, so applyOverrides raises cashMax to 1 when it adds var.whole-shares.
 */
export const budget = defineComponent({
  id: 'con.budget',
  kind: 'constraint',
  title: 'Budget',
  doc: 'Σ_i w_i + c = 1 with cashMin ≤ c ≤ cashMax (default 0 and 0: fully invested).',
  params: z
    .strictObject({ cashMin: fraction.default(0), cashMax: fraction.default(0) })
    .refine((p) => p.cashMin <= p.cashMax, { message: 'cashMin must not exceed cashMax', path: ['cashMin'] }),
  provides: [],
  requires: ['weights', 'cash'],
  features: [],
  apply(builder, { cashMin, cashMax }) {
    const w = requiredSet(builder, 'con.budget', 'weights');
    const cash = requiredSet(builder, 'con.budget', 'cash');
    const indices = new Array<number>(w.count + 1);
    const values = new Array<number>(w.count + 1).fill(1);
    for (let i = 0; i < w.count; i++) indices[i] = w.start + i;
    indices[w.count] = cash.start;
    builder.addRow('budget', indices, values, 1, 1);
    builder.tightenBounds(cash.start, cashMin, cashMax);
  },
});
