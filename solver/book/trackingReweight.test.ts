import { beforeAll, describe, expect, it } from 'vitest';
import { TrackingCovariance } from '../tracking/trackingCovariance.ts';
import type { TrackingProblem } from '../tracking/trackingProblem.ts';
import { completeTickers, loadSp500Window, windowProblem } from '../usecases/testing/sp500Window.ts';
import type { SparseTarget } from './exclusionSubstitutes.ts';
import { reweightForTrackingError, type ReweightBounds } from './trackingReweight.ts';
import { Seeded } from '../model/testing/seededRandom.ts';
import { solveDense } from '../model/testing/denseSolve.ts';

/**
 * The SMO re-weighting of a target on tracking error (trackingReweight.ts) on real S&P 500 prices (60
 * names, the first 250 daily returns of ../shared/data/sp500, read at run time): its KKT certificate with
 * the gradient taken from the returns (g_i = Cov(r_i, a), a = Σ w r − r^B, which equals (Σw − c)_i), its
 * promises on random targets, and on 4-6 names the optimum by enumerating every face of the box.
 */

let p: TrackingProblem;
let cov: TrackingCovariance;
beforeAll(async () => {
  const window = await loadSp500Window(251);
  p = windowProblem(window, completeTickers(window, 251, true).slice(0, 60), 250);
  cov = new TrackingCovariance(p);
});

function activeOf(names: readonly number[], w: readonly number[]): number[] {
  const n = p.tickers.length;
  return Array.from(p.benchmarkReturns, (rb, t) => {
    let s = -rb;
    names.forEach((i, a) => (s += w[a]! * p.returns[t * n + i]!));
    return s;
  });
}

/** Var(a) and g_i = Cov(r_i, a) from the returns (sample, L − 1). */
function fromReturns(names: readonly number[], w: readonly number[]): { variance: number; g: number[] } {
  const n = p.tickers.length;
  const L = p.benchmarkReturns.length;
  const a = activeOf(names, w);
  const ma = a.reduce((s, x) => s + x, 0) / L;
  const variance = a.reduce((s, x) => s + (x - ma) ** 2, 0) / (L - 1);
  const g = names.map((i) => {
    let mi = 0;
    for (let t = 0; t < L; t++) mi += p.returns[t * n + i]!;
    mi /= L;
    let s = 0;
    for (let t = 0; t < L; t++) s += (p.returns[t * n + i]! - mi) * (a[t]! - ma);
    return s / (L - 1);
  });
  return { variance, g };
}

/** The result's weights over the target's names (0 where it dropped one). */
function denseOver(target: SparseTarget, result: SparseTarget): number[] {
  const at = new Map(result.names.map((i, k) => [i, result.weights[k]!]));
  return target.names.map((i) => at.get(i) ?? 0);
}

/** lo_i = min(m, t_i), hi_i = max(M, t_i), as the code documents them. */
function boxOf(target: SparseTarget, bounds: ReweightBounds): { lo: number[]; hi: number[] } {
  return { lo: target.weights.map((t) => Math.min(bounds.minWeight, t)), hi: target.weights.map((t) => Math.max(bounds.maxWeight, t)) };
}

/**
 * The KKT violation of w for min Var(a), Σw fixed, lo ≤ w ≤ hi: names strictly inside have one g (μ),
 * at lo g ≥ μ, at hi g ≤ μ. Returned in units of the mean Σ_ii of the names (0: exact).
 */
function kktGap(target: SparseTarget, w: readonly number[], lo: readonly number[], hi: readonly number[]): number {
  const { g } = fromReturns(target.names, w);
  const eps = 1e-12;
  const free = w.map((_, a) => a).filter((a) => w[a]! > lo[a]! + eps && w[a]! < hi[a]! - eps);
  const atLo = w.map((_, a) => a).filter((a) => w[a]! <= lo[a]! + eps && lo[a]! < hi[a]!);
  const atHi = w.map((_, a) => a).filter((a) => w[a]! >= hi[a]! - eps && lo[a]! < hi[a]!);
  const gs = (set: number[]) => set.map((a) => g[a]!);
  let gap = 0;
  if (free.length > 0) {
    const top = Math.max(...gs(free));
    const bottom = Math.min(...gs(free));
    gap = top - bottom;
    const mu = (top + bottom) / 2;
    for (const a of atLo) gap = Math.max(gap, mu - g[a]!);
    for (const a of atHi) gap = Math.max(gap, g[a]! - mu);
  } else if (atLo.length > 0 && atHi.length > 0) {
    // a μ between them exists iff every g at hi is at most every g at lo
    gap = Math.max(0, Math.max(...gs(atHi)) - Math.min(...gs(atLo)));
  }
  const n = p.tickers.length;
  const scale = target.names.reduce((s, i) => s + cov.cov[i * n + i]!, 0) / target.names.length;
  return gap / scale;
}

function randomTarget(random: Seeded, count: number): SparseTarget {
  const n = p.tickers.length;
  const names = [...Array(n).keys()].sort(() => random.uniform() - 0.5).slice(0, count).sort((a, b) => a - b);
  const raw = names.map(() => 0.05 + random.uniform());
  const total = raw.reduce((a, b) => a + b, 0);
  const invested = 0.9 + 0.1 * random.uniform();
  return { names, weights: raw.map((x) => (invested * x) / total) };
}

function randomBounds(random: Seeded, count: number): ReweightBounds {
  return {
    minWeight: random.uniform() < 0.4 ? 0 : (0.3 / count) * random.uniform(),
    maxWeight: random.uniform() < 0.4 ? 1 : (1.5 + 2 * random.uniform()) / count,
  };
}

describe('reweightForTrackingError', () => {
  it('at a tight tolerance: the KKT certificate from the returns holds, the sum is kept, the box respected, Var(a) not raised', () => {
    const random = new Seeded(13);
    let worstGap = 0;
    for (let trial = 0; trial < 60; trial++) {
      const count = random.integer(3, 40);
      const target = randomTarget(random, count);
      const bounds = { ...randomBounds(random, count), tolerance: 1e-15, maxSteps: 100_000 };
      const result = reweightForTrackingError(cov, target, bounds);
      const w = denseOver(target, result);
      const { lo, hi } = boxOf(target, bounds);
      expect(result.names.every((i) => target.names.includes(i))).toBe(true);
      expect(Math.abs(w.reduce((a, b) => a + b, 0) - target.weights.reduce((a, b) => a + b, 0))).toBeLessThan(1e-12);
      w.forEach((x, a) => {
        expect(x).toBeGreaterThanOrEqual(lo[a]! - 1e-12);
        expect(x).toBeLessThanOrEqual(hi[a]! + 1e-12);
      });
      expect(fromReturns(target.names, w).variance).toBeLessThanOrEqual(fromReturns(target.names, target.weights).variance * (1 + 1e-12));
      const gap = kktGap(target, w, lo, hi);
      worstGap = Math.max(worstGap, gap);
      // measured: 1.3e-8 of the mean Σ_ii at worst (a gain below 1e-15 of Var(a) per step leaves |Δg| ≈ √1e-15 of it)
      expect(gap).toBeLessThan(1e-7);
      expect(result.steps).toBeLessThan(100_000);
    }
    expect(worstGap).toBeLessThan(1e-7);
  });

  it('at the default tolerance: the same promises, and Var(a) within 1e-5 of the tight optimum', () => {
    const random = new Seeded(71);
    let worst = 0;
    for (let trial = 0; trial < 60; trial++) {
      const count = random.integer(2, 40);
      const target = randomTarget(random, count);
      const bounds = randomBounds(random, count);
      const result = reweightForTrackingError(cov, target, bounds);
      const w = denseOver(target, result);
      const { lo, hi } = boxOf(target, bounds);
      expect(Math.abs(w.reduce((a, b) => a + b, 0) - target.weights.reduce((a, b) => a + b, 0))).toBeLessThan(1e-12);
      w.forEach((x, a) => {
        expect(x).toBeGreaterThanOrEqual(lo[a]! - 1e-12);
        expect(x).toBeLessThanOrEqual(hi[a]! + 1e-12);
      });
      const before = fromReturns(target.names, target.weights).variance;
      const after = fromReturns(target.names, w).variance;
      expect(after).toBeLessThanOrEqual(before * (1 + 1e-12));
      const tight = fromReturns(target.names, denseOver(target, reweightForTrackingError(cov, target, { ...bounds, tolerance: 1e-15, maxSteps: 100_000 }))).variance;
      worst = Math.max(worst, (after - tight) / tight);
    }
    // measured: 3.3e-6 relative at worst (a step gaining under 1e-7 of Var(a) stops it)
    expect(worst).toBeLessThan(1e-5);
  });

  it('a target of one name is returned as it is', () => {
    const target = { names: [5], weights: [0.97] };
    const result = reweightForTrackingError(cov, target, { minWeight: 0, maxWeight: 1 });
    expect(result.names).toEqual([5]);
    expect(result.weights).toEqual([0.97]);
    expect(result.steps).toBe(0);
  });
});

/**
 * The optimum over the box by enumeration: every name at lo, at hi or free (3^k faces); on each face the
 * free names solve [Σ_FF 1; 1' 0][w_F; λ] = [c_F − Σ_{F,B} w_B; total − Σ w_B]; kept when inside the box.
 * Σ is regular here (60 names, 250 periods), so each face has one optimum and the least is the global one.
 */
function bruteOptimum(target: SparseTarget, lo: readonly number[], hi: readonly number[]): number {
  const k = target.names.length;
  const n = p.tickers.length;
  const S = (a: number, b: number) => cov.cov[target.names[a]! * n + target.names[b]!]!;
  const total = target.weights.reduce((s, x) => s + x, 0);
  let best = Infinity;
  for (let code = 0; code < 3 ** k; code++) {
    const w = new Array<number>(k).fill(0);
    const free: number[] = [];
    let rest = code;
    for (let a = 0; a < k; a++) {
      const state = rest % 3;
      rest = Math.floor(rest / 3);
      if (state === 0) w[a] = lo[a]!;
      else if (state === 1) w[a] = hi[a]!;
      else free.push(a);
    }
    const fixed = w.reduce((s, x) => s + x, 0);
    if (free.length === 0) {
      if (Math.abs(fixed - total) > 1e-12) continue;
    } else {
      const A = free.map((a) => [...free.map((b) => S(a, b)), 1]);
      A.push([...free.map(() => 1), 0]);
      const rhs = free.map((a) => {
        let s = cov.withBenchmark[target.names[a]!]!;
        for (let b = 0; b < k; b++) if (!free.includes(b)) s -= S(a, b) * w[b]!;
        return s;
      });
      rhs.push(total - fixed);
      const x = solveDense(A, rhs)!;
      free.forEach((a, f) => (w[a] = x[f]!));
      if (free.some((a) => w[a]! < lo[a]! - 1e-12 || w[a]! > hi[a]! + 1e-12)) continue;
    }
    best = Math.min(best, fromReturns(target.names, w).variance);
  }
  return best;
}

describe('reweightForTrackingError against the enumerated optimum on 4-6 names', () => {
  it('reaches the optimum over every face of the box to 1e-9 relative at a tight tolerance', () => {
    const random = new Seeded(3);
    let worst = 0;
    for (let trial = 0; trial < 30; trial++) {
      const k = random.integer(4, 6);
      const target = randomTarget(random, k);
      // bounds that bind: a minimum position near 1/(2k), a maximum near 1.3/k
      const bounds = { minWeight: trial % 3 === 0 ? 0 : 0.5 / k, maxWeight: trial % 3 === 1 ? 1 : 1.3 / k, tolerance: 1e-15, maxSteps: 100_000 };
      const { lo, hi } = boxOf(target, bounds);
      const got = fromReturns(target.names, denseOver(target, reweightForTrackingError(cov, target, bounds))).variance;
      const best = bruteOptimum(target, lo, hi);
      expect(got).toBeGreaterThanOrEqual(best * (1 - 1e-12));
      worst = Math.max(worst, (got - best) / best);
      expect(got).toBeLessThanOrEqual(best * (1 + 1e-9));
    }
    // measured: 3e-15 relative at worst
    expect(worst).toBeLessThan(1e-9);
  });
});
