import type { TrackingProblem } from '../../../tracking/trackingProblem.ts';
import type { PriceWindow } from '../../../usecases/testing/sp500Window.ts';

/**
 * The tracking problem of `tickers` over `periods` returns starting at date `start` of a loaded S&P 500
 * window: consecutive as-of dates give re-solves with the same structure and new data.
 */
export function shiftedProblem(window: PriceWindow, tickers: string[], start: number, periods: number): TrackingProblem {
  const n = tickers.length;
  const returns = new Float64Array(periods * n);
  tickers.forEach((ticker, i) => {
    const p = window.adjClose.get(ticker)!;
    for (let t = 0; t < periods; t++) returns[t * n + i] = p[start + t + 1]! / p[start + t]! - 1;
  });
  const ix = window.indexClose;
  return {
    universe: 'sp500',
    asOf: window.dates[start + periods]!,
    dates: window.dates.slice(start, start + periods + 1),
    tickers,
    sectors: tickers.map((t) => window.sector.get(t) ?? ''),
    returns,
    benchmarkReturns: Float64Array.from({ length: periods }, (_, t) => ix[start + t + 1]! / ix[start + t]! - 1),
    benchmarkWeights: Float64Array.from(tickers, () => 1 / n),
    prices: Float64Array.from(tickers, (t) => window.close.get(t)![start + periods]!),
    periodsPerYear: 252,
    benchmark: 'index',
    warnings: [],
  };
}
