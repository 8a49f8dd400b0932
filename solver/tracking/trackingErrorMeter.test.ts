import { describe, expect, it } from 'vitest';
import { activeReturns, trackingError } from './trackingError.ts';
import { TrackingErrorMeter } from './trackingErrorMeter.ts';
import type { TrackingProblem } from './trackingProblem.ts';

function problem(n: number, L: number): TrackingProblem {
  const returns = new Float64Array(n * L);
  for (let k = 0; k < returns.length; k++) returns[k] = Math.sin(k * 12.9898) * 0.02;
  const benchmarkReturns = new Float64Array(L);
  for (let t = 0; t < L; t++) benchmarkReturns[t] = Math.cos(t * 7.1) * 0.01;
  return {
    universe: 't',
    asOf: '2020-01-01',
    dates: [],
    tickers: Array.from({ length: n }, (_, i) => `T${i}`),
    sectors: Array.from({ length: n }, () => ''),
    returns,
    benchmarkReturns,
    benchmarkWeights: new Float64Array(n).fill(1 / n),
    prices: new Float64Array(n).fill(10),
    periodsPerYear: 252,
    benchmark: 'index',
    warnings: [],
  };
}

describe('TrackingErrorMeter', () => {
  it('equals trackingError(activeReturns) on the dense weights, cash earning 0', () => {
    const p = problem(40, 60);
    const meter = new TrackingErrorMeter(p);
    const names = [3, 7, 21, 39];
    const weights = [0.3, 0.25, 0.2, 0.15];
    const dense = new Float64Array(40);
    names.forEach((i, k) => (dense[i] = weights[k]!));
    expect(meter.measure(names, weights)).toBeCloseTo(trackingError(activeReturns(p, dense), 252), 14);
    // all cash: the benchmark's own volatility
    expect(meter.measure([], [])).toBeCloseTo(trackingError(activeReturns(p, new Float64Array(40)), 252), 14);
  });
});
