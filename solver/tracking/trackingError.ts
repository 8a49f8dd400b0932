import type { TrackingProblem } from './trackingProblem.ts';

/**
 * Active return of weights w (cash earns 0): a_t = Σ_i w_i r_{t,i} − r^B_t.
 * Weights that sum to less than 1 hold the rest in cash.
 */
export function activeReturns(problem: TrackingProblem, weights: ArrayLike<number>): Float64Array {
  const n = problem.tickers.length;
  const L = problem.benchmarkReturns.length;
  if (weights.length !== n) throw new Error(`activeReturns: ${weights.length} weights for ${n} names`);
  const a = new Float64Array(L);
  for (let t = 0; t < L; t++) {
    let s = 0;
    const row = t * n;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (w !== 0) s += w * problem.returns[row + i]!;
    }
    a[t] = s - problem.benchmarkReturns[t]!;
  }
  return a;
}

/** MAD tracking, the LP objective: (1/L) Σ_t |a_t|. */
export function meanAbsoluteDeviation(active: ArrayLike<number>): number {
  let s = 0;
  for (let t = 0; t < active.length; t++) s += Math.abs(active[t]!);
  return s / active.length;
}

/** Reported tracking error: √P · stdev(a_t), the sample standard deviation (L − 1 in the denominator). */
export function trackingError(active: ArrayLike<number>, periodsPerYear: number): number {
  const L = active.length;
  if (L < 2) return 0;
  let mean = 0;
  for (let t = 0; t < L; t++) mean += active[t]!;
  mean /= L;
  let ss = 0;
  for (let t = 0; t < L; t++) ss += (active[t]! - mean) ** 2;
  return Math.sqrt(periodsPerYear) * Math.sqrt(ss / (L - 1));
}
