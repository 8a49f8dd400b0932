import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleModel } from '../assembler/assembleModel.ts';
import { compileHighsWasm, loadHighsRuntime } from '../backends/highs/highsRuntime.ts';
import { solveWithHighs } from '../backends/highs/highsSolve.ts';
import { variableSet } from '../model/ir.ts';
import { indexTracking } from '../usecases/indexTracking.ts';
import { applyOverrides } from '../usecases/overrides.ts';
import { completeTickers, loadSp500Window, windowProblem, type PriceWindow } from '../usecases/testing/sp500Window.ts';
import { accountFrontier, defaultFrontierSizes, FrontierBuilder, type FrontierTarget } from './accountMinimum.ts';
import type { TrackingProblem } from '../tracking/trackingProblem.ts';

/**
 * The account-minimum frontier on real S&P 500 prices (the first 301 dates of the file, read at run time):
 * whole-share portfolios checked against a brute force over every share vector and HiGHS's whole-share
 * MILP on six names, and the frontier's promises (falls with size, a minimum bracketed by the search,
 * fractional shares below whole ones) on 120 names. Every tracking figure a test relies on is recomputed
 * here from the returns, not taken from the code under test.
 */

let highs: Highs;
let window: PriceWindow;
const PERIODS = 300;
beforeAll(async () => {
  highs = await loadHighsRuntime(await compileHighsWasm());
  window = await loadSp500Window(PERIODS + 1);
});

/** a_t = Σ_i n_i p_i / V · r_{t,i} − r^B_t, from the returns. */
function activeOf(p: TrackingProblem, shares: ArrayLike<number>, accountValue: number | null): number[] {
  const n = p.tickers.length;
  return Array.from(p.benchmarkReturns, (rb, t) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (accountValue === null ? shares[i]! : (shares[i]! * p.prices[i]!) / accountValue) * p.returns[t * n + i]!;
    return s - rb;
  });
}
const mad = (a: number[]) => a.reduce((s, x) => s + Math.abs(x), 0) / a.length;
function te(a: number[]): number {
  const mean = a.reduce((s, x) => s + x, 0) / a.length;
  return Math.sqrt(252) * Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / (a.length - 1));
}

/** The index-tracking LP (fully invested, long only, least MAD) on the problem: the fractional target. */
function lpTarget(p: TrackingProblem, exclude: string[] = []): FrontierTarget {
  const ir = assembleModel(applyOverrides(indexTracking, { exclude }), { problem: p }).ir;
  const r = solveWithHighs(highs, ir);
  expect(r.status).toBe('optimal');
  const w = variableSet(ir, 'weights')!;
  return { label: 'use case', weights: Array.from({ length: w.count }, (_, i) => Math.max(0, r.x![w.start + i]!)) };
}

describe('defaultFrontierSizes', () => {
  it('gives 20 increasing sizes from $10k to $5M, evenly spaced in log to 3 significant digits', () => {
    const sizes = defaultFrontierSizes();
    expect(sizes).toHaveLength(20);
    expect(sizes[0]).toBe(10_000);
    expect(sizes[19]).toBe(5_000_000);
    const step = Math.log(500) / 19;
    sizes.forEach((v, k) => {
      expect(Math.abs(Math.log(v) - Math.log(10_000) - k * step)).toBeLessThan(0.006);
      expect(Number(v.toPrecision(3))).toBe(v);
    });
  });
});

describe('whole shares against an exhaustive search (6 S&P names, 300 days)', () => {
  const tickers = ['AAPL', 'MSFT', 'JNJ', 'XOM', 'JPM', 'PG'];

  /** The least MAD over every share vector within the budget (cash earns 0), by depth-first enumeration. */
  function bruteForce(p: TrackingProblem, V: number): { mad: number; te: number; vectors: number } {
    const n = p.tickers.length;
    const L = p.benchmarkReturns.length;
    let best = { mad: Infinity, te: Infinity };
    let vectors = 0;
    const shares = new Array<number>(n).fill(0);
    const partial = Array.from({ length: n + 1 }, () => new Float64Array(L));
    for (let t = 0; t < L; t++) partial[0]![t] = -p.benchmarkReturns[t]!;
    const visit = (i: number, left: number): void => {
      if (i === n) {
        vectors++;
        const a = Array.from(partial[n]!);
        const m = mad(a);
        if (m < best.mad) best = { mad: m, te: te(a) };
        return;
      }
      const w = p.prices[i]! / V;
      for (let s = 0; s * p.prices[i]! <= left + 1e-9; s++) {
        shares[i] = s;
        for (let t = 0; t < L; t++) partial[i + 1]![t] = partial[i]![t]! + s * w * p.returns[t * n + i]!;
        visit(i + 1, left - s * p.prices[i]!);
      }
    };
    visit(0, V);
    return { ...best, vectors };
  }

  // measured: the frontier lands on the exact optimum at both sizes; the greedy rounding alone 1.1 % and 2.9 % above it
  it.each([1_000, 1_500])('at $%i the frontier is within 2 percent of the best MAD over every share vector, and HiGHS proves the same optimum', (V) => {
    const p = windowProblem(window, tickers, PERIODS);
    const exact = bruteForce(p, V);
    expect(exact.vectors).toBeGreaterThan(1000);

    // HiGHS's whole-share MILP of the same use case: an independent optimum of the same objective
    const ir = assembleModel(applyOverrides(indexTracking, { accountValue: V }), { problem: p, accountValue: V }).ir;
    const milp = solveWithHighs(highs, ir, { timeLimitSec: 60 });
    expect(milp.status).toBe('optimal');
    expect(milp.objective!).toBeCloseTo(exact.mad, 9);

    const frontier = accountFrontier(p, [lpTarget(p)], [V], null);
    const point = frontier.points[0]!;
    expect(Array.from(point.shares).every((s) => Number.isInteger(s) && s >= 0)).toBe(true);
    const spent = Array.from(point.shares).reduce((s, n, i) => s + n * p.prices[i]!, 0);
    expect(spent).toBeLessThanOrEqual(V + 1e-9);
    const a = activeOf(p, point.shares, V);
    expect(point.meanAbsoluteDeviation).toBeCloseTo(mad(a), 12);
    expect(point.trackingError).toBeCloseTo(te(a), 12);
    // never better than the optimum (that would be an error in the arithmetic), and close to it
    expect(mad(a)).toBeGreaterThanOrEqual(exact.mad - 1e-12);
    expect(mad(a)).toBeLessThanOrEqual(1.02 * exact.mad);
    // the rounding alone, without the descent, is what the descent improves on
    const rounded = accountFrontier(p, [lpTarget(p)], [V], null, { descent: false }).points[0]!;
    expect(point.meanAbsoluteDeviation).toBeLessThanOrEqual(rounded.meanAbsoluteDeviation + 1e-15);
  });
});

describe('the frontier on 120 S&P names over 300 days', () => {
  // more periods than names: the tracking LP's optimum is not one of many exact fits (SOLVER-FACTS)
  const pick = (): string[] => completeTickers(window, PERIODS + 1, true).filter((_, k) => k % 3 === 0).slice(0, 120);
  const sizes = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000, 1_024_000];

  it('falls with account value within 2 % from one size to the next, and fractional shares stay below whole ones', () => {
    const p = windowProblem(window, pick(), PERIODS);
    const f = accountFrontier(p, [lpTarget(p)], sizes, null);
    expect(f.points.map((x) => x.accountValue)).toEqual(sizes);
    for (let k = 1; k < f.points.length; k++) {
      expect(f.points[k]!.trackingError).toBeLessThanOrEqual(1.02 * f.points[k - 1]!.trackingError);
    }
    // the first size is far from the last: the frontier is not flat
    expect(f.points[0]!.trackingError).toBeGreaterThan(1.8 * f.points.at(-1)!.trackingError);
    f.points.forEach((whole, k) => {
      const frac = f.fractional[k]!;
      expect(frac.accountValue).toBe(whole.accountValue);
      expect(frac.trackingError).toBeCloseTo(te(activeOf(p, frac.weights, null)), 12);
      expect(frac.trackingError).toBeLessThanOrEqual(1.01 * whole.trackingError);
      expect(frac.meanAbsoluteDeviation).toBeLessThanOrEqual(whole.meanAbsoluteDeviation * (1 + 1e-9));
    });
  });

  it('places the minimum between two sizes: TE at the minimum meets the target, TE just below it does not', () => {
    const p = windowProblem(window, pick(), PERIODS);
    const f0 = accountFrontier(p, [lpTarget(p)], sizes, null);
    // a target between the third and the fourth size's tracking errors: the minimum lies between them
    const tau = (f0.points[2]!.trackingError + f0.points[3]!.trackingError) / 2;
    const builder = new FrontierBuilder(p, [lpTarget(p)]);
    for (const v of sizes) builder.addSize(v);
    const { minimum, search } = builder.minimum(tau);
    expect(search).not.toBeNull();
    expect(minimum).toBe(search!.minimum);
    expect(minimum!).toBeGreaterThan(sizes[2]!);
    expect(minimum!).toBeLessThanOrEqual(sizes[3]!);
    expect(search!.below).toBeGreaterThanOrEqual(sizes[2]!);
    expect(minimum! - search!.below).toBeLessThanOrEqual(0.01 * search!.below);
    expect(Number.isInteger(minimum)).toBe(true);

    // the portfolios the search reports, recomputed from their shares
    const at = (v: number) => [...builder.points, ...search!.probes].find((x) => x.accountValue === v)!;
    const atMinimum = at(minimum!);
    const atBelow = at(search!.below);
    expect(te(activeOf(p, atMinimum.shares, minimum!))).toBeLessThanOrEqual(tau);
    expect(te(activeOf(p, atBelow.shares, search!.below))).toBeGreaterThan(tau);
    expect(search!.trackingError).toBeCloseTo(te(activeOf(p, atMinimum.shares, minimum!)), 12);

    // no size of the grid below the bracket meets the target, and the largest always does
    expect(builder.points.slice(0, 3).every((x) => x.trackingError > tau)).toBe(true);
    expect(builder.minimum(builder.points.at(-1)!.trackingError * 0.5)).toEqual({ minimum: null, search: null });
    expect(builder.minimum(builder.points[0]!.trackingError * 1.01)).toEqual({ minimum: sizes[0], search: null });
  });

  it('never buys an excluded name, never spends more than the account, and keeps the cash floor, bounds and name limit', () => {
    const tickers = pick();
    const p = windowProblem(window, tickers, PERIODS);
    const excluded = new Set(tickers.slice(0, 3));
    // two targets of 20 names each, on different names: the descent may buy from both, never past 20 names
    const only = (names: string[]) => lpTarget(p, tickers.filter((t) => !names.includes(t)));
    const targets = [only(tickers.slice(3, 23)), only(tickers.slice(23, 43))].map((t, k) => ({ ...t, label: `half ${k}` }));
    const maxWeights = tickers.map((t) => (excluded.has(t) ? 0 : 0.1));
    const f = accountFrontier(p, targets, sizes, null, { cashMin: 0.02, maxNames: 20, minWeight: 0.01, maxWeights });
    for (const x of f.points) {
      const V = x.accountValue;
      let spent = 0;
      let names = 0;
      x.shares.forEach((n, i) => {
        expect(Number.isInteger(n) && n >= 0).toBe(true);
        if (excluded.has(tickers[i]!) || i >= 43) expect(n).toBe(0);
        const w = (n * p.prices[i]!) / V;
        spent += n * p.prices[i]!;
        if (n > 0) {
          names++;
          expect(w).toBeGreaterThanOrEqual(0.01 - 1e-12);
          expect(w).toBeLessThanOrEqual(0.1 + 1e-12);
        }
      });
      expect(spent).toBeLessThanOrEqual(0.98 * V + 1e-6);
      expect(names).toBeLessThanOrEqual(20);
      expect(x.names).toBe(names);
      expect(x.cashWeight).toBeCloseTo(1 - spent / V, 12);
    }
    // names of both targets end up held at some size: the limit binds on a real choice
    const held = new Set(f.points.flatMap((x) => [...x.shares.keys()].filter((i) => x.shares[i]! > 0)));
    expect([...held].some((i) => i < 23) && [...held].some((i) => i >= 23)).toBe(true);
  });
});
