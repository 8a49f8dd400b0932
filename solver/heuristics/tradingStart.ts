import type { Highs } from 'highs';
import { variableSet, type ModelIR, type VariableSet } from '../model/ir.ts';
import { completeOnRelaxation, type Completion } from './lpCompletion.ts';
import { LpRelaxation } from './lpRelaxation.ts';
import { nameColumns, type NameColumns } from './nameColumns.ts';
import type { PrimalStartOutcome } from './primalStartOutcome.ts';
import { roundToWholeShares } from './wholeSharesRounding.ts';

/**
 * A MIP start for a model that trades an account with holdings (var.trades left the `holdings`
 * annotation H_i, h_i = H_i p_i / V). Every integer column the components created gets a value, and
 * an LP over the continuous columns completes the point (completeOnRelaxation):
 *
 *   status quo    n_i = H_i, β_i = σ_i = 0, m_i = H_i / L, z_i = [H_i > 0], wash-sale y_i = 0, lot sales ν_k = φ_k = 0.
 *                 With w_i = h_i and no trade, every trading constraint holds at 0 (turnover 0 ≤ T,
 *                 no trade to be below the minimum, no gain realized, nothing bought or sold at a
 *                 loss), so this point is feasible whenever the rest of the model (cash bounds, name
 *                 limits, exclusions of held names) allows doing nothing.
 *   rounded       from the LP relaxation's weights t_i, shares n_i by two roundings: the budget-aware
 *                 one of var.whole-shares (roundToWholeShares) and one toward the holdings
 *                 (floor for a purchase, ceil for a sale, so that no trade and hence no turnover or
 *                 realized gain exceeds the relaxation's). A trade below the minimum trade X (a sale
 *                 of less than min(X, h_i)) is dropped: n_i = H_i. Purchases the cash cannot pay for
 *                 (Σ_i u_i n_i above 1 − cashMin) are cut one unit at a time, largest first. Then
 *                 β_i = [n_i > H_i], σ_i = [n_i < H_i], y_i = β_i.
 *                 A sale of D_i = H_i − n_i shares comes out of the name's lots (var.lot-sales under whole
 *                 shares): cheapest first by the objective's cost per unit of lot sale (the tax), whole
 *                 shares ν_k up to ⌊S_k⌋, the fraction r_k (φ_k = 1) when D_i's fraction is one lot's.
 *                 Without whole shares the flags come from the relaxation's trades directly: β_i = 1
 *                 where b_i ≥ X, σ_i = 1 where s_i ≥ min(X, h_i), and the completion LP sizes them.
 *
 * The best completion that is feasible wins; when none is, the reasons say why for each.
 */

const EPS = 1e-9;

/** Seconds the status quo, the LP relaxation and each rounded completion may take even when the heuristic's budget is spent. */
const STATUS_QUO_SEC = 2;

interface TradingLayout {
  cols: NameColumns;
  /** H_i shares held, h_i their weight */
  heldShares: number[];
  heldWeight: number[];
  buys: VariableSet;
  sells: VariableSet;
  buying?: VariableSet;
  selling?: VariableSet;
  lots?: VariableSet;
  lotSize: number;
  wash?: { columns: number[]; names: number[] };
  /** X, 0 without con.min-trade */
  minTrade: number;
  /** weight of one tradable unit (a share, or a round lot), when the model holds whole shares */
  unit?: number[];
  /** whole shares sold per lot (var.lot-sales under whole shares) */
  lotShares?: LotShareLayout;
}

interface LotShareLayout {
  sales: VariableSet;
  shares: VariableSet;
  /** the lots of each name, cheapest sale first */
  byName: number[][];
  fractions: number[];
  fractionColumns: number[];
}

function lotShareLayout(ir: ModelIR, names: number): LotShareLayout | { reason: string } | undefined {
  const a = ir.annotations.lotShares;
  const shares = variableSet(ir, 'lot-shares');
  if (!a && !shares) return undefined;
  const sales = variableSet(ir, 'lot-sales');
  if (!a || !shares || !sales || a.names.length !== shares.count) return { reason: "the model's 'lot-shares' set and lotShares annotation do not match" };
  const byName = Array.from({ length: names }, (): number[] => []);
  a.names.forEach((i, k) => byName[i]!.push(k));
  const cost = (k: number): number => ir.cols.cost[sales.start + k]!;
  for (const lots of byName) lots.sort((p, q) => cost(p) - cost(q) || p - q);
  return { sales, shares, byName, fractions: a.fractions, fractionColumns: a.fractionColumns };
}

function tradingLayout(ir: ModelIR): TradingLayout | { reason: string } {
  const holdings = ir.annotations.holdings;
  if (!holdings) return { reason: 'the model has no holdings annotation (var.trades)' };
  const cols = nameColumns(ir);
  if ('reason' in cols) return cols;
  const buys = variableSet(ir, 'buys');
  const sells = variableSet(ir, 'sells');
  if (!buys || !sells) return { reason: "the model has holdings but no 'buys' and 'sells' variable sets" };
  const sets: Record<string, VariableSet | undefined> = {};
  for (const name of ['buying', 'selling', 'lots']) {
    const s = variableSet(ir, name);
    if (s && s.count !== cols.count) return { reason: `the '${name}' set has ${s.count} columns but 'weights' has ${cols.count}` };
    sets[name] = s;
  }
  if (holdings.shares.length !== cols.count || holdings.weights.length !== cols.count) {
    return { reason: `the holdings annotation has ${holdings.shares.length} names for ${cols.count} weights` };
  }
  const lotSize = ir.annotations.roundLots?.lotSize ?? 1;
  if (sets.lots && !ir.annotations.roundLots) return { reason: "the model has a 'lots' set but no roundLots annotation (var.round-lots)" };
  const ws = ir.annotations.wholeShares;
  const lotShares = lotShareLayout(ir, cols.count);
  if (lotShares && 'reason' in lotShares) return lotShares;
  return {
    cols,
    heldShares: holdings.shares,
    heldWeight: holdings.weights,
    buys,
    sells,
    buying: sets.buying,
    selling: sets.selling,
    lots: sets.lots,
    lotSize,
    wash: ir.annotations.washSale,
    minTrade: ir.annotations.minTrade?.size ?? 0,
    unit: ws && cols.shares !== undefined ? ws.unitWeight.map((u) => u * lotSize) : undefined,
    lotShares,
  };
}

/** What a candidate decides per name: the shares held after trading (whole-share models) and which trades happen. */
interface Decision {
  shares?: ArrayLike<number>;
  buy: boolean[];
  sell: boolean[];
  held: boolean[];
}

/** Values for every integer column, or the first column the decision cannot set. */
function integerValues(ir: ModelIR, layout: TradingLayout, d: Decision): Float64Array | { reason: string } {
  const { cols } = layout;
  const values = new Float64Array(ir.cols.names.length);
  const set = new Set<number>();
  const put = (j: number, v: number): void => {
    values[j] = v;
    set.add(j);
  };
  for (let i = 0; i < cols.count; i++) {
    if (cols.selected !== undefined) put(cols.selected + i, d.held[i] ? 1 : 0);
    if (cols.shares !== undefined) {
      if (!d.shares) return { reason: 'no share counts were decided' };
      put(cols.shares + i, d.shares[i]!);
    }
    if (layout.lots) {
      const m = d.shares![i]! / layout.lotSize;
      if (Math.abs(m - Math.round(m)) > EPS) {
        return { reason: `${d.shares![i]} shares of ${ir.cols.names[cols.weights + i]} are not whole lots of ${layout.lotSize}` };
      }
      put(layout.lots.start + i, Math.round(m));
    }
    if (layout.buying) put(layout.buying.start + i, d.buy[i] ? 1 : 0);
    if (layout.selling) put(layout.selling.start + i, d.sell[i] ? 1 : 0);
  }
  layout.wash?.columns.forEach((j, k) => put(j, d.buy[layout.wash!.names[k]!] ? 1 : 0));
  if (layout.lotShares) {
    const why = putLotShares(ir, layout, layout.lotShares, d, put);
    if (why) return { reason: why };
  }
  for (let j = 0; j < values.length; j++) {
    if (ir.cols.types[j] === 'integer' && !set.has(j)) {
      return { reason: `integer column ${ir.cols.names[j]} belongs to no set the trading heuristic knows` };
    }
  }
  return values;
}

/** ν_k and φ_k that sell each name's D_i = H_i − n_i shares from its lots, or why they cannot. */
function putLotShares(ir: ModelIR, layout: TradingLayout, lots: LotShareLayout, d: Decision, put: (j: number, v: number) => void): string | undefined {
  for (let i = 0; i < lots.byName.length; i++) {
    const mine = lots.byName[i]!;
    for (const k of mine) {
      put(lots.shares.start + k, 0);
      if (lots.fractionColumns[k]! >= 0) put(lots.fractionColumns[k]!, 0);
    }
    if (!d.sell[i] || mine.length === 0) continue;
    if (!d.shares) return 'no share counts were decided';
    const sellable = mine.filter((k) => ir.cols.upper[lots.sales.start + k]! > EPS);
    let left = layout.heldShares[i]! - d.shares[i]!;
    const all = sellable.reduce((sum, k) => sum + ir.cols.upper[lots.shares.start + k]! + (lots.fractionColumns[k]! >= 0 ? lots.fractions[k]! : 0), 0);
    if (Math.abs(left - all) <= EPS) {
      for (const k of sellable) {
        put(lots.shares.start + k, ir.cols.upper[lots.shares.start + k]!);
        if (lots.fractionColumns[k]! >= 0) put(lots.fractionColumns[k]!, 1);
      }
      continue;
    }
    const fraction = left - Math.floor(left + EPS);
    if (fraction > EPS) {
      const k = sellable.find((j) => lots.fractionColumns[j]! >= 0 && Math.abs(lots.fractions[j]! - fraction) <= EPS);
      if (k === undefined) return `${left} shares of ${ir.cols.names[layout.cols.weights + i]} cannot be sold in whole shares and one lot's fraction`;
      put(lots.fractionColumns[k]!, 1);
      left -= lots.fractions[k]!;
    }
    for (const k of sellable) {
      if (left <= EPS) break;
      const sold = Math.min(Math.round(left), ir.cols.upper[lots.shares.start + k]!);
      put(lots.shares.start + k, sold);
      left -= sold;
    }
    if (left > EPS) return `the lots of ${ir.cols.names[layout.cols.weights + i]} that may be sold hold fewer than ${layout.heldShares[i]! - d.shares[i]!} shares`;
  }
  return undefined;
}

function statusQuo(ir: ModelIR, layout: TradingLayout): Decision | { reason: string } {
  const { heldShares: H, cols } = layout;
  const none = H.map(() => false);
  if (cols.shares !== undefined) {
    for (let i = 0; i < cols.count; i++) {
      if (Math.abs(H[i]! - Math.round(H[i]!)) > EPS) {
        return { reason: `the account holds ${H[i]} shares of ${ir.cols.names[cols.weights + i]}, not a whole number` };
      }
    }
  }
  return { shares: cols.shares !== undefined ? H.map(Math.round) : undefined, buy: none, sell: [...none], held: H.map((h) => h > EPS) };
}

/** Whether name i may be bought (or sold) at all: its trade column and flag allow it. */
function canTrade(ir: ModelIR, layout: TradingLayout, i: number, side: 'buy' | 'sell'): boolean {
  const trade = side === 'buy' ? layout.buys : layout.sells;
  const flag = side === 'buy' ? layout.buying : layout.selling;
  if (ir.cols.upper[trade.start + i]! <= EPS) return false;
  return flag === undefined || ir.cols.upper[flag.start + i]! >= 1;
}

/** Units (shares or lots) n_i after trading → the decision, dropping trades below the minimum and purchases the cash cannot pay for. */
function sharesDecision(ir: ModelIR, layout: TradingLayout, units: Float64Array): Decision {
  const { cols, heldShares: H, heldWeight: h, minTrade: X, lotSize: L } = layout;
  const u = layout.unit!;
  const held = H.map((x) => x / L);
  for (let i = 0; i < cols.count; i++) {
    const trade = (units[i]! - held[i]!) * u[i]!;
    if (trade > EPS && (!canTrade(ir, layout, i, 'buy') || trade < X - EPS)) units[i] = held[i]!;
    else if (trade < -EPS && (!canTrade(ir, layout, i, 'sell') || -trade < Math.min(X, h[i]!) - EPS)) units[i] = held[i]!;
  }
  const cashMin = cols.cash !== undefined ? Math.max(0, ir.cols.lower[cols.cash]!) : 0;
  let invested = 0;
  for (let i = 0; i < cols.count; i++) invested += units[i]! * u[i]!;
  // purchases the budget cannot pay for: cut the largest purchase by one unit, or drop it below the minimum
  while (invested > 1 - cashMin + EPS) {
    let worst = -1;
    for (let i = 0; i < cols.count; i++) {
      if (units[i]! > held[i]! && (worst < 0 || (units[i]! - held[i]!) * u[i]! > (units[worst]! - held[worst]!) * u[worst]!)) worst = i;
    }
    if (worst < 0) break;
    const before = units[worst]!;
    units[worst] = (before - 1 - held[worst]!) * u[worst]! < X - EPS ? held[worst]! : before - 1;
    invested -= (before - units[worst]!) * u[worst]!;
  }
  const shares = Array.from(units, (m) => m * L);
  return {
    shares,
    buy: shares.map((n, i) => n > H[i]! + EPS),
    sell: shares.map((n, i) => n < H[i]! - EPS),
    held: shares.map((n) => n > EPS),
  };
}

/** The rounded candidates from a point of the LP relaxation. */
function roundedDecisions(ir: ModelIR, layout: TradingLayout, x: Float64Array): { name: string; decision: Decision }[] {
  const { cols, heldWeight: h, minTrade: X, lotSize: L } = layout;
  const target = new Float64Array(cols.count);
  for (let i = 0; i < cols.count; i++) target[i] = cols.holdable[i] ? Math.max(0, x[cols.weights + i]!) : 0;
  if (!layout.unit) {
    const buy: boolean[] = [];
    const sell: boolean[] = [];
    const held: boolean[] = [];
    for (let i = 0; i < cols.count; i++) {
      buy.push(x[layout.buys.start + i]! >= X - EPS && x[layout.buys.start + i]! > EPS && canTrade(ir, layout, i, 'buy'));
      const s = x[layout.sells.start + i]!;
      sell.push(s >= Math.min(X, h[i]!) - EPS && s > EPS && canTrade(ir, layout, i, 'sell'));
      held.push(buy[i]! || (h[i]! > EPS && !(sell[i] && target[i]! <= EPS)));
    }
    return [{ name: 'flags', decision: { buy, sell, held } }];
  }
  const u = layout.unit;
  const maxUnits = new Float64Array(cols.count);
  const heldUnits = new Float64Array(cols.count);
  for (let i = 0; i < cols.count; i++) {
    maxUnits[i] = Math.floor(ir.cols.upper[cols.shares! + i]! / L + EPS);
    heldUnits[i] = layout.heldShares[i]! / L;
  }
  const cashMin = cols.cash !== undefined ? Math.max(0, ir.cols.lower[cols.cash]!) : 0;
  const budget = roundToWholeShares({
    target,
    unitWeight: u,
    maxShares: maxUnits,
    investable: 1 - cashMin,
    minWeight: ir.annotations.cardinality?.minWeight ?? 0,
  });
  const toward = new Float64Array(cols.count);
  for (let i = 0; i < cols.count; i++) {
    const exact = target[i]! / u[i]!;
    const m = exact >= heldUnits[i]! ? Math.floor(exact + EPS) : Math.ceil(exact - EPS);
    toward[i] = Math.max(0, Math.min(maxUnits[i]!, m));
  }
  return [
    { name: 'rounded', decision: sharesDecision(ir, layout, budget) },
    { name: 'rounded-toward-holdings', decision: sharesDecision(ir, layout, toward) },
  ];
}

export interface TradingCandidate {
  name: string;
  completion: Completion;
}

/**
 * The status quo and the rounded candidates, each completed; the outcome is the best feasible one
 * (`heuristic` 'status-quo', 'rounded' or 'rounded-toward-holdings', prefixed 'trades:').
 * `candidates` lists every attempt, for tests and logs.
 */
export function tradingStart(
  highs: Highs,
  ir: ModelIR,
  options: { deadlineMs: number },
): PrimalStartOutcome & { candidates: TradingCandidate[] } {
  const started = performance.now();
  const candidates: TradingCandidate[] = [];
  const layout = tradingLayout(ir);
  if ('reason' in layout) return { ok: false, reason: layout.reason, candidates };
  const secondsLeft = (): number => Math.max(0.05, (options.deadlineMs - performance.now()) / 1000);

  const relaxation = new LpRelaxation(highs, ir);
  let relaxationBound: number | undefined;
  try {
    const attempt = (name: string, d: Decision | { reason: string }, seconds: number): void => {
      if ('reason' in d) {
        candidates.push({ name, completion: { feasible: false, reason: d.reason } });
        return;
      }
      const values = integerValues(ir, layout, d);
      candidates.push({ name, completion: 'reason' in values ? { feasible: false, reason: values.reason } : completeOnRelaxation(relaxation, values, { timeLimitSec: seconds }) });
    };

    // the status quo first, and with at least STATUS_QUO_SEC even past the deadline: without any
    // point the solve has nothing to return, and HiGHS alone often finds none on these models
    attempt('status-quo', statusQuo(ir, layout), Math.max(STATUS_QUO_SEC, secondsLeft()));
    // the relaxation reuses the status quo's basis once the integer bounds are restored
    relaxation.setBlockBounds(0, ir.cols.lower, ir.cols.upper);
    // the rounded candidates get the same floor: the status quo of a new account is all cash, a
    // feasible point nobody wants, and on a loaded machine it can use up the whole budget
    const relaxed = relaxation.solve(Math.max(STATUS_QUO_SEC, secondsLeft()));
    if (relaxed.optimal) {
      relaxationBound = relaxed.objective;
      const x = Float64Array.from(relaxed.x);
      for (const c of roundedDecisions(ir, layout, x)) attempt(c.name, c.decision, Math.max(STATUS_QUO_SEC / 2, secondsLeft()));
    } else {
      const why = `the LP relaxation was not solved (HiGHS model status ${relaxed.modelStatus})`;
      candidates.push({ name: 'rounded', completion: { feasible: false, reason: why } });
    }
  } finally {
    relaxation.dispose();
  }

  const sense = ir.sense === 'minimize' ? 1 : -1;
  let best: { name: string; x: Float64Array; objective: number } | undefined;
  for (const c of candidates) {
    const done = c.completion;
    if (done.feasible && (!best || sense * (done.objective - best.objective) < 0)) best = { name: c.name, x: done.x, objective: done.objective };
  }
  if (!best) {
    const why = candidates.map((c) => `${c.name}: ${c.completion.feasible ? 'feasible' : c.completion.reason}`).join('; ');
    return { ok: false, reason: `no trading start is feasible (${why})`, candidates };
  }
  return {
    ok: true,
    start: {
      x: best.x,
      objective: best.objective,
      heuristic: `trades:${best.name}`,
      ...(relaxationBound !== undefined ? { relaxationBound } : {}),
      stats: { ms: performance.now() - started, candidates: candidates.length, feasible: candidates.filter((c) => c.completion.feasible).length },
    },
    candidates,
  };
}
