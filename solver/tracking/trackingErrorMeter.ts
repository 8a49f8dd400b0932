import type { TrackingProblem } from './trackingProblem.ts';

/**
 * The reported tracking error (trackingError.ts: √P · stdev_t(a_t), a_t = Σ_i w_i r_{t,i} − r^B_t, cash
 * earning 0) of many sparse portfolios over one universe: a book's accounts hold tens to hundreds of the
 * universe's names each. The returns are transposed once to one row of L periods per name, so an
 * account of k names costs k · L multiply-adds over contiguous memory instead of n · L.
 */
export class TrackingErrorMeter {
  private readonly byName: Float64Array;
  private readonly periods: number;
  private readonly active: Float64Array;

  constructor(private readonly problem: TrackingProblem) {
    const n = problem.tickers.length;
    const L = problem.benchmarkReturns.length;
    this.periods = L;
    this.byName = new Float64Array(n * L);
    for (let t = 0; t < L; t++) {
      const row = t * n;
      for (let i = 0; i < n; i++) this.byName[i * L + t] = problem.returns[row + i]!;
    }
    this.active = new Float64Array(L);
  }

  /** Tracking error of weights w over `names` (indices into the universe); the rest is cash. */
  measure(names: ArrayLike<number>, weights: ArrayLike<number>): number {
    const L = this.periods;
    const a = this.active;
    const rb = this.problem.benchmarkReturns;
    for (let t = 0; t < L; t++) a[t] = -rb[t]!;
    for (let k = 0; k < names.length; k++) {
      const w = weights[k]!;
      if (w === 0) continue;
      const base = names[k]! * L;
      for (let t = 0; t < L; t++) a[t] = a[t]! + w * this.byName[base + t]!;
    }
    if (L < 2) return 0;
    let mean = 0;
    for (let t = 0; t < L; t++) mean += a[t]!;
    mean /= L;
    let ss = 0;
    for (let t = 0; t < L; t++) ss += (a[t]! - mean) ** 2;
    return Math.sqrt(this.problem.periodsPerYear) * Math.sqrt(ss / (L - 1));
  }
}
