import { z } from 'zod';
import { defineComponent, requiredSet } from './component.ts';

/**
 * var.round-lots: shares are held in round lots of L (100 by convention).
 *   m_i ∈ ℤ≥0, m_i ≤ floor(ub(n_i) / L)   (set `lots`)
 *   n_i − L m_i = 0
 * on var.whole-shares' share counts n_i, so w_i = (p_i L / V) m_i.
 */
export const roundLots = defineComponent({
  id: 'var.round-lots',
  kind: 'variables',
  title: 'Round lots',
  doc: 'n_i = L m_i with m_i ∈ ℤ≥0 (set lots): shares held in round lots of L.',
  params: z.strictObject({ lotSize: z.number().int().min(1).default(100) }),
  provides: ['lots'],
  requires: ['shares'],
  features: ['integer'],
  apply(builder, { lotSize: L }, { problem }) {
    const n = requiredSet(builder, 'var.round-lots', 'shares');
    const m0 = builder.addVariableSet('lots', problem.tickers, (i) => ({
      lower: 0,
      upper: Math.floor(builder.columnBounds(n.start + i).upper / L),
      type: 'integer',
    }));
    for (let i = 0; i < n.count; i++) builder.addRow(`roundLots[${problem.tickers[i]}]`, [n.start + i, m0 + i], [1, -L], 0, 0);
    builder.annotate('roundLots', { lotSize: L });
  },
});
