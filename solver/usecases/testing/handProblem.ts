import type { TrackingProblem } from '../../tracking/trackingProblem.ts';

/**
 * A tracking problem written by hand for known-answer tests: returns per name as columns, a
 * cap-weighted benchmark r^B_t = Σ_i b_i r_{t,i}, as-of 2024-01-08.
 */
export function handProblem(names: { ticker: string; price: number; returns: number[]; benchmarkWeight: number; sector?: string }[]): TrackingProblem {
  const n = names.length;
  const L = names[0]!.returns.length;
  const returns = new Float64Array(L * n);
  const benchmark = new Float64Array(L);
  for (let t = 0; t < L; t++) {
    names.forEach((name, i) => {
      returns[t * n + i] = name.returns[t]!;
      benchmark[t]! += name.benchmarkWeight * name.returns[t]!;
    });
  }
  return {
    universe: 'hand',
    asOf: '2024-01-08',
    dates: Array.from({ length: L + 1 }, (_, t) => (t === L ? '2024-01-08' : `2023-10-${String(1 + (t % 28)).padStart(2, '0')}`)),
    tickers: names.map((x) => x.ticker),
    sectors: names.map((x) => x.sector ?? ''),
    returns,
    benchmarkReturns: benchmark,
    benchmarkWeights: Float64Array.from(names.map((x) => x.benchmarkWeight)),
    prices: Float64Array.from(names.map((x) => x.price)),
    periodsPerYear: 252,
    benchmark: 'cap',
    warnings: [],
  };
}

/** A deterministic series of daily-return-sized numbers, different for each seed. */
export function returnSeries(seed: number, length: number, scale = 0.02): number[] {
  let s = seed;
  return Array.from({ length }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return scale * (s / 2147483648 - 0.5);
  });
}
