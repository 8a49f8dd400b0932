import { beforeAll, describe, expect, it } from 'vitest';
import { loadSp500Window } from '../usecases/testing/sp500Window.ts';
import type { PricePanel } from './pricePanel.ts';
import { TrackingCovariance } from './trackingCovariance.ts';
import { activeReturns, trackingError } from './trackingError.ts';
import { TrackingErrorMeter } from './trackingErrorMeter.ts';
import type { TrackingProblem } from './trackingProblem.ts';
import { buildTrackingProblem } from './trackingUniverse.ts';
import { Seeded } from '../model/testing/seededRandom.ts';

/**
 * The quadratic form of trackingCovariance.ts against the returns themselves, on real S&P 500 prices:
 * the first 251 dates of ../shared/data/sp500 (read at run time) for 80 tickers, put through the
 * solver's own universe builder (buildTrackingProblem, index benchmark) from a PricePanel built here.
 */

let p: TrackingProblem;
beforeAll(async () => {
  const window = await loadSp500Window(251);
  // 80 tickers spread over the alphabet; some may lack a price on a date: the builder drops those
  const all = [...window.adjClose.keys()].sort();
  const tickers = all.filter((_, k) => k % Math.floor(all.length / 80) === 0).slice(0, 80);
  const T = window.dates.length;
  const N = tickers.length;
  const close = new Float64Array(T * N);
  const adjClose = new Float64Array(T * N);
  tickers.forEach((ticker, i) => {
    for (let t = 0; t < T; t++) {
      close[t * N + i] = window.close.get(ticker)![t]!;
      adjClose[t * N + i] = window.adjClose.get(ticker)![t]!;
    }
  });
  const panel: PricePanel = {
    universe: 'sp500',
    dates: window.dates,
    tickers,
    sectors: tickers.map((t) => window.sector.get(t) ?? ''),
    marketCaps: tickers.map((t) => window.marketCap.get(t) ?? null),
    weights: tickers.map(() => null),
    close,
    adjClose,
    indexClose: Float64Array.from(window.indexClose),
  };
  p = buildTrackingProblem(panel, { benchmark: 'index' });
});

/** Sample covariance of two series (L − 1), two-pass: a second method next to the class's. */
function sampleCov(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const L = x.length;
  let mx = 0;
  let my = 0;
  for (let t = 0; t < L; t++) {
    mx += x[t]!;
    my += y[t]!;
  }
  mx /= L;
  my /= L;
  let s = 0;
  for (let t = 0; t < L; t++) s += (x[t]! - mx) * (y[t]! - my);
  return s / (L - 1);
}

const column = (i: number) => Float64Array.from({ length: p.benchmarkReturns.length }, (_, t) => p.returns[t * p.tickers.length + i]!);

/** A random sparse portfolio with cash: k names, weights summing to `invested` < 1. */
function randomPortfolio(random: Seeded, n: number): { names: number[]; weights: number[]; dense: Float64Array } {
  const k = random.integer(1, 25);
  const names = [...new Set(Array.from({ length: k }, () => random.integer(0, n - 1)))];
  const raw = names.map(() => random.uniform() + 0.01);
  const invested = 0.5 + 0.5 * random.uniform();
  const total = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((x) => (invested * x) / total);
  const dense = new Float64Array(n);
  names.forEach((i, a) => (dense[i] = weights[a]!));
  return { names, weights, dense };
}

describe('TrackingCovariance', () => {
  it('the problem is the real one: most of the 80 tickers kept, 250 daily returns against the index', () => {
    expect(p.tickers.length).toBeGreaterThan(60);
    expect(p.benchmarkReturns.length).toBe(250);
    expect(p.periodsPerYear).toBe(252);
  });

  it('TE of the quadratic form equals trackingError(activeReturns) and the meter to 1e-10 relative on random sparse portfolios with cash', () => {
    const cov = new TrackingCovariance(p);
    const meter = new TrackingErrorMeter(p);
    const n = p.tickers.length;
    const random = new Seeded(17);
    let worst = 0;
    for (let trial = 0; trial < 200; trial++) {
      const { names, weights, dense } = randomPortfolio(random, n);
      const active = activeReturns(p, dense);
      const direct = trackingError(active, p.periodsPerYear);
      const quad = cov.trackingError(names, weights);
      // Var(a) itself, from the returns (sample variance, L − 1)
      expect(Math.abs(cov.activeVariance(names, weights) - sampleCov(active, active)) / sampleCov(active, active)).toBeLessThan(1e-10);
      const rel = Math.abs(quad - direct) / direct;
      worst = Math.max(worst, rel);
      expect(rel).toBeLessThan(1e-10);
      expect(Math.abs(meter.measure(names, weights) - quad) / direct).toBeLessThan(1e-10);
    }
    // all cash: the benchmark's own volatility, σ²_B
    expect(cov.trackingError([], [])).toBeCloseTo(trackingError(activeReturns(p, new Float64Array(n)), p.periodsPerYear), 14);
    expect(Math.abs(cov.benchmarkVariance - sampleCov(p.benchmarkReturns, p.benchmarkReturns)) / cov.benchmarkVariance).toBeLessThan(1e-12);
    // measured: 2.5e-15 at worst over these 200 portfolios
    expect(worst).toBeLessThan(1e-10);
  });

  it('Σ and c equal the two-pass sample covariances of the return columns', () => {
    const cov = new TrackingCovariance(p);
    const n = p.tickers.length;
    const random = new Seeded(3);
    for (let trial = 0; trial < 40; trial++) {
      const i = random.integer(0, n - 1);
      const j = random.integer(0, n - 1);
      const scale = Math.sqrt(cov.cov[i * n + i]! * cov.cov[j * n + j]!);
      expect(Math.abs(cov.cov[i * n + j]! - sampleCov(column(i), column(j))) / scale).toBeLessThan(1e-12);
      expect(cov.cov[i * n + j]).toBe(cov.cov[j * n + i]);
      const sb = Math.sqrt(cov.cov[i * n + i]! * cov.benchmarkVariance);
      expect(Math.abs(cov.withBenchmark[i]! - sampleCov(column(i), p.benchmarkReturns)) / sb).toBeLessThan(1e-12);
    }
  });

  it('over(names) gives the same block entries, in the order given, and the same quadratic form', () => {
    const cov = new TrackingCovariance(p);
    const n = p.tickers.length;
    const random = new Seeded(29);
    for (let trial = 0; trial < 30; trial++) {
      const { names, weights } = randomPortfolio(random, n);
      // not sorted on purpose: local index a is names[a]
      names.reverse();
      weights.reverse();
      const block = cov.over(names);
      const k = names.length;
      expect(block.names).toEqual(names);
      expect(block.benchmarkVariance).toBe(cov.benchmarkVariance);
      expect(block.periodsPerYear).toBe(p.periodsPerYear);
      for (let a = 0; a < k; a++) {
        expect(block.withBenchmark[a]).toBe(cov.withBenchmark[names[a]!]);
        for (let b = 0; b < k; b++) expect(block.cov[a * k + b]).toBe(cov.cov[names[a]! * n + names[b]!]);
      }
      // w'Σw − 2c'w + σ²_B over the block, summed here, against activeVariance over the universe
      let form = block.benchmarkVariance;
      for (let a = 0; a < k; a++) {
        form -= 2 * weights[a]! * block.withBenchmark[a]!;
        for (let b = 0; b < k; b++) form += weights[a]! * weights[b]! * block.cov[a * k + b]!;
      }
      expect(Math.abs(form - cov.activeVariance(names, weights)) / form).toBeLessThan(1e-12);
    }
  });
});
