import { z } from 'zod';
import { defineComponent, requiredSet } from './component.ts';

/**
 * con.min-weight: a minimum position, held at least m or not at all.
 *   w_i − m z_i ≥ 0   (with var.selection's w_i ≤ u_i z_i: w_i = 0 or m ≤ w_i ≤ u_i).
 * Completes con.max-names' `cardinality` annotation with minWeight = m when the model has one.
 */
export const minWeight = defineComponent({
  id: 'con.min-weight',
  kind: 'constraint',
  title: 'Minimum position',
  doc: 'w_i ≥ m z_i: a selected name is held at least m (held or zero).',
  params: z.strictObject({ minWeight: z.number().gt(0).max(1) }),
  provides: [],
  requires: ['weights', 'selected'],
  features: ['integer'],
  after: ['con.max-names'],
  apply(builder, { minWeight: m }, { problem }) {
    const w = requiredSet(builder, 'con.min-weight', 'weights');
    const z0 = requiredSet(builder, 'con.min-weight', 'selected');
    const indices = [0, 0];
    const values = [1, -m];
    for (let i = 0; i < w.count; i++) {
      indices[0] = w.start + i;
      indices[1] = z0.start + i;
      builder.addRow(`minWeight[${problem.tickers[i]}]`, indices, values, 0, Infinity);
    }
    const cardinality = builder.annotation('cardinality');
    if (cardinality) builder.annotate('cardinality', { ...cardinality, minWeight: m });
  },
});
