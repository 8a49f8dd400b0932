import { z } from 'zod';
import { defineComponent, requiredSet } from './component.ts';

/**
 * obj.turnover: a penalty on trading, whatever it costs.
 *   minimize λ Σ_i (b_i + s_i)
 * Turnover counts both sides: moving 1% of the account from one name to another is 2%.
 */
export const turnover = defineComponent({
  id: 'obj.turnover',
  kind: 'objective',
  title: 'Turnover penalty',
  doc: 'minimize λ Σ_i (b_i + s_i): the fraction of the account traded, both sides counted.',
  params: z.strictObject({ weight: z.number().min(0) }),
  provides: [],
  requires: ['buys', 'sells'],
  features: [],
  apply(builder, { weight }) {
    const b = requiredSet(builder, 'obj.turnover', 'buys');
    const s = requiredSet(builder, 'obj.turnover', 'sells');
    for (let i = 0; i < b.count; i++) {
      builder.addCost(b.start + i, weight);
      builder.addCost(s.start + i, weight);
    }
  },
});
