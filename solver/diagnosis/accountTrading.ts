import type { ModelContext } from '../components/component.ts';
import { lotLabel } from '../components/lotSales.ts';
import { variableSet, type ModelIR } from '../model/ir.ts';
import { holdingsValue, placeHoldings, resolveAccountValue, type PlacedLot } from '../tracking/accountHoldings.ts';
import { dollars } from './conflictWording.ts';

/**
 * What a conflict's model asks the account to trade, read from the model's final bounds and rows
 * (fractions of V) and from the context (dollars). With h_i the holding (var.trades), u_i and l_i
 * the final bounds of w_i, and c₀ = 1 − Σ_i h_i the opening cash weight (negative when a
 * withdrawal takes more than the cash), con.budget's row Σ_i w_i + c = 1 with w_i = h_i + b_i − s_i
 * gives c = c₀ + Σ_i s_i − Σ_i b_i, so the cash bounds [c_lo, c_hi] bound the net sales:
 *   c_lo − c₀ ≤ Σ_i s_i − Σ_i b_i ≤ c_hi − c₀,
 * and the weight bounds force trades name by name: s_i ≥ h_i − u_i, b_i ≥ l_i − h_i.
 */
export interface AccountTrading {
  /** V in dollars */
  value: number;
  /** the account's cash before trading, in dollars */
  cash: number;
  /** W = holdings value − V when V is below it, else 0 */
  withdrawal: number;
  /** V − holdings value when V is above it, else 0 */
  deposit: number;
  tickers: readonly string[];
  held: number[];
  weightLower: number[];
  weightUpper: number[];
  sellUpper: number[];
  buyUpper: number[];
  /** c₀ and the final bounds of c, when con.budget's row is in the model */
  cashWeight?: { opening: number; floor: number; cap: number };
  /** the lot-sales columns (var.lot-sales), in holdings order */
  lots: SaleLot[];
}

export interface SaleLot {
  /** `AAA#2`: the ticker and the lot's row in the holdings */
  label: string;
  /** index of the name in the universe */
  name: number;
  column: number;
  /** final upper bound of x_k: 0 when a rule keeps the lot from being sold */
  upper: number;
  placed: PlacedLot;
}

/** The account's trading in the model, or undefined when the model does not trade an account (no var.trades). */
export function accountTrading(ir: ModelIR, context: ModelContext | undefined): AccountTrading | undefined {
  const holdings = ir.annotations.holdings;
  const w = variableSet(ir, 'weights');
  const b = variableSet(ir, 'buys');
  const s = variableSet(ir, 'sells');
  if (!context?.holdings || !holdings || !w || !b || !s) return undefined;
  const value = resolveAccountValue(context.holdings, context.problem, { accountValue: context.accountValue });
  if (!(value !== undefined && value > 0)) return undefined;
  const worth = holdingsValue(context.holdings, context.problem);
  const column = (start: number, count: number, of: number[]): number[] => of.slice(start, start + count);
  const cash = variableSet(ir, 'cash');
  const opening = 1 - holdings.weights.reduce((a, h) => a + h, 0);
  const x = variableSet(ir, 'lot-sales');
  const placed = x ? placeHoldings(context.holdings, context.problem).lots : [];
  return {
    value,
    cash: context.holdings.cash,
    withdrawal: Math.max(0, worth - value),
    deposit: Math.max(0, value - worth),
    tickers: context.problem.tickers,
    held: holdings.weights,
    weightLower: column(w.start, w.count, ir.cols.lower),
    weightUpper: column(w.start, w.count, ir.cols.upper),
    sellUpper: column(s.start, s.count, ir.cols.upper),
    buyUpper: column(b.start, b.count, ir.cols.upper),
    cashWeight: cash && ir.rows.names.includes('budget') ? { opening, floor: ir.cols.lower[cash.start]!, cap: ir.cols.upper[cash.start]! } : undefined,
    lots: placed.map((lot, k) => ({ label: lotLabel(lot), name: lot.name, column: x!.start + k, upper: ir.cols.upper[x!.start + k]!, placed: lot })),
  };
}

/** s_i ≥ f_i = max(0, h_i − u_i): what must be sold of each name because its weight may not stay. */
export function forcedSales(t: AccountTrading): number[] {
  return t.held.map((h, i) => Math.max(0, h - t.weightUpper[i]!));
}

/** [c_lo − c₀, c_hi − c₀]: the net sales Σ s − Σ b the cash bounds allow; unbounded without con.budget's row. */
export function netSales(t: AccountTrading): { min: number; max: number } {
  const c = t.cashWeight;
  return c ? { min: c.floor - c.opening, max: c.cap - c.opening } : { min: -Infinity, max: Infinity };
}

/** Σ_i min(ub s_i, Σ_{k∈i} ub x_k): the most the account can sell, lot bounds included. */
export function sellable(t: AccountTrading): number {
  const byLots = t.held.map(() => 0);
  for (const lot of t.lots) byLots[lot.name]! += Math.max(0, lot.upper);
  return t.sellUpper.reduce((a, u, i) => a + Math.max(0, Math.min(u, t.lots.length > 0 ? byLots[i]! : u)), 0);
}

export interface LeastTrading {
  /** S and B: the least total sales and buys */
  sells: number;
  buys: number;
  /** Σ f_i and Σ max(0, l_i − h_i): sales and buys the weight bounds force */
  forcedSells: number;
  forcedBuys: number;
}

/**
 * The least trading the model allows: min S + B over S ≥ Σ_i f_i, B ≥ Σ_i max(0, l_i − h_i),
 * c_lo − c₀ ≤ S − B ≤ c_hi − c₀. Starting from the forced trades, at most one side grows: sales
 * to raise the cash the floor needs, or buys to invest what the cash cap does not let stay.
 */
export function leastTrading(t: AccountTrading): LeastTrading {
  const forcedSells = forcedSales(t).reduce((a, f) => a + f, 0);
  const forcedBuys = t.held.reduce((a, h, i) => a + Math.max(0, t.weightLower[i]! - h), 0);
  const net = netSales(t);
  let sells = forcedSells;
  let buys = forcedBuys;
  if (sells - buys < net.min) sells = buys + net.min;
  else if (sells - buys > net.max) buys = sells - net.max;
  return { sells, buys, forcedSells, forcedBuys };
}

/**
 * The cash the floor needs raised, c_lo − c₀, in dollars and in its parts:
 *   (c_lo − c₀) V = W + c_lo V − (c₀ V + W),
 * with c₀ V + W the cash on hand (the account's cash, any deposit, and the proceeds of lots the
 * model sells whole whatever it does), e.g. "the $40,000 withdrawal plus the $15,000 cash buffer,
 * less $2,500 cash on hand".
 */
export function cashToRaise(t: AccountTrading, floorName: string): { dollars: number; words: string } {
  const c = t.cashWeight;
  const floor = (c?.floor ?? 0) * t.value;
  const parts: string[] = [];
  if (t.withdrawal > 0) parts.push(`the ${dollars(t.withdrawal)} withdrawal`);
  if (floor > 0) parts.push(`the ${dollars(floor)} ${floorName}`);
  const onHand = (c?.opening ?? 0) * t.value + t.withdrawal;
  const what = Math.abs(onHand - t.cash - t.deposit) < 0.5 ? 'cash on hand' : 'cash on hand and proceeds of lots sold whole';
  const words = parts.join(' plus ') + (onHand > 0.5 && parts.length > 0 ? `, less ${dollars(onHand)} ${what}` : '');
  return { dollars: netSales(t).min * t.value, words };
}
