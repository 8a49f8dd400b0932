import type { TrackingProblem } from './trackingProblem.ts';

/**
 * The tracking error of any portfolio over one universe, as a quadratic form. With Σ the sample
 * covariance of the names' returns, c_i = Cov(r_i, r^B) and σ²_B = Var(r^B) over the same L periods
 * (L − 1 in the denominators, as trackingError.ts), the active return a_t = Σ_i w_i r_{t,i} − r^B_t of
 * weights w (cash earning 0) has
 *   Var(a) = w'Σw − 2 c'w + σ²_B,   TE = √(P · Var(a)).
 * A book's per-account steps use it where they move a few names at a time: the change of Var(a) when
 * name i moves by d is 2 d g_i + d² Σ_ii with g = Σw − c, and g is kept up to date in O(n) per move
 * (g += d Σ_·i), where the returns would cost O(L) per name per move. An account's steps read Σ over the few
 * hundred names in play many times: `over(names)` copies that block into contiguous memory once (reading
 * the n × n matrix at scattered rows costs a cache miss per entry, about 10 times the arithmetic).
 */
export class TrackingCovariance {
  /** Σ, n × n, row-major */
  readonly cov: Float64Array;
  /** c_i = Cov(r_i, r^B) */
  readonly withBenchmark: Float64Array;
  readonly benchmarkVariance: number;
  readonly names: number;
  readonly periodsPerYear: number;

  constructor(problem: TrackingProblem) {
    const n = problem.tickers.length;
    const L = problem.benchmarkReturns.length;
    this.names = n;
    this.periodsPerYear = problem.periodsPerYear;
    // demeaned returns by name, contiguous over periods
    const x = new Float64Array(n * L);
    for (let i = 0; i < n; i++) {
      let mean = 0;
      for (let t = 0; t < L; t++) mean += problem.returns[t * n + i]!;
      mean /= Math.max(1, L);
      for (let t = 0; t < L; t++) x[i * L + t] = problem.returns[t * n + i]! - mean;
    }
    const rb = new Float64Array(L);
    let mb = 0;
    for (let t = 0; t < L; t++) mb += problem.benchmarkReturns[t]!;
    mb /= Math.max(1, L);
    for (let t = 0; t < L; t++) rb[t] = problem.benchmarkReturns[t]! - mb;
    const scale = 1 / Math.max(1, L - 1);
    this.cov = new Float64Array(n * n);
    this.withBenchmark = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const xi = i * L;
      for (let j = i; j < n; j++) {
        const xj = j * L;
        let s = 0;
        for (let t = 0; t < L; t++) s += x[xi + t]! * x[xj + t]!;
        this.cov[i * n + j] = this.cov[j * n + i] = s * scale;
      }
      let s = 0;
      for (let t = 0; t < L; t++) s += x[xi + t]! * rb[t]!;
      this.withBenchmark[i] = s * scale;
    }
    let s = 0;
    for (let t = 0; t < L; t++) s += rb[t]! * rb[t]!;
    this.benchmarkVariance = s * scale;
  }

  /** Σ, c and σ²_B over `names` only, the block in contiguous memory (local index a is names[a]). */
  over(names: readonly number[]): NamesCovariance {
    const k = names.length;
    const n = this.names;
    const cov = new Float64Array(k * k);
    const withBenchmark = new Float64Array(k);
    for (let a = 0; a < k; a++) {
      const row = names[a]! * n;
      for (let b = 0; b < k; b++) cov[a * k + b] = this.cov[row + names[b]!]!;
      withBenchmark[a] = this.withBenchmark[names[a]!]!;
    }
    return { names, position: positions(names, n), cov, withBenchmark, benchmarkVariance: this.benchmarkVariance, periodsPerYear: this.periodsPerYear };
  }

  /**
   * `block` with `extra` names appended (local indices after the block's): the block is copied row by row
   * (contiguous) and only the new rows and columns are read from the n × n matrix, so an account holding a
   * few names beyond its target's pays for those, not for the whole block again.
   */
  extend(block: NamesCovariance, extra: readonly number[]): NamesCovariance {
    if (extra.length === 0) return block;
    const k = block.names.length;
    const names = [...block.names, ...extra];
    const size = names.length;
    const n = this.names;
    const cov = new Float64Array(size * size);
    for (let a = 0; a < k; a++) cov.set(block.cov.subarray(a * k, a * k + k), a * size);
    for (let a = k; a < size; a++) {
      const row = names[a]! * n;
      for (let b = 0; b < size; b++) {
        const v = this.cov[row + names[b]!]!;
        cov[a * size + b] = v;
        cov[b * size + a] = v;
      }
    }
    const withBenchmark = new Float64Array(size);
    withBenchmark.set(block.withBenchmark);
    for (let a = k; a < size; a++) withBenchmark[a] = this.withBenchmark[names[a]!]!;
    const position = Int32Array.from(block.position);
    extra.forEach((i, j) => (position[i] = k + j));
    return { names, position, cov, withBenchmark, benchmarkVariance: this.benchmarkVariance, periodsPerYear: this.periodsPerYear };
  }

  /** Var(a) of weights w over `names` (universe indices); the rest is cash. */
  activeVariance(names: ArrayLike<number>, weights: ArrayLike<number>): number {
    const n = this.names;
    let quad = 0;
    let lin = 0;
    for (let a = 0; a < names.length; a++) {
      const wa = weights[a]!;
      if (wa === 0) continue;
      const row = names[a]! * n;
      let s = 0;
      for (let b = 0; b < names.length; b++) s += this.cov[row + names[b]!]! * weights[b]!;
      quad += wa * s;
      lin += wa * this.withBenchmark[names[a]!]!;
    }
    return Math.max(0, quad - 2 * lin + this.benchmarkVariance);
  }

  /** The reported tracking error √(P · Var(a)). */
  trackingError(names: ArrayLike<number>, weights: ArrayLike<number>): number {
    return Math.sqrt(this.periodsPerYear * this.activeVariance(names, weights));
  }
}

function positions(names: readonly number[], n: number): Int32Array {
  const position = new Int32Array(n).fill(-1);
  names.forEach((i, a) => (position[i] = a));
  return position;
}

/** The covariance block of a few names (TrackingCovariance.over): local index a is universe index names[a]. */
export interface NamesCovariance {
  names: readonly number[];
  /** local index of each universe name, −1 when it is not in the block */
  position: Int32Array;
  /** Σ over the names, k × k, row-major */
  cov: Float64Array;
  withBenchmark: Float64Array;
  benchmarkVariance: number;
  periodsPerYear: number;
}
