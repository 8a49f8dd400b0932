import { z } from 'zod';
import type { ModelContext } from './component.ts';
import { ComponentError, defineComponent, requiredSet } from './component.ts';

/** The context's account value V, or the reason it cannot be used. */
function accountValueProblem(context: ModelContext): string | undefined {
  const v = context.accountValue;
  if (v === undefined) return 'needs an account value (e.g. --account-value 250000) to count whole shares';
  if (!(Number.isFinite(v) && v > 0)) return `account value must be a positive number of dollars, got ${v}`;
  return undefined;
}

function badPrices(context: ModelContext): string[] {
  const { tickers, prices } = context.problem;
  const bad: string[] = [];
  for (let i = 0; i < tickers.length; i++) {
    const p = prices[i]!;
    if (!(Number.isFinite(p) && p > 0)) bad.push(`${tickers[i]} (${p})`);
  }
  return bad;
}

/**
 * var.whole-shares: the account holds whole shares bought at the as-of raw close p_i.
 *   n_i ∈ ℤ, 0 ≤ n_i ≤ floor(u_i V / p_i)   (set `shares`; u_i the upper bound of w_i, 1 at most),
 *   w_i − (p_i / V) n_i = 0.
 * Cash c = 1 − Σ w_i absorbs the remainder, so con.budget must allow cash (applyOverrides does).
 * Leaves the `wholeShares` annotation { unitWeight_i = p_i / V, accountValue: V }.
 */
export const wholeShares = defineComponent({
  id: 'var.whole-shares',
  kind: 'variables',
  title: 'Whole shares',
  doc: 'n_i ∈ ℤ≥0 shares at the as-of close p_i (set shares), w_i = (p_i/V) n_i for account value V, n_i ≤ floor(u_i V/p_i).',
  params: z.strictObject({}),
  provides: ['shares'],
  requires: ['weights'],
  features: ['integer'],
  after: ['con.max-weight', 'con.exclusions'],
  check(_params, context) {
    const issues: string[] = [];
    const value = accountValueProblem(context);
    if (value) issues.push(value);
    const bad = badPrices(context);
    if (bad.length > 0) issues.push(`needs a positive as-of price for every name; not for ${bad.slice(0, 10).join(', ')}${bad.length > 10 ? ` and ${bad.length - 10} more` : ''}`);
    return issues;
  },
  apply(builder, _params, context) {
    const value = accountValueProblem(context);
    if (value) throw new ComponentError('var.whole-shares', value);
    const bad = badPrices(context);
    if (bad.length > 0) throw new ComponentError('var.whole-shares', `no positive as-of price for ${bad.join(', ')}`);
    const V = context.accountValue!;
    const { tickers, prices } = context.problem;
    const w = requiredSet(builder, 'var.whole-shares', 'weights');
    const unitWeight = Array.from(prices, (p) => p / V);
    const n0 = builder.addVariableSet('shares', tickers, (i) => {
      const u = Math.min(1, builder.columnBounds(w.start + i).upper);
      // the 1e-9 keeps a cap like u·V/p = 3 − 4e-16 at 3 shares
      return { lower: 0, upper: Math.max(0, Math.floor((u * V) / prices[i]! + 1e-9)), type: 'integer' };
    });
    const indices = [0, 0];
    const values = [1, 0];
    for (let i = 0; i < tickers.length; i++) {
      indices[0] = w.start + i;
      indices[1] = n0 + i;
      values[1] = -unitWeight[i]!;
      builder.addRow(`wholeShares[${tickers[i]}]`, indices, values, 0, 0);
    }
    builder.annotate('wholeShares', { unitWeight, accountValue: V });
  },
});
