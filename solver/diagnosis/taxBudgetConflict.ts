import { accountTrading, forcedSales, leastTrading, sellable } from './accountTrading.ts';
import type { ConflictFinding, ConflictView } from './conflict.ts';
import { andList, describe, describeAll, dollars, present } from './conflictWording.ts';
import { leastRealizedGain, type GainLot } from './leastRealizedGain.ts';
import { WEIGHT_CAPS, tradeReasons } from './tradeReasons.ts';
import { washSaleNote } from './washSaleBlocks.ts';

/**
 * con.tax-budget against what must be sold. With g_k = 1 − basis_k/p_i the tax row's coefficients,
 * ub_k the lots' final bounds (0 for a lot con.wash-sale keeps), f_i the sales the weight bounds force
 * and S the least total sales (leastTrading: forced sales, or the cash the floor needs):
 *   min { Σ_k g_k x_k : Σ_{k∈i} x_k ≥ f_i,  Σ_k x_k ≥ S,  0 ≤ x_k ≤ ub_k }  +  G_fixed  >  X / V,
 * the cheapest way, in net realized gain, to sell what must be sold is above the budget X. G_fixed is
 * the least the row's other columns add (lots sold whole at a fixed size: g_k times their bound).
 */
export function taxBudgetAgainstSales(view: ConflictView): ConflictFinding | undefined {
  const tax = view.byId.get('con.tax-budget');
  const { ir, context } = view.facts;
  const row = ir.rows.names.indexOf('taxBudget');
  const t = accountTrading(ir, context);
  if (!tax || view.named.has('con.tax-budget') || row < 0 || !t || t.lots.length === 0) return undefined;
  const gainOf = new Map<number, number>();
  for (let k = ir.matrix.starts[row]!; k < ir.matrix.starts[row + 1]!; k++) gainOf.set(ir.matrix.index[k]!, ir.matrix.value[k]!);
  const lots: GainLot[] = t.lots.map((l) => ({ name: l.name, gain: gainOf.get(l.column) ?? 0, upper: l.upper }));
  // other columns of the row (lots the model sells whole at a fixed size): their least contribution
  for (const l of t.lots) gainOf.delete(l.column);
  let fixed = 0;
  for (const [j, g] of gainOf) fixed += g * (g > 0 ? ir.cols.lower[j]! : ir.cols.upper[j]!);
  if (!Number.isFinite(fixed)) return undefined;
  const least = leastTrading(t);
  // a need beyond what the lots can sell is a cash conflict, not a tax one
  if (least.sells > sellable(t) + 1e-9) return undefined;
  const best = leastRealizedGain(lots, forcedSales(t), least.sells);
  const budget = ir.rows.upper[row]!;
  if (!best || !(best.gain + fixed > budget + 1e-9)) return undefined;
  const others = present(view.byId, ['con.cash-buffer', 'con.budget', ...WEIGHT_CAPS, 'con.wash-sale']);
  const reasons = tradeReasons(view, t, least).filter((r) => r.side === 'sell').map((r) => r.words);
  if (reasons.length === 0) return undefined;
  return {
    sentence:
      `${describe(tax)}${others.length > 0 ? ` with ${describeAll(others)}` : ''}: ${andList(reasons)} realizes a net gain of at least ` +
      `${dollars((best.gain + fixed) * t.value)} whichever lots are sold, above the ${dollars(budget * t.value)} budget${washSaleNote(view, t)}`,
    names: [tax.id, ...others.map((c) => c.id)],
  };
}
