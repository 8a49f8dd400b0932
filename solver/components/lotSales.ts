import { z } from 'zod';
import type { PlacedLot } from '../portfolio/accountHoldings.ts';
import { accountData, accountIssues } from './accountData.ts';
import { defineComponent, requiredSet } from './component.ts';

/** Label of a lot in column names and messages: the ticker and the lot's 1-based position in the holdings. */
export function lotLabel(lot: PlacedLot): string {
  return `${lot.ticker}#${lot.lot + 1}`;
}

/**
 * var.lot-sales: which tax lots a sale comes from, so taxes can be charged lot by lot.
 *   x_k ∈ [0, S_k p_i / V]    for lot k of name i with S_k shares (set `lot-sales`, in holdings order)
 *   Σ_{k ∈ lots(i)} x_k − s_i = 0
 * A lot is never sold beyond its size, and a name's sale s_i is exactly the sum of its lot sales.
 * Lots may be sold in part, in fractions of a share (var.whole-shares makes the name's total whole).
 */
export const lotSales = defineComponent({
  id: 'var.lot-sales',
  kind: 'variables',
  title: 'Sales per tax lot',
  doc: 'x_k ∈ [0, S_k p_i / V] sold from lot k of name i (set lot-sales), Σ_{k∈i} x_k = s_i.',
  params: z.strictObject({}),
  provides: ['lot-sales'],
  requires: ['sells'],
  features: [],
  check(_params, context) {
    return accountIssues(context);
  },
  apply(builder, _params, context) {
    const { placed, value: V } = accountData('var.lot-sales', context);
    const { tickers, prices } = context.problem;
    const s = requiredSet(builder, 'var.lot-sales', 'sells');
    const lots = placed.lots;
    const x0 = builder.addVariableSet(
      'lot-sales',
      lots.map(lotLabel),
      (k) => ({ lower: 0, upper: (lots[k]!.shares * prices[lots[k]!.name]!) / V }),
    );
    const byName = tickers.map((): number[] => []);
    lots.forEach((lot, k) => byName[lot.name]!.push(x0 + k));
    for (let i = 0; i < tickers.length; i++) {
      const cols = byName[i]!;
      if (cols.length === 0) continue;
      builder.addRow(`lotSales[${tickers[i]}]`, [...cols, s.start + i], [...cols.map(() => 1), -1], 0, 0);
    }
  },
});
