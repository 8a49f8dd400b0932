import { z } from 'zod';
import { gainFraction, saleLots } from '../tracking/accountHoldings.ts';
import { accountData, accountIssues, lotIssues } from './accountData.ts';
import { ComponentError, defineComponent, requiredSet } from './component.ts';

/**
 * con.tax-budget: net realized gains of the rebalance stay within X dollars.
 *   Σ_k g_k x_k ≤ X / V,   g_k = 1 − basis_k / p_i
 * (V x_k g_k is the dollar gain of selling x_k of lot k; losses offset gains). X may be 0 (no net
 * gain) or negative (harvest at least −X of net losses). A lot outside the universe is sold whole at
 * its given price q_k in place of p_i (var.lot-sales), so its gain counts here too.
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
    const lots = saleLots(placed, context.problem.prices);
    builder.addRow(
      'taxBudget',
      lots.map((_, k) => x.start + k),
      lots.map(({ lot, price }) => gainFraction(lot.costBasis!, price)),
      -Infinity,
      maxNetGain / V,
    );
  },
});
