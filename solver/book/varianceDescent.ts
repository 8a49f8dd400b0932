import type { NamesCovariance } from '../tracking/trackingCovariance.ts';

/**
 * An account's whole shares polished on the tracking error it is judged by. The knapsack rounding of a
 * target (wholeShareMapping.ts) is the closest whole-share portfolio to the target in weights; the
 * closest in tracking is another one, and at small sizes a different one. With w_i = n_i u_i,
 * u_i = p_i / V, and the active variance Var(a) = w'Σw − 2c'w + σ²_B (trackingCovariance.ts), a move
 * of name i by δ shares (d = δ u_i) changes it by exactly
 *   Δ_i(d) = 2 d g_i + d² Σ_ii,            g = Σw − c,
 * and a swap of i and j by Δ_i(d_i) + Δ_j(d_j) + 2 d_i d_j Σ_ij. A steepest descent over
 *   buy:  one share of a held name, or the first lot of a new one (enough shares for the minimum
 *         position while fewer than the name limit are held), paid from cash above the floor;
 *   sell: one share, or the whole position when one share less falls below the minimum position;
 *   swap: the `pairs` best sales with the `pairs` best purchases (a fully invested account has no cash
 *         for a lone purchase),
 * stops when no move lowers Var(a) by `minGain` of it. After every move: only `buyable` names are
 * bought (exclusions hold), at most `maxNames` names, each at least `minWeight` and at most `maxWeight`,
 * cash at least `cashFloor`, and every trade against the account's holdings h_i is none, the sale of
 * the whole holding, or at least `minTrade` dollars. The names in play are the covariance block's (the
 * target's names and every name the account holds); g is updated in O(m) per move over them, so a descent
 * of a hundred moves costs about what one pass over the returns of the account's names does.
 */
export interface VarianceDescentInput {
  /** Σ over the names in play: every name that may be bought and every name held (TrackingCovariance.over) */
  covariance: NamesCovariance;
  prices: ArrayLike<number>;
  /** V, dollars */
  value: number;
  /** universe indices the account may buy (others of the block may only be sold) */
  buyable: ReadonlySet<number>;
  /** shares per universe index to start from (after the mapping) */
  shares: ReadonlyMap<number, number>;
  /** shares held before the trades (for the minimum trade); none for an account of cash */
  held?: ReadonlyMap<number, number>;
  /** dollars the account keeps in cash at least */
  cashFloor: number;
  minWeight: number;
  maxNames: number;
  /** w_i at most this (1: none) */
  maxWeight?: number;
  /** dollars; 0: any size */
  minTrade?: number;
  /** a move must lower Var(a) by this share of it (default 1e-4) */
  minGain?: number;
  /** moves at most (default 400) */
  maxMoves?: number;
  /** sales and purchases paired into swaps, each way (default 8) */
  pairs?: number;
}

export interface VarianceDescentResult {
  /** shares per universe index after the descent (names with 0 shares left out) */
  shares: Map<number, number>;
  moves: number;
  /** Var(a) before and after */
  varianceBefore: number;
  varianceAfter: number;
}

export function descendOnVariance(input: VarianceDescentInput): VarianceDescentResult {
  const { covariance: cv, prices, value: V } = input;
  const names = cv.names;
  const m = names.length;
  const S = cv.cov;
  const c = cv.withBenchmark;
  const minWeight = input.minWeight;
  const maxNames = input.maxNames;
  const minTrade = input.minTrade ?? 0;
  const minGain = input.minGain ?? 1e-4;
  const maxMoves = input.maxMoves ?? 400;
  const pairs = input.pairs ?? 8;
  const heldBefore = input.held ?? new Map<number, number>();
  for (const [i, sh] of input.shares) {
    if (sh > 0 && !(cv.position[i]! >= 0)) throw new Error(`descendOnVariance: name ${i} holds ${sh} shares but is not in the covariance block`);
  }
  const u = new Float64Array(m);
  const cap = new Float64Array(m);
  const s = new Float64Array(m);
  const h = new Float64Array(m);
  const canBuy = new Uint8Array(m);
  for (let a = 0; a < m; a++) canBuy[a] = input.buyable.has(names[a]!) && prices[names[a]!]! > 0 ? 1 : 0;
  const maxWeight = input.maxWeight ?? 1;
  let room = 1 - input.cashFloor / V;
  let count = 0;
  for (let a = 0; a < m; a++) {
    const i = names[a]!;
    u[a] = prices[i]! > 0 ? prices[i]! / V : 0;
    cap[a] = maxWeight < 1 ? Math.floor(maxWeight / u[a]! + 1e-9) : Number.MAX_SAFE_INTEGER;
    s[a] = input.shares.get(i) ?? 0;
    h[a] = heldBefore.get(i) ?? 0;
    room -= s[a]! * u[a]!;
    if (s[a]! > 0) count++;
  }
  // g_a = (Σw)_a − c_a over the held names
  const g = new Float64Array(m);
  const heldIdx: number[] = [];
  for (let a = 0; a < m; a++) if (s[a]! > 0) heldIdx.push(a);
  const held = Int32Array.from(heldIdx);
  const w = new Float64Array(held.length);
  held.forEach((b, j) => (w[j] = s[b]! * u[b]!));
  for (let a = 0; a < m; a++) {
    const row = a * m;
    let sum = 0;
    for (let j = 0; j < held.length; j++) sum += S[row + held[j]!]! * w[j]!;
    g[a] = sum - c[a]!;
  }
  let variance = cv.benchmarkVariance;
  for (const a of heldIdx) variance += s[a]! * u[a]! * (g[a]! - c[a]!);
  const varianceBefore = variance;

  const tradeAllowed = (a: number, next: number): boolean => {
    if (minTrade <= 0 || next === h[a] || (next === 0 && h[a]! > 0)) return true;
    return Math.abs(next - h[a]!) * prices[names[a]!]! >= minTrade - 1e-9;
  };
  // per name: the shares a buy and a sale would move (0: not allowed) and Σ_aa; they change only with s_a
  const upK = new Float64Array(m);
  const downK = new Float64Array(m);
  const diag = new Float64Array(m);
  const refresh = (a: number) => {
    const k = s[a]! > 0 ? 1 : Math.max(1, Math.ceil(minWeight / u[a]! - 1e-9));
    upK[a] = canBuy[a] && s[a]! + k <= cap[a]! && tradeAllowed(a, s[a]! + k) ? k : 0;
    const j = (s[a]! - 1) * u[a]! >= minWeight - 1e-12 || s[a] === 1 ? 1 : s[a]!;
    downK[a] = s[a]! > 0 && tradeAllowed(a, s[a]! - j) ? j : 0;
  };
  for (let a = 0; a < m; a++) {
    diag[a] = S[a * m + a]!;
    refresh(a);
  }

  const buyGain = new Float64Array(m);
  const sellGain = new Float64Array(m);
  const buys: number[] = [];
  const sells: number[] = [];
  let moves = 0;
  for (; moves < maxMoves; moves++) {
    let best = -minGain * variance;
    let a1 = -1;
    let k1 = 0;
    let a2 = -1;
    let k2 = 0;
    buys.length = 0;
    sells.length = 0;
    for (let a = 0; a < m; a++) {
      const ku = upK[a]!;
      if (ku > 0) {
        const d = ku * u[a]!;
        const gain = 2 * d * g[a]! + d * d * diag[a]!;
        buyGain[a] = gain;
        keepBest(buys, a, buyGain, pairs);
        if (gain < best && d <= room + 1e-12 && (s[a]! > 0 || count < maxNames)) {
          best = gain;
          a1 = a;
          k1 = ku;
          a2 = -1;
        }
      }
      const kd = downK[a]!;
      if (kd > 0) {
        const d = -kd * u[a]!;
        const gain = 2 * d * g[a]! + d * d * diag[a]!;
        sellGain[a] = gain;
        keepBest(sells, a, sellGain, pairs);
        if (gain < best) {
          best = gain;
          a1 = a;
          k1 = -kd;
          a2 = -1;
        }
      }
    }
    for (const sa of sells) {
      const ks = downK[sa]!;
      const ds = -ks * u[sa]!;
      const out = ks === s[sa];
      const row = sa * m;
      for (const b of buys) {
        if (b === sa) continue;
        const kb = upK[b]!;
        const db = kb * u[b]!;
        if (db + ds > room + 1e-12) continue;
        if (s[b] === 0 && !out && count >= maxNames) continue;
        const gain = sellGain[sa]! + buyGain[b]! + 2 * ds * db * S[row + b]!;
        if (gain < best) {
          best = gain;
          a1 = sa;
          k1 = -ks;
          a2 = b;
          k2 = kb;
        }
      }
    }
    if (a1 < 0) break;
    const apply = (a: number, delta: number) => {
      const before = s[a]!;
      s[a] = before + delta;
      if (before === 0 && s[a]! > 0) count++;
      if (before > 0 && s[a] === 0) count--;
      const d = delta * u[a]!;
      room -= d;
      const row = a * m;
      for (let b = 0; b < m; b++) g[b] = g[b]! + d * S[row + b]!;
      refresh(a);
    };
    apply(a1, k1);
    if (a2 >= 0) apply(a2, k2);
    variance += best;
  }
  const shares = new Map<number, number>();
  for (let a = 0; a < m; a++) if (s[a]! > 0) shares.set(names[a]!, s[a]!);
  return { shares, moves, varianceBefore, varianceAfter: Math.max(0, variance) };
}

/** Keeps `list` the (at most) `size` indices of smallest gain, in increasing order, as `a` is offered. */
function keepBest(list: number[], a: number, gain: Float64Array, size: number): void {
  const x = gain[a]!;
  if (list.length === size && x >= gain[list[size - 1]!]!) return;
  let at = list.length < size ? list.length : size - 1;
  while (at > 0 && gain[list[at - 1]!]! > x) {
    if (at < size) list[at] = list[at - 1]!;
    at--;
  }
  list[at] = a;
}
