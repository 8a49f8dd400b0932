import { describe, expect, it } from 'vitest';
import type { PricePanel } from './pricePanel.ts';
import { periodsPerYear } from './periodsPerYear.ts';
import { activeReturns, meanAbsoluteDeviation, trackingError } from './trackingError.ts';
import { buildTrackingProblem, TrackingUniverseError } from './trackingUniverse.ts';

/** 4 dates × 3 tickers; C misses a price on the second date. */
function panel(overrides: Partial<PricePanel> = {}): PricePanel {
  const NaN_ = Number.NaN;
  return {
    universe: 'toy',
    dates: ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'],
    tickers: ['A', 'B', 'C'],
    sectors: ['Tech', 'Energy', 'Tech'],
    marketCaps: [300, 100, 600],
    weights: [null, null, null],
    close: Float64Array.from([10, 50, 7, 11, 50, NaN_, 12.1, 45, 7, 11, 54, 7]),
    adjClose: Float64Array.from([5, NaN_, 7, 5.5, NaN_, NaN_, 6.05, NaN_, 7, 5.5, NaN_, 7]),
    indexClose: Float64Array.from([100, 102, 101, 103]),
    ...overrides,
  };
}

describe('buildTrackingProblem', () => {
  it('keeps members priced on every date and computes returns on adj_close, else close', () => {
    const p = buildTrackingProblem(panel(), { benchmark: 'index' });
    expect(p.tickers).toEqual(['A', 'B']);
    expect(p.sectors).toEqual(['Tech', 'Energy']);
    expect(p.warnings.join(' ')).toMatch(/1 members lack a price.*C/);
    // A on adj_close: 5 → 5.5 → 6.05 → 5.5
    const L = 3;
    const rA = [0.1, 0.1, 5.5 / 6.05 - 1];
    // B has no adj_close at all: close 50 → 50 → 45 → 54
    const rB = [0, -0.1, 0.2];
    for (let t = 0; t < L; t++) {
      expect(p.returns[t * 2]).toBeCloseTo(rA[t]!, 12);
      expect(p.returns[t * 2 + 1]).toBeCloseTo(rB[t]!, 12);
    }
    expect([...p.benchmarkReturns]).toEqual([0.02, 101 / 102 - 1, 103 / 101 - 1].map((v) => expect.closeTo(v, 12)));
    // raw close at the as-of date, not the adjusted one
    expect([...p.prices]).toEqual([11, 54]);
    expect(p.asOf).toBe('2024-01-05');
    expect(p.periodsPerYear).toBe(252);
  });

  it('cap benchmark: b ∝ market cap renormalized over the universe, r^B = Σ b r', () => {
    const p = buildTrackingProblem(panel(), { benchmark: 'cap' });
    expect([...p.benchmarkWeights]).toEqual([0.75, 0.25]);
    expect(p.benchmarkReturns[1]).toBeCloseTo(0.75 * 0.1 + 0.25 * -0.1, 12);
  });

  it('the weight column wins over market cap', () => {
    const p = buildTrackingProblem(panel({ weights: [1, 3, 5] }), { benchmark: 'cap' });
    expect([...p.benchmarkWeights]).toEqual([0.25, 0.75]);
  });

  it('defaults to the index when there is one, to cap otherwise, and refuses index without a series', () => {
    expect(buildTrackingProblem(panel()).benchmark).toBe('index');
    expect(buildTrackingProblem(panel({ indexClose: null })).benchmark).toBe('cap');
    expect(() => buildTrackingProblem(panel({ indexClose: null }), { benchmark: 'index' })).toThrow(TrackingUniverseError);
  });
});

describe('tracking measures', () => {
  it('MAD and annualized tracking error follow their definitions', () => {
    const p = buildTrackingProblem(panel(), { benchmark: 'cap' });
    const w = [0.5, 0.3]; // 20% cash earns nothing
    const a = activeReturns(p, w);
    const expected = [0, 1, 2].map((t) => 0.5 * p.returns[t * 2]! + 0.3 * p.returns[t * 2 + 1]! - p.benchmarkReturns[t]!);
    expect([...a]).toEqual(expected.map((v) => expect.closeTo(v, 14)));
    expect(meanAbsoluteDeviation(a)).toBeCloseTo(expected.reduce((s, v) => s + Math.abs(v), 0) / 3, 14);
    const mean = expected.reduce((s, v) => s + v, 0) / 3;
    const sd = Math.sqrt(expected.reduce((s, v) => s + (v - mean) ** 2, 0) / 2);
    expect(trackingError(a, 252)).toBeCloseTo(Math.sqrt(252) * sd, 14);
    // the benchmark itself tracks perfectly
    expect(trackingError(activeReturns(p, p.benchmarkWeights), 252)).toBeLessThan(1e-15);
  });

  it('infers periods per year from date spacing', () => {
    expect(periodsPerYear(['2024-01-05', '2024-01-12', '2024-01-19', '2024-01-26'])).toBe(52);
    expect(periodsPerYear(['2024-01-31', '2024-02-29', '2024-03-31'])).toBe(12);
    expect(periodsPerYear(['2024-01-05', '2024-01-08', '2024-01-09', '2024-01-10'])).toBe(252);
  });
});
