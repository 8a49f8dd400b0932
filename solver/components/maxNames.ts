import { z } from 'zod';
import { defineComponent, requiredSet } from './component.ts';

/**
 * con.max-names: a cardinality limit, at most K names held.
 *   Σ_i z_i ≤ K.
 * Leaves the `cardinality` annotation { k: K, minWeight } for primal heuristics; con.min-weight,
 * applied after it, fills in minWeight.
 */
export const maxNames = defineComponent({
  id: 'con.max-names',
  kind: 'constraint',
  title: 'Maximum number of names',
  doc: 'Σ_i z_i ≤ K: at most K names held.',
  params: z.strictObject({ maxNames: z.number().int().min(1) }),
  provides: [],
  requires: ['selected'],
  features: ['integer'],
  apply(builder, { maxNames: k }) {
    const z0 = requiredSet(builder, 'con.max-names', 'selected');
    const indices = new Array<number>(z0.count);
    for (let i = 0; i < z0.count; i++) indices[i] = z0.start + i;
    builder.addRow('maxNames', indices, new Array<number>(z0.count).fill(1), -Infinity, k);
    builder.annotate('cardinality', { k, minWeight: 0 });
  },
});
