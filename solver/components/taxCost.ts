import { z } from 'zod';
import { gainFraction, holdingPeriod, saleLots } from '../tracking/accountHoldings.ts';
import { accountData, accountIssues, lotIssues } from './accountData.ts';
import { ComponentError, defineComponent, requiredSet } from './component.ts';

const rate = z.number().min(0).max(1);

/**
 * obj.tax-cost: the tax on the gains a rebalance realizes, as a fraction of V, times the weight λ.
 *   minimize λ Σ_k τ_k g_k x_k,   g_k = 1 − basis_k / p_i   (the gain per unit of lot k's sale weight x_k)
 *   τ_k = shortTermRate when lot k was held fewer than 365 days at the as-of date, else longTermRate.
 *   (A lot outside the universe is sold whole at its given price q_k in place of p_i: var.lot-sales.)
 * A loss (g_k < 0) counts negative: selling it lowers the objective, which is what tax-loss
 * harvesting exploits; con.wash-sale keeps the harvest legal. Rates are parameters (the account's
 * tax status), so clusters of different tax status are different use-case rows of the matrix.
 */
export const taxCost = defineComponent({
  id: 'obj.tax-cost',
  kind: 'objective',
  title: 'Realized-gain tax',
  doc: 'minimize λ Σ_k τ_k (1 − basis_k/p_i) x_k over lot sales x_k; τ_k short-term rate under 365 days held, else long-term; losses count negative.',
  params: z.strictObject({ shortTermRate: rate.default(0.37), longTermRate: rate.default(0.2), weight: z.number().min(0).default(1) }),
  provides: [],
  requires: ['lot-sales'],
  features: [],
  check(_params, context) {
    return [...accountIssues(context), ...lotIssues(context, { costBasis: true, acquired: true })];
  },
  apply(builder, { shortTermRate, longTermRate, weight }, context) {
    const issues = lotIssues(context, { costBasis: true, acquired: true });
    if (issues.length > 0) throw new ComponentError('obj.tax-cost', issues.join('; '));
    const { placed } = accountData('obj.tax-cost', context);
    const { prices, asOf } = context.problem;
    const x = requiredSet(builder, 'obj.tax-cost', 'lot-sales');
    saleLots(placed, prices).forEach(({ lot, price }, k) => {
      const tau = holdingPeriod(lot.acquired!, asOf) === 'short' ? shortTermRate : longTermRate;
      builder.addCost(x.start + k, weight * tau * gainFraction(lot.costBasis!, price));
    });
  },
});
