import { variableSet } from '../model/ir.ts';
import { holdingsValue, resolveAccountValue } from '../tracking/accountHoldings.ts';
import { accountTrading, cashToRaise, netSales, sellable } from './accountTrading.ts';
import type { ConflictFinding, ConflictView } from './conflict.ts';
import { describe, describeAll, dollars, percent, present } from './conflictWording.ts';
import { floorName } from './tradeReasons.ts';
import { lotsKeptBack, washSaleNote } from './washSaleBlocks.ts';

/**
 * A cash buffer above the cash con.budget allows:  c_lo > c_hi, with c_lo = max(cashMin, minCash,
 * minDollars / V) and c_hi = cashMax the final bounds of the cash weight.
 */
export function bufferAboveCashCap(view: ConflictView): ConflictFinding | undefined {
  const buffer = view.byId.get('con.cash-buffer');
  const budget = view.byId.get('con.budget');
  const { ir, context } = view.facts;
  const cash = variableSet(ir, 'cash');
  if (!buffer || !budget || !cash || view.named.has('con.cash-buffer')) return undefined;
  const floor = ir.cols.lower[cash.start]!;
  const cap = ir.cols.upper[cash.start]!;
  if (!(floor > cap + 1e-12)) return undefined;
  const V = context ? resolveAccountValue(context.holdings, context.problem, { accountValue: context.accountValue }) : undefined;
  const money = V !== undefined && V > 0 ? ` (${dollars(floor * V)} of ${dollars(V)})` : '';
  return {
    sentence: `${describe(buffer)} with ${describe(budget)}: the buffer keeps at least ${percent(floor)}${money} in cash, above the ${percent(cap)} con.budget allows`,
    names: [buffer.id, budget.id],
  };
}

/**
 * More cash to raise than the holdings can be sold for:  c_lo − c₀ > Σ_i min(h_i, Σ_{k∈i} ub x_k).
 * With every lot sellable this is c_lo V + W > cash + Σ_i H_i p_i + deposit: the cash floor plus the
 * withdrawal exceed what the account holds. Lots con.wash-sale keeps from being sold make it
 * reachable sooner; they are named.
 */
export function cashNeedAboveSales(view: ConflictView): ConflictFinding | undefined {
  const budget = view.byId.get('con.budget');
  const { ir, context } = view.facts;
  const t = accountTrading(ir, context);
  if (!budget || view.named.has('con.budget') || !t || !context?.holdings) return undefined;
  const need = netSales(t).min;
  const canSell = sellable(t);
  if (!(need > canSell + 1e-9)) return undefined;
  const others = present(view.byId, ['con.cash-buffer', 'con.wash-sale', 'con.budget']);
  const lead = others.length > 1 ? `${describe(others[0]!)} with ${describeAll(others.slice(1))}` : describe(budget);
  const kept = lotsKeptBack(view, t);
  const names = others.map((c) => c.id);
  const everything = t.held.reduce((a, h) => a + h, 0);
  if (kept.length === 0 && canSell >= everything - 1e-9) {
    const floor = (t.cashWeight?.floor ?? 0) * t.value;
    const holds = holdingsValue(context.holdings, context.problem) + t.deposit;
    const parts = [floor > 0 ? `the ${dollars(floor)} ${floorName(view)}` : '', t.withdrawal > 0 ? `the ${dollars(t.withdrawal)} withdrawal` : ''].filter(Boolean);
    return {
      sentence: `${lead}: ${parts.join(' plus ')} come${parts.length > 1 ? '' : 's'} to ${dollars(floor + t.withdrawal)}, more than the ${dollars(holds)} the account holds`,
      names,
    };
  }
  const cash = cashToRaise(t, floorName(view));
  return {
    sentence:
      `${lead}: raising ${dollars(cash.dollars)}${cash.words ? ` (${cash.words})` : ''} needs more than the ` +
      `${dollars(canSell * t.value)} the holdings can be sold for${washSaleNote(view, t)}`,
    names,
  };
}
