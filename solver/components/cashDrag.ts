import { z } from 'zod';
import { defineComponent, requiredSet } from './component.ts';

/**
 * obj.cash-drag: uninvested cash earns nothing, so it costs.
 *   minimize λ c
 * on the cash weight c of var.weights.
 */
export const cashDrag = defineComponent({
  id: 'obj.cash-drag',
  kind: 'objective',
  title: 'Cash drag',
  doc: 'minimize λ c: a penalty on the cash weight.',
  params: z.strictObject({ weight: z.number().min(0) }),
  provides: [],
  requires: ['cash'],
  features: [],
  apply(builder, { weight }) {
    const cash = requiredSet(builder, 'obj.cash-drag', 'cash');
    builder.addCost(cash.start, weight);
  },
});
