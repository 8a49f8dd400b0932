import { z } from 'zod';
import { defineComponent, requiredSet } from './component.ts';

/**
 * con.turnover-limit: at most T of the account is traded.
 *   Σ_i (b_i + s_i) ≤ T     (both sides counted, as obj.turnover)
 */
export const turnoverLimit = defineComponent({
  id: 'con.turnover-limit',
  kind: 'constraint',
  title: 'Turnover limit',
  doc: 'Σ_i (b_i + s_i) ≤ T: at most T of the account traded, buys and sells both counted.',
  params: z.strictObject({ maxTurnover: z.number().min(0) }),
  provides: [],
  requires: ['buys', 'sells'],
  features: [],
  apply(builder, { maxTurnover }) {
    const b = requiredSet(builder, 'con.turnover-limit', 'buys');
    const s = requiredSet(builder, 'con.turnover-limit', 'sells');
    const indices: number[] = [];
    for (let i = 0; i < b.count; i++) indices.push(b.start + i);
    for (let i = 0; i < s.count; i++) indices.push(s.start + i);
    builder.addRow('turnoverLimit', indices, indices.map(() => 1), -Infinity, maxTurnover);
  },
});
