import { z } from 'zod';
import { defineComponent, requiredSet } from './component.ts';

/**
 * con.max-weight: a concentration limit, w_i ≤ m for every name, as a bound (no rows).
 */
export const maxWeight = defineComponent({
  id: 'con.max-weight',
  kind: 'constraint',
  title: 'Maximum weight',
  doc: 'w_i ≤ m for every name.',
  params: z.strictObject({ maxWeight: z.number().gt(0).max(1) }),
  provides: [],
  requires: ['weights'],
  features: [],
  apply(builder, { maxWeight: m }) {
    const w = requiredSet(builder, 'con.max-weight', 'weights');
    for (let i = 0; i < w.count; i++) builder.tightenBounds(w.start + i, -Infinity, m);
  },
});
