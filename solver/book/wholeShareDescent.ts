import type { TrackingProblem } from '../tracking/trackingProblem.ts';

/**
 * Whole shares polished on the model's own objective. The knapsack rounding (roundToWholeShares) is
 * the closest whole-share portfolio to the fractional target in weights; at a small account value one
 * share is a large weight and closest in weights is not closest in tracking. The tracking models minimize
 * MAD, (1/L) Σ_t |a_t| with a_t = Σ_i w_i r_{t,i} − r^B_t, so a move of name i by δ shares
 * (d = δ u_i, u_i = p_i / V) changes it by exactly
 *   Δ = (1/L) Σ_t (|a_t + d r_{t,i}| − |a_t|),
 * and a swap of i and j by (1/L) Σ_t (|a_t + d_i r_{t,i} + d_j r_{t,j}| − |a_t|). A steepest descent over
 *   buy:  one share of a held name, or the first lot of a new one (enough shares to reach the minimum
 *         position, while fewer than the name limit are held), paid from cash above cashMin;
 *   sell: one share, or the whole position when one share less would fall below the minimum position;
 *   swap: a sale and a purchase together (a fully invested account has no cash for a lone purchase),
 *         the sales and purchases that are best alone paired with each other,
 * stops when no move gains `minGain` of the current MAD. Only the `names` given (those some fractional
 * target holds) are bought, so exclusions hold; the name limit, minimum position, maximum weight and the
 * cash floor hold after every move. Sector bands are not modelled here.
 */
export interface DescentLimits {
  cashMin?: number;
  minWeight?: number;
  /** w_i at most maxWeights[i] */
  maxWeights?: ArrayLike<number>;
  /** most names held (the use case's con.max-names) */
  maxNames?: number;
}

export interface DescentOptions extends DescentLimits {
  /** a move must lower the MAD by at least this share of it (default 1e-4) */
  minGain?: number;
  /** moves at most (default 2,000) */
  maxMoves?: number;
  /** sales and purchases paired into swaps, each way (default 12) */
  pairs?: number;
}

/** A name never above its maximum weight: at most floor(maxWeight V / p_i) shares. */
export function shareCap(maxWeight: number | undefined, unitWeight: number): number {
  return maxWeight !== undefined && maxWeight < 1 ? Math.floor(maxWeight / unitWeight + 1e-9) : Number.MAX_SAFE_INTEGER;
}

/** The returns of the names a descent may trade, by name (contiguous over periods). */
export class NameReturns {
  readonly names: Int32Array;
  /** r_{t,a} at columns[a * L + t] */
  readonly columns: Float64Array;
  readonly periods: number;

  constructor(problem: TrackingProblem, names: ArrayLike<number>) {
    const n = problem.tickers.length;
    const L = problem.benchmarkReturns.length;
    this.names = Int32Array.from(names);
    this.periods = L;
    this.columns = new Float64Array(this.names.length * L);
    this.names.forEach((i, a) => {
      for (let t = 0; t < L; t++) this.columns[a * L + t] = problem.returns[t * n + i]!;
    });
  }
}

/**
 * Descends from `shares` (n_i per name of the problem, changed in place and returned) at account value V;
 * names outside `returns.names` keep their shares.
 */
export function descendWholeShares(
  problem: TrackingProblem,
  returns: NameReturns,
  accountValue: number,
  shares: Float64Array,
  options: DescentOptions = {},
): Float64Array {
  const m = returns.names.length;
  const L = returns.periods;
  if (m === 0 || L === 0) return shares;
  const n = problem.tickers.length;
  const R = returns.columns;
  const minWeight = options.minWeight ?? 0;
  const maxNames = options.maxNames ?? Infinity;
  const minGain = options.minGain ?? 1e-4;
  const pairs = options.pairs ?? 12;
  const u = new Float64Array(m);
  const cap = new Float64Array(m);
  const held = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    const i = returns.names[a]!;
    u[a] = problem.prices[i]! / accountValue;
    cap[a] = shareCap(options.maxWeights?.[i], u[a]!);
    held[a] = shares[i]!;
  }
  // a_t over every name held, and the cash above its floor
  const active = new Float64Array(L);
  let room = 1 - (options.cashMin ?? 0);
  let names = 0;
  for (let t = 0; t < L; t++) active[t] = -problem.benchmarkReturns[t]!;
  for (let i = 0; i < n; i++) {
    if (!(shares[i]! > 0)) continue;
    const w = (shares[i]! * problem.prices[i]!) / accountValue;
    room -= w;
    names++;
    for (let t = 0; t < L; t++) active[t] = active[t]! + w * problem.returns[t * n + i]!;
  }
  let mad = 0;
  for (let t = 0; t < L; t++) mad += Math.abs(active[t]!);

  /** Σ_t |a_t + d r_{t,a}| − |a_t| */
  const change = (a: number, d: number): number => {
    let s = 0;
    const col = a * L;
    for (let t = 0; t < L; t++) {
      const x = active[t]!;
      s += Math.abs(x + d * R[col + t]!) - Math.abs(x);
    }
    return s;
  };
  const change2 = (a: number, da: number, b: number, db: number): number => {
    let s = 0;
    const ca = a * L;
    const cb = b * L;
    for (let t = 0; t < L; t++) {
      const x = active[t]!;
      s += Math.abs(x + da * R[ca + t]! + db * R[cb + t]!) - Math.abs(x);
    }
    return s;
  };
  // a new name enters with enough shares for the minimum position
  const up = (a: number) => (held[a]! > 0 ? 1 : Math.max(1, Math.ceil(minWeight / u[a]! - 1e-9)));
  const down = (a: number) => ((held[a]! - 1) * u[a]! >= minWeight - 1e-12 || held[a] === 1 ? 1 : held[a]!);

  const buyGain = new Float64Array(m);
  const sellGain = new Float64Array(m);
  const maxMoves = options.maxMoves ?? 2000;
  for (let move = 0; move < maxMoves; move++) {
    let best = -minGain * mad;
    let a1 = -1;
    let k1 = 0;
    let a2 = -1;
    let k2 = 0;
    const buys: number[] = [];
    const sells: number[] = [];
    for (let a = 0; a < m; a++) {
      buyGain[a] = Infinity;
      sellGain[a] = Infinity;
      const k = up(a);
      // a purchase the cash cannot pay for alone may still be half of a swap
      if (held[a]! + k <= cap[a]!) {
        buyGain[a] = change(a, k * u[a]!);
        buys.push(a);
        const fits = k * u[a]! <= room + 1e-12 && (held[a]! > 0 || names < maxNames);
        if (fits && buyGain[a]! < best) [best, a1, k1, a2] = [buyGain[a]!, a, k, -1];
      }
      if (held[a]! > 0) {
        const k = down(a);
        sellGain[a] = change(a, -k * u[a]!);
        sells.push(a);
        if (sellGain[a]! < best) [best, a1, k1, a2] = [sellGain[a]!, a, -k, -1];
      }
    }
    buys.sort((x, y) => buyGain[x]! - buyGain[y]!);
    sells.sort((x, y) => sellGain[x]! - sellGain[y]!);
    for (const s of sells.slice(0, pairs)) {
      const ks = down(s);
      const ds = -ks * u[s]!;
      const out = ks === held[s];
      for (const b of buys.slice(0, pairs)) {
        if (b === s) continue;
        const kb = up(b);
        const db = kb * u[b]!;
        if (db + ds > room + 1e-12) continue;
        if (held[b] === 0 && !out && names >= maxNames) continue;
        const gain = change2(s, ds, b, db);
        if (gain < best) [best, a1, k1, a2, k2] = [gain, s, -ks, b, kb];
      }
    }
    if (a1 < 0) break;
    const apply = (a: number, delta: number) => {
      const before = held[a]!;
      held[a] = before + delta;
      if (before === 0 && held[a]! > 0) names++;
      if (before > 0 && held[a] === 0) names--;
      const d = delta * u[a]!;
      room -= d;
      const col = a * L;
      for (let t = 0; t < L; t++) active[t] = active[t]! + d * R[col + t]!;
    };
    apply(a1, k1);
    if (a2 >= 0) apply(a2, k2);
    mad = 0;
    for (let t = 0; t < L; t++) mad += Math.abs(active[t]!);
  }
  for (let a = 0; a < m; a++) shares[returns.names[a]!] = held[a]!;
  return shares;
}
