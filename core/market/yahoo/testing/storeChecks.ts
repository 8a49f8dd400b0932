import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { Database } from '../../../store/database.ts';
import { priceRecordingsDir } from './priceRecordings.ts';

/*
 * What the Yahoo import's tests check a store against, computed apart from the import: the universe's counts by
 * SQL, a checksum of its rows, the raw prices of the shared data the recordings were made from, and the adjusted
 * closes of the recordings themselves.
 */

/** The universe row's counts as the rows themselves give them. */
export function countedUniverse(db: Database, universe: string): Record<string, unknown> {
  return db
    .prepare(
      `SELECT (SELECT count(*) FROM universe_members WHERE universe = $u) AS member_count,
              (SELECT count(DISTINCT ticker) FROM prices WHERE universe = $u) AS ticker_count,
              (SELECT count(*) FROM prices WHERE universe = $u) AS price_rows,
              (SELECT min(date) FROM prices WHERE universe = $u) AS first_date,
              (SELECT max(date) FROM prices WHERE universe = $u) AS last_date,
              (SELECT count(DISTINCT date) FROM prices WHERE universe = $u) AS trading_days,
              (SELECT count(*) FROM index_closes WHERE universe = $u) AS index_rows`,
    )
    .get({ u: universe }) as Record<string, unknown>;
}

export function storedUniverse(db: Database, universe: string): Record<string, unknown> | undefined {
  return db
    .prepare('SELECT member_count, ticker_count, price_rows, first_date, last_date, trading_days, index_rows FROM universes WHERE name = ?')
    .get(universe) as Record<string, unknown> | undefined;
}

/** A checksum of everything the import stores for a universe but the revisions (which number the run's own batches). */
export function universeChecksum(db: Database, universe: string): { rows: number; sha256: string } {
  const hash = createHash('sha256');
  let rows = 0;
  const add = (sql: string): void => {
    for (const row of db.prepare(sql).iterate(universe)) {
      hash.update(JSON.stringify(row));
      rows++;
    }
  };
  add('SELECT date, ticker, open, high, low, close, adj_close, volume FROM prices WHERE universe = ? ORDER BY date, ticker');
  add('SELECT ticker, name, sector, industry, market_cap, shares_outstanding, weight FROM universe_members WHERE universe = ? ORDER BY ticker');
  add('SELECT date, close FROM index_closes WHERE universe = ? ORDER BY date');
  add('SELECT member_count, ticker_count, price_rows, first_date, last_date, trading_days, index_rows FROM universes WHERE name = ?');
  return { rows, sha256: hash.digest('hex') };
}

const sharedSp500 = path.resolve(import.meta.dirname, '../../../../../shared/data/sp500');

export interface RawDay {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

let rawCache: Map<string, Map<string, RawDay>> | undefined;

/** The raw daily prices of the shared S&P 500 data (AlphaVantage's unadjusted values), by ticker and date, for 2020. */
export function sharedRawPrices(): Map<string, Map<string, RawDay>> {
  if (rawCache !== undefined) return rawCache;
  const text = zlib.gunzipSync(fs.readFileSync(path.join(sharedSp500, 'prices.csv.gz'))).toString('utf8');
  const from = text.indexOf('\n2020-');
  const to = text.indexOf('\n2021-');
  const rows = parse(text.slice(0, text.indexOf('\n')) + text.slice(from, to), { columns: true }) as Record<string, string>[];
  rawCache = new Map();
  for (const r of rows) {
    const ticker = r.ticker === 'BRK.B' ? 'BRK-B' : r.ticker!;
    let days = rawCache.get(ticker);
    if (days === undefined) rawCache.set(ticker, (days = new Map()));
    days.set(r.date!, { open: Number(r.open), high: Number(r.high), low: Number(r.low), close: Number(r.close), volume: Number(r.volume) });
  }
  return rawCache;
}

/** The S&P 500's closes in the shared data, by date. */
export function sharedIndexCloses(): Map<string, number> {
  const rows = parse(fs.readFileSync(path.join(sharedSp500, 'index.csv'), 'utf8'), { columns: true }) as { date: string; close: string }[];
  return new Map(rows.map((r) => [r.date, Number(r.close)]));
}

/** A recording's adjusted closes by New York date: what Yahoo said `adjclose` was, as of that recording. */
export function recordedAdjustedCloses(asOf: string, symbol: string): Map<string, number> {
  const recording = JSON.parse(fs.readFileSync(path.join(priceRecordingsDir(), asOf, `chart-${symbol}.json`), 'utf8')) as {
    response: { bodyJson: { chart: { result: { timestamp: number[]; indicators: { adjclose: { adjclose: number[] }[] } }[] } } };
  };
  const result = recording.response.bodyJson.chart.result[0]!;
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });
  return new Map(result.timestamp.map((t, k) => [date.format(new Date(t * 1000)), result.indicators.adjclose[0]!.adjclose[k]!]));
}

export function priceRows(db: Database, universe: string, ticker: string): { date: string; open: number; high: number; low: number; close: number; adj_close: number; volume: number; revision: number }[] {
  return db.prepare('SELECT date, open, high, low, close, adj_close, volume, revision FROM prices WHERE universe = ? AND ticker = ? ORDER BY date').all(universe, ticker) as never;
}
