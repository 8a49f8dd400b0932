import { z } from 'zod';
import { accountData, accountIssues } from './accountData.ts';
import { ComponentError, defineComponent, requiredSet } from './component.ts';

/**
 * obj.transaction-cost: what trading costs, as a fraction of V, times the weight λ.
 *   minimize λ [ c Σ_i (b_i + s_i) + (F / V) Σ_i (β_i + σ_i) ]
 * c: cost per dollar traded (commission, spread, impact; 0.0005 = 5 bp); F: fixed dollars per
 * trade, charged through var.trade-flags' β_i, σ_i (required only when F > 0).
 * The costs are counted in the objective, not taken out of cash.
 */
export const transactionCost = defineComponent({
  id: 'obj.transaction-cost',
  kind: 'objective',
  title: 'Transaction cost',
  doc: 'minimize λ (c Σ_i (b_i + s_i) + (F/V) Σ_i (β_i + σ_i)): c per dollar traded, F dollars per trade (needs var.trade-flags).',
  params: z.strictObject({
    perDollar: z.number().min(0).max(1).default(0.0005),
    perTrade: z.number().min(0).default(0),
    weight: z.number().min(0).default(1),
  }),
  provides: [],
  requires: ['buys', 'sells'],
  features: [],
  after: ['var.trade-flags'],
  check({ perTrade }, context) {
    // a fixed dollar cost is a fraction of V only once V is known
    return perTrade > 0 ? accountIssues(context) : [];
  },
  apply(builder, { perDollar, perTrade, weight }, context) {
    const b = requiredSet(builder, 'obj.transaction-cost', 'buys');
    const s = requiredSet(builder, 'obj.transaction-cost', 'sells');
    for (let i = 0; i < b.count; i++) {
      builder.addCost(b.start + i, weight * perDollar);
      builder.addCost(s.start + i, weight * perDollar);
    }
    if (perTrade > 0) {
      const buying = builder.variableSet('buying');
      const selling = builder.variableSet('selling');
      if (!buying || !selling) throw new ComponentError('obj.transaction-cost', `a per-trade cost (perTrade ${perTrade}) needs var.trade-flags in the use case`);
      const V = accountData('obj.transaction-cost', context).value;
      for (let i = 0; i < buying.count; i++) {
        builder.addCost(buying.start + i, (weight * perTrade) / V);
        builder.addCost(selling.start + i, (weight * perTrade) / V);
      }
    }
  },
});
