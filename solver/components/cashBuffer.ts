import { z } from 'zod';
import { resolveAccountValue } from '../tracking/accountHoldings.ts';
import type { ModelContext } from './component.ts';
import { ComponentError, defineComponent, requiredSet } from './component.ts';

function accountValue(context: ModelContext): number | undefined {
  return resolveAccountValue(context.holdings, context.problem, { accountValue: context.accountValue });
}

/**
 * con.cash-buffer: keep some cash, for fees and withdrawals.
 *   c ≥ X,   X = max(minCash, minDollars / V)
 * as a bound on var.weights' cash column (con.budget's cashMax still caps it: a cap below X is infeasible).
 */
export const cashBuffer = defineComponent({
  id: 'con.cash-buffer',
  kind: 'constraint',
  title: 'Cash buffer',
  doc: 'c ≥ max(minCash, minDollars/V): a floor on the cash weight.',
  params: z.strictObject({ minCash: z.number().min(0).max(1).default(0), minDollars: z.number().min(0).default(0) }),
  provides: [],
  requires: ['cash'],
  features: [],
  check({ minDollars }, context) {
    if (minDollars === 0) return [];
    const V = accountValue(context);
    return V !== undefined && V > 0 ? [] : ['minDollars needs an account value or holdings to be a fraction of'];
  },
  apply(builder, { minCash, minDollars }, context) {
    const V = accountValue(context);
    if (minDollars > 0 && !(V !== undefined && V > 0)) throw new ComponentError('con.cash-buffer', 'minDollars needs an account value');
    const cash = requiredSet(builder, 'con.cash-buffer', 'cash');
    builder.tightenBounds(cash.start, Math.max(minCash, minDollars > 0 ? minDollars / V! : 0), Infinity);
  },
});
