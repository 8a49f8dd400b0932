import { z } from 'zod';
import { accountData, accountIssues } from './accountData.ts';
import { defineComponent, requiredSet } from './component.ts';

/**
 * var.trades: buys and sells against the account's current holdings, as fractions of V.
 *   h_i = H_i p_i / V                 (H_i shares held, p_i the as-of close)
 *   b_i ∈ [0, u_i]                    (set `buys`; u_i the upper bound of w_i, so an excluded name is never bought)
 *   s_i ∈ [0, h_i]                    (set `sells`; no short sales)
 *   w_i − b_i + s_i = h_i
 * With con.budget's Σ_i w_i + c = 1 the cash weight is c = 1 − Σ_i h_i − Σ_i b_i + Σ_i s_i: the
 * opening cash, plus any deposit (V above the holdings' value) or minus any withdrawal (V below it),
 * plus sales minus purchases. Transaction costs are charged in the objective, not to cash.
 */
export const trades = defineComponent({
  id: 'var.trades',
  kind: 'variables',
  title: 'Buy and sell trades',
  doc: 'b_i ≥ 0 bought, s_i ∈ [0, h_i] sold (sets buys, sells), w_i = h_i + b_i − s_i with h_i = H_i p_i / V the current holding.',
  params: z.strictObject({}),
  provides: ['buys', 'sells'],
  requires: ['weights'],
  features: [],
  after: ['con.max-weight', 'con.exclusions'],
  check(_params, context) {
    return accountIssues(context);
  },
  apply(builder, _params, context) {
    const { placed, value: V } = accountData('var.trades', context);
    const { tickers, prices } = context.problem;
    const w = requiredSet(builder, 'var.trades', 'weights');
    const held = Array.from(placed.shares, (H, i) => (H * prices[i]!) / V);
    const b0 = builder.addVariableSet('buys', tickers, (i) => ({ lower: 0, upper: Math.max(0, builder.columnBounds(w.start + i).upper) }));
    const s0 = builder.addVariableSet('sells', tickers, (i) => ({ lower: 0, upper: held[i]! }));
    for (let i = 0; i < tickers.length; i++) {
      builder.addRow(`trade[${tickers[i]}]`, [w.start + i, b0 + i, s0 + i], [1, -1, 1], held[i]!, held[i]!);
    }
    builder.annotate('holdings', { shares: Array.from(placed.shares), weights: held });
  },
});
