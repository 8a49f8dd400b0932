import { createReadStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type { TrackingProblem } from '../../tracking/trackingProblem.ts';

/**
 * Real S&P 500 prices for tests, read at run time from ../shared/data/sp500 (never copied): the
 * first dates of the file for every ticker, plus sectors, 2018 market caps and index closes. The
 * file is sorted by date, so reading stops as soon as the window is complete.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SP500_DIR = path.resolve(repoRoot, '../shared/data/sp500');

export interface PriceWindow {
  dates: string[];
  /** per ticker, one price per date (NaN where the ticker has none) */
  adjClose: Map<string, number[]>;
  close: Map<string, number[]>;
  sector: Map<string, string>;
  marketCap: Map<string, number>;
  indexClose: number[];
}

export async function loadSp500Window(dateCount: number): Promise<PriceWindow> {
  const dates: string[] = [];
  const rows: { date: string; ticker: string; close: number; adj: number }[] = [];
  const file = createReadStream(path.join(SP500_DIR, 'prices.csv.gz'));
  const records = file.pipe(createGunzip()).pipe(parse({ columns: true }));
  for await (const r of records as AsyncIterable<Record<string, string>>) {
    if (dates[dates.length - 1] !== r.date) {
      if (dates.length === dateCount) break;
      dates.push(r.date!);
    }
    rows.push({ date: r.date!, ticker: r.ticker!, close: Number(r.close), adj: Number(r.adj_close) });
  }
  file.destroy();

  const position = new Map(dates.map((d, t) => [d, t]));
  const adjClose = new Map<string, number[]>();
  const close = new Map<string, number[]>();
  for (const r of rows) {
    if (!adjClose.has(r.ticker)) {
      adjClose.set(r.ticker, new Array<number>(dates.length).fill(NaN));
      close.set(r.ticker, new Array<number>(dates.length).fill(NaN));
    }
    const t = position.get(r.date)!;
    adjClose.get(r.ticker)![t] = r.adj;
    close.get(r.ticker)![t] = r.close;
  }

  const constituents = parseSync(readFileSync(path.join(SP500_DIR, 'constituents.csv')), { columns: true }) as Record<string, string>[];
  const sector = new Map(constituents.map((c) => [c.ticker!, c.sector ?? '']));
  const marketCap = new Map(constituents.filter((c) => c.market_cap).map((c) => [c.ticker!, Number(c.market_cap)]));
  const index = parseSync(readFileSync(path.join(SP500_DIR, 'index.csv')), { columns: true }) as Record<string, string>[];
  const indexByDate = new Map(index.map((r) => [r.date!, Number(r.close)]));
  return { dates, adjClose, close, sector, marketCap, indexClose: dates.map((d) => indexByDate.get(d) ?? NaN) };
}

/** Tickers with a price on every date of the first `dateCount` dates (and a market cap when asked). */
export function completeTickers(window: PriceWindow, dateCount: number, needMarketCap = false): string[] {
  return [...window.adjClose.keys()]
    .filter((t) => window.adjClose.get(t)!.slice(0, dateCount).every(Number.isFinite))
    .filter((t) => !needMarketCap || window.marketCap.has(t))
    .sort();
}

/**
 * The tracking problem of `tickers` over the first `periods` returns of the window, tracking the
 * index (r^B_t from its closes); b_i ∝ market cap (for sector bands), prices = raw close at as-of.
 */
export function windowProblem(window: PriceWindow, tickers: string[], periods: number): TrackingProblem {
  const n = tickers.length;
  const returns = new Float64Array(periods * n);
  tickers.forEach((ticker, i) => {
    const p = window.adjClose.get(ticker)!;
    for (let t = 0; t < periods; t++) returns[t * n + i] = p[t + 1]! / p[t]! - 1;
  });
  const ix = window.indexClose;
  const caps = tickers.map((t) => window.marketCap.get(t) ?? 0);
  const capTotal = caps.reduce((s, c) => s + c, 0);
  return {
    universe: 'sp500',
    asOf: window.dates[periods]!,
    dates: window.dates.slice(0, periods + 1),
    tickers,
    sectors: tickers.map((t) => window.sector.get(t) ?? ''),
    returns,
    benchmarkReturns: Float64Array.from({ length: periods }, (_, t) => ix[t + 1]! / ix[t]! - 1),
    benchmarkWeights: Float64Array.from(caps, (c) => (capTotal > 0 ? c / capTotal : 1 / n)),
    prices: Float64Array.from(tickers, (t) => window.close.get(t)![periods]!),
    periodsPerYear: 252,
    benchmark: 'index',
    warnings: [],
  };
}
