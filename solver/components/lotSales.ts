import { z } from 'zod';
import type { ModelBuilder } from '../model/builder.ts';
import type { OutsideLot, PlacedLot } from '../tracking/accountHoldings.ts';
import { accountData, accountIssues } from './accountData.ts';
import { defineComponent, requiredSet } from './component.ts';

/** Label of a lot in column names and messages: the ticker and the lot's 1-based position in the holdings. */
export function lotLabel(lot: PlacedLot | OutsideLot): string {
  return `${lot.ticker}#${lot.lot + 1}`;
}

/** A lot's share count below this fraction of a share is whole (rounding of the holdings file). */
const WHOLE = 1e-9;

/**
 * var.lot-sales: which tax lots a sale comes from, so taxes can be charged lot by lot.
 *   x_k ∈ [0, S_k p_i / V]    for lot k of name i with S_k shares (set `lot-sales`, in holdings order)
 *   Σ_{k ∈ lots(i)} x_k − s_i = 0
 * A lot is never sold beyond its size, and a name's sale s_i is exactly the sum of its lot sales.
 *
 * Names outside the universe (priced by the holdings at q_k, not by the market): the model has no
 * returns for them, so what keeping one does to the tracking is unknown; any number given to it
 * (zero return, say) would make the reported tracking error wrong for the account as it stands.
 * They are sold whole instead, a fixed cash inflow:
 *   x_k = S_k q_k / V          for lot k outside the universe (after the universe's lots in `lot-sales`)
 * V counts them (resolveAccountValue) and no h_i does, so con.budget's cash already holds their
 * proceeds: c = 1 − Σ_i h_i − Σ_i b_i + Σ_i s_i = (cash + Σ_k S_k q_k)/V + sales − purchases. They
 * are never bought (no weight column), their x_k count in obj.tax-cost and con.tax-budget like any
 * lot sale, and they pay no transaction cost and count in no turnover (the same in every solution).
 * To keep a legacy name, add its prices to the universe.
 *
 * With var.whole-shares in the model a lot sells whole shares, or its fraction of a share with them:
 *   ν_k ∈ ℤ, 0 ≤ ν_k ≤ ⌊S_k⌋  (set `lot-shares`),   φ_k ∈ {0, 1} only when r_k = S_k − ⌊S_k⌋ > 0,
 *   x_k − (p_i / V)(ν_k + r_k φ_k) = 0                (row `lotShares[TICKER#k]`)
 * so s_i is whole shares too (plus the fractions of lots sold with them). The `lotShares` annotation
 * names each ν_k's name and φ_k column for the trading heuristic.
 */
export const lotSales = defineComponent({
  id: 'var.lot-sales',
  kind: 'variables',
  title: 'Sales per tax lot',
  doc:
    'x_k ∈ [0, S_k p_i / V] sold from lot k of name i (set lot-sales), Σ_{k∈i} x_k = s_i; under whole shares x_k = (p_i/V)(ν_k + r_k φ_k) ' +
    'with ν_k ∈ ℤ ≤ ⌊S_k⌋ and φ_k ∈ {0,1} selling the fraction r_k; lots of names outside the universe are sold whole at their given price.',
  params: z.strictObject({}),
  provides: ['lot-sales'],
  requires: ['sells'],
  features: [],
  // reads whether the model holds whole shares
  after: ['var.whole-shares'],
  check(_params, context) {
    return accountIssues(context);
  },
  apply(builder, _params, context) {
    const { placed, value: V } = accountData('var.lot-sales', context);
    const { tickers, prices } = context.problem;
    const s = requiredSet(builder, 'var.lot-sales', 'sells');
    const lots = placed.lots;
    const outside = placed.outside;
    const x0 = builder.addVariableSet('lot-sales', [...lots.map(lotLabel), ...outside.map(lotLabel)], (k) => {
      if (k < lots.length) return { lower: 0, upper: (lots[k]!.shares * prices[lots[k]!.name]!) / V };
      const sold = (outside[k - lots.length]!.shares * outside[k - lots.length]!.price) / V;
      return { lower: sold, upper: sold };
    });
    const byName = tickers.map((): number[] => []);
    lots.forEach((lot, k) => byName[lot.name]!.push(x0 + k));
    for (let i = 0; i < tickers.length; i++) {
      const cols = byName[i]!;
      if (cols.length === 0) continue;
      builder.addRow(`lotSales[${tickers[i]}]`, [...cols, s.start + i], [...cols.map(() => 1), -1], 0, 0);
    }
    if (builder.variableSet('shares')) wholeShareLotSales(builder, lots, prices, V, x0);
  },
});

/** ν_k and φ_k of every lot in the universe, tied to its sale x_k (x0 + k). */
function wholeShareLotSales(builder: ModelBuilder, lots: PlacedLot[], prices: ArrayLike<number>, V: number, x0: number): void {
  const whole = lots.map((lot) => Math.floor(lot.shares + WHOLE));
  const fraction = lots.map((lot, k) => Math.max(0, lot.shares - whole[k]!));
  const sigma0 = builder.addVariableSet('lot-shares', lots.map(lotLabel), (k) => ({ lower: 0, upper: whole[k]!, type: 'integer' }));
  const fractionColumns = lots.map((lot, k) =>
    fraction[k]! > WHOLE ? builder.addColumn(`lotFraction[${lotLabel(lot)}]`, { lower: 0, upper: 1, type: 'integer' }) : -1,
  );
  lots.forEach((lot, k) => {
    const unit = prices[lot.name]! / V;
    const phi = fractionColumns[k]!;
    const indices = phi >= 0 ? [x0 + k, sigma0 + k, phi] : [x0 + k, sigma0 + k];
    const values = phi >= 0 ? [1, -unit, -unit * fraction[k]!] : [1, -unit];
    builder.addRow(`lotShares[${lotLabel(lot)}]`, indices, values, 0, 0);
  });
  builder.annotate('lotShares', { names: lots.map((lot) => lot.name), fractions: fraction, fractionColumns });
}
