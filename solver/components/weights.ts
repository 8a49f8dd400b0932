import { z } from 'zod';
import { defineComponent } from './component.ts';

/**
 * var.weights: the portfolio itself.
 *   w_i ∈ [0, 1] for every name i (set `weights`, aligned with problem.tickers),
 *   c    free      the cash weight (set `cash`, one column).
 * Cash has no meaning until a budget says what it may be, so its bounds are con.budget's.
 */
export const weights = defineComponent({
  id: 'var.weights',
  kind: 'variables',
  title: 'Portfolio weights',
  doc: 'w_i ∈ [0, 1]: the fraction of the account held in name i (set weights). c: the cash weight (set cash), bounded by con.budget.',
  params: z.strictObject({}),
  provides: ['weights', 'cash'],
  requires: [],
  features: [],
  apply(builder, _params, { problem }) {
    builder.addVariableSet('weights', problem.tickers, { lower: 0, upper: 1 });
    builder.addVariableSet('cash', ['CASH'], { lower: -Infinity, upper: Infinity });
  },
});
