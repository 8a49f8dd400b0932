import { z } from 'zod';
import { defineComponent, requiredSet } from './component.ts';

/**
 * con.long-only: no short positions, w_i ≥ 0 for every name.
 * var.weights already starts at 0; stating it as a component keeps the rule visible in the
 * use-case matrix and lets a long-short use case leave it out.
 */
export const longOnly = defineComponent({
  id: 'con.long-only',
  kind: 'constraint',
  title: 'Long only',
  doc: 'w_i ≥ 0 for every name: no short positions.',
  params: z.strictObject({}),
  provides: [],
  requires: ['weights'],
  features: [],
  apply(builder) {
    const w = requiredSet(builder, 'con.long-only', 'weights');
    for (let i = 0; i < w.count; i++) builder.tightenBounds(w.start + i, 0, Infinity);
  },
});
