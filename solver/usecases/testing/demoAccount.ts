import type { AccountHoldings } from '../../tracking/accountHoldings.ts';
import type { TrackingProblem } from '../../tracking/trackingProblem.ts';

/**
 * A small market for solving every use case in seconds: 8 names in 4 sectors over 60 daily returns
 * (one market factor plus noise from a fixed-seed generator, so more periods than names and a
 * non-trivial tracking optimum), a cap-weighted benchmark over them, and an account holding legacy
 * lots of 4 names with gains and losses, short and long term.
 */
export const DEMO_TICKERS = ['ALFA', 'BRVO', 'CHRL', 'DLTA', 'ECHO', 'FXTR', 'GOLF', 'HOTL'];
const SECTORS = ['Tech', 'Tech', 'Energy', 'Energy', 'Health', 'Health', 'Utilities', 'Utilities'];
const CAPS = [30, 20, 12, 8, 10, 9, 6, 5];
export const DEMO_PRICES = [182.5, 64.2, 97.8, 41.3, 250.1, 33.7, 77.4, 120.9];

export function demoProblem(periods = 60): TrackingProblem {
  let seed = 20240108;
  const uniform = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const n = DEMO_TICKERS.length;
  const capTotal = CAPS.reduce((a, b) => a + b, 0);
  const b = CAPS.map((c) => c / capTotal);
  const returns = new Float64Array(periods * n);
  const benchmark = new Float64Array(periods);
  for (let t = 0; t < periods; t++) {
    const market = 0.012 * (uniform() - 0.5);
    for (let i = 0; i < n; i++) {
      const r = (0.6 + 0.1 * i) * market + 0.02 * (uniform() - 0.5);
      returns[t * n + i] = r;
      benchmark[t]! += b[i]! * r;
    }
  }
  const start = Date.parse('2023-10-13T00:00:00Z');
  const dates = Array.from({ length: periods + 1 }, (_, t) => new Date(start + (t - periods) * 86_400_000 + periods * 86_400_000).toISOString().slice(0, 10));
  dates[periods] = '2024-01-08';
  return {
    universe: 'demo-small',
    asOf: '2024-01-08',
    dates,
    tickers: [...DEMO_TICKERS],
    sectors: [...SECTORS],
    returns,
    benchmarkReturns: benchmark,
    benchmarkWeights: Float64Array.from(b),
    prices: Float64Array.from(DEMO_PRICES),
    periodsPerYear: 252,
    benchmark: 'cap',
    warnings: [],
  };
}

/** Legacy holdings: concentrated in ALFA and CHRL, with gains, losses, short and long term lots. */
export function demoHoldings(): AccountHoldings {
  return {
    cash: 2500,
    lots: [
      { ticker: 'ALFA', shares: 120, costBasis: 95, acquired: '2019-03-11' },
      { ticker: 'ALFA', shares: 40, costBasis: 205, acquired: '2023-08-01' },
      { ticker: 'CHRL', shares: 150, costBasis: 120, acquired: '2022-11-20' },
      { ticker: 'CHRL', shares: 60, costBasis: 60, acquired: '2021-05-04' },
      { ticker: 'ECHO', shares: 20, costBasis: 240, acquired: '2023-12-28' },
      { ticker: 'HOTL', shares: 35, costBasis: 150, acquired: '2023-02-14' },
    ],
    recentSales: [{ ticker: 'FXTR', date: '2023-12-22', realizedGain: -310 }],
  };
}
