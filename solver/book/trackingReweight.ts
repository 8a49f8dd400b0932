import type { TrackingCovariance } from '../tracking/trackingCovariance.ts';
import type { SparseTarget } from './exclusionSubstitutes.ts';

/**
 * A cluster's target re-weighted on the tracking error accounts are judged by, over its own names.
 * The model portfolio minimizes MAD, (1/L) Σ_t |a_t|; with more names than periods the MAD optimum is one
 * of many near-ties, and its tracking error √(P Var(a)) is not the least those names reach (measured on
 * the S&P 500: whole-share accounts polished on Var(a) tracked 15-20 % better than the rounded MAD target).
 * This keeps the target's names S and its invested sum, and solves
 *   min_w  w'Σw − 2c'w      subject to  Σ_{i∈S} w_i = Σ_{i∈S} t_i,   lo_i ≤ w_i ≤ hi_i,   w_i = 0 off S,
 * with lo_i = m (the minimum position, when the model has one: a name the model chose stays) or 0, and
 * hi_i the maximum weight. It is convex; pairwise steps solve it (the SMO scheme): the pair (i, j) with
 * the largest g_i − g_j, g = Σw − c, where i can give and j can take weight, exchanges
 *   θ = clip((g_i − g_j) / (Σ_ii + Σ_jj − 2Σ_ij), 0, min(w_i − lo_i, hi_j − w_j)),
 * lowering Var(a) by 2θ(g_i − g_j) − θ²(Σ_ii + Σ_jj − 2Σ_ij), until no pair gains more than `tolerance`
 * of Var(a) (the KKT conditions up to it). g is kept in O(|S|) per step.
 * Sector bands are not modelled: a use case with con.sector-band keeps its MAD target.
 */
export interface ReweightBounds {
  /** lo for every name of the target (the minimum position), 0 when none */
  minWeight: number;
  /** hi for every name (the maximum weight), 1 when none */
  maxWeight: number;
  /** relative gain below which it stops (default 1e-7) */
  tolerance?: number;
  /** steps at most (default 50 |S|) */
  maxSteps?: number;
}

export function reweightForTrackingError(covariance: TrackingCovariance, target: SparseTarget, bounds: ReweightBounds): SparseTarget & { steps: number } {
  const names = target.names;
  const k = names.length;
  if (k < 2) return { ...target, steps: 0 };
  const block = covariance.over(names);
  const S = block.cov;
  const c = block.withBenchmark;
  const w = Float64Array.from(target.weights);
  const lo = new Float64Array(k);
  const hi = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    lo[a] = Math.min(bounds.minWeight, w[a]!);
    hi[a] = Math.max(bounds.maxWeight, w[a]!);
  }
  const g = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let b = 0; b < k; b++) s += S[a * k + b]! * w[b]!;
    g[a] = s - c[a]!;
  }
  let variance = covariance.benchmarkVariance;
  for (let a = 0; a < k; a++) variance += w[a]! * (g[a]! - c[a]!);
  const tolerance = bounds.tolerance ?? 1e-7;
  const maxSteps = bounds.maxSteps ?? 50 * k;
  let steps = 0;
  for (; steps < maxSteps; steps++) {
    // the giver with the largest g among those above lo, the taker with the smallest g below hi
    let give = -1;
    let take = -1;
    for (let a = 0; a < k; a++) {
      if (w[a]! > lo[a]! + 1e-15 && (give < 0 || g[a]! > g[give]!)) give = a;
      if (w[a]! < hi[a]! - 1e-15 && (take < 0 || g[a]! < g[take]!)) take = a;
    }
    if (give < 0 || take < 0 || give === take) break;
    const diff = g[give]! - g[take]!;
    if (diff <= 0) break;
    const curvature = S[give * k + give]! + S[take * k + take]! - 2 * S[give * k + take]!;
    const room = Math.min(w[give]! - lo[give]!, hi[take]! - w[take]!);
    const theta = Math.min(room, curvature > 0 ? diff / curvature : room);
    const gain = 2 * theta * diff - theta * theta * curvature;
    if (!(gain > tolerance * variance)) break;
    w[give] = w[give]! - theta;
    w[take] = w[take]! + theta;
    for (let a = 0; a < k; a++) g[a] = g[a]! + theta * (S[a * k + take]! - S[a * k + give]!);
    variance -= gain;
  }
  const kept = [...Array(k).keys()].filter((a) => w[a]! > 1e-12);
  return { names: kept.map((a) => names[a]!), weights: kept.map((a) => w[a]!), steps };
}
