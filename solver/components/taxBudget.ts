import { z } from 'zod';
import { gainFraction } from '../portfolio/accountHoldings.ts';
import { accountData, accountIssues, lotIssues } from './accountData.ts';
import { ComponentError, defineComponent, requiredSet } from './component.ts';

/**
 * con.tax-budget: net realized gains of the rebalance stay within X dollars.
 *   Σ_k g_k x_k ≤ X / V,   g_k = 1 − basis_k / p_i
 * (V x_k g_k is the dollar gain of selling x_k of lot k; losses offset gains). X may be 0 (no net
 * gain) or negative (harvest at least −X of net losses).
 */
export const taxBudget = defineComponent({
  id: 'con.tax-budget',
  kind: 'constraint',
  title: 'Tax budget',
  doc: 'Σ_k (1 − basis_k/p_i) V x_k ≤ X: net realized gains at most X dollars.',
  params: z.strictObject({ maxNetGain: z.number().finite() }),
  provides: [],
  requires: ['lot-sales'],
  features: [],
  check(_params, context) {
    return [...accountIssues(context), ...lotIssues(context, { costBasis: true, acquired: false })];
  },
  apply(builder, { maxNetGain }, context) {
    const issues = lotIssues(context, { costBasis: true, acquired: false });
    if (issues.length > 0) throw new ComponentError('con.tax-budget', issues.join('; '));
    const { placed, value: V } = accountData('con.tax-budget', context);
    const x = requiredSet(builder, 'con.tax-budget', 'lot-sales');
    const prices = context.problem.prices;
    builder.addRow(
      'taxBudget',
      placed.lots.map((_, k) => x.start + k),
      placed.lots.map((lot) => gainFraction(lot.costBasis!, prices[lot.name]!)),
      -Infinity,
      maxNetGain / V,
    );
  },
});
