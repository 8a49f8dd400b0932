import { accountTrading, forcedSales, type AccountTrading } from './accountTrading.ts';
import type { ConflictFinding, ConflictView } from './conflict.ts';
import { describe, describeAll, dollars, present } from './conflictWording.ts';
import { WEIGHT_CAPS } from './tradeReasons.ts';

/**
 * Loss lots con.wash-sale keeps from being sold: rule (2) fixes x_k = 0 for a loss lot of a name
 * with another lot bought within 30 days. They are the sales that would have raised cash, or
 * offset gains, without breaking the rule; their value is S_k p_i and their loss S_k (basis_k − p_i).
 */
export function lotsKeptBack(view: ConflictView, t: AccountTrading): { label: string; value: number; loss: number }[] {
  const prices = view.facts.context?.problem.prices;
  if (!view.byId.has('con.wash-sale') || !prices) return [];
  return t.lots
    .filter((lot) => lot.upper <= 0 && lot.placed.costBasis !== undefined && lot.placed.costBasis > prices[lot.name]!)
    .map((lot) => ({
      label: lot.label,
      value: lot.placed.shares * prices[lot.name]!,
      loss: lot.placed.shares * (lot.placed.costBasis! - prices[lot.name]!),
    }));
}

/** `; con.wash-sale keeps ECHO#7 ($7,503, a $1,497 loss) from being sold`, or '' when it keeps none. */
export function washSaleNote(view: ConflictView, t: AccountTrading): string {
  const kept = lotsKeptBack(view, t);
  if (kept.length === 0) return '';
  const list = kept.slice(0, 5).map((l) => `${l.label} (${dollars(l.value)}, a ${dollars(l.loss)} loss)`);
  const more = kept.length > 5 ? ` and ${kept.length - 5} more lots` : '';
  return `; con.wash-sale keeps ${list.join(', ')}${more} from being sold (another lot of the name was bought within 30 days)`;
}

/**
 * A holding that must be sold (s_i ≥ f_i = h_i − u_i, e.g. an excluded name) whose lots con.wash-sale
 * keeps back:  f_i > Σ_{k∈i} ub x_k.
 */
export function washSaleKeepsForcedSale(view: ConflictView): ConflictFinding | undefined {
  const wash = view.byId.get('con.wash-sale');
  const t = accountTrading(view.facts.ir, view.facts.context);
  if (!wash || view.named.has('con.wash-sale') || !t || t.lots.length === 0) return undefined;
  const lotsCap = t.held.map(() => 0);
  for (const lot of t.lots) lotsCap[lot.name]! += Math.max(0, lot.upper);
  const forced = forcedSales(t);
  const stuck = forced.map((f, i) => ({ i, f, cap: lotsCap[i]! })).filter((x) => x.f > x.cap + 1e-9);
  if (stuck.length === 0) return undefined;
  const caps = present(view.byId, WEIGHT_CAPS);
  const V = t.value;
  const first = stuck[0]!;
  const ticker = t.tickers[first.i]!;
  const why = t.weightUpper[first.i]! <= 0 ? `${ticker} may not be held, so all ${dollars(t.held[first.i]! * V)} of it must be sold` : `${dollars(first.f * V)} of ${ticker} must be sold`;
  const more = stuck.length > 1 ? ` (and ${stuck.length - 1} more name${stuck.length > 2 ? 's' : ''})` : '';
  return {
    sentence: `${describe(wash)}${caps.length > 0 ? ` with ${describeAll(caps)}` : ''}: ${why}, but only ${dollars(first.cap * V)} of its lots may be sold${more}${washSaleNote(view, t)}`,
    names: [wash.id, ...caps.map((c) => c.id)],
  };
}
