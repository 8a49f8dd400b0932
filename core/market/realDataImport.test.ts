import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../store/database.ts';
import { importUniverse, listUniverses } from './priceImport.ts';
import { readPricePanel } from './pricePanelReader.ts';

// The real files, read in place (never copied into the repo); the expected counts are the ones
// /work/shared/data/README.md states for them.
const repoRoot = path.resolve(import.meta.dirname, '../..');
const dataDir = path.resolve(repoRoot, '../shared/data');

let dir: string;
let db: Database;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-real-'));
  db = openDatabase(path.join(dir, 'jessica.sqlite'));
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function importReal(universe: 'sp500' | 'r2000') {
  return importUniverse(db, {
    universe,
    pricesFile: path.join(dataDir, universe, 'prices.csv.gz'),
    constituentsFile: path.join(dataDir, universe, 'constituents.csv'),
    indexFile: path.join(dataDir, universe, 'index.csv'),
  });
}

describe('importing the real data sets', () => {
  it('imports the S&P 500 file: 504 tickers, 2340 days, 1,136,986 rows', async () => {
    const summary = await importReal('sp500');
    expect(summary).toMatchObject({
      universe: 'sp500',
      rows: 1_136_986,
      tickers: 504,
      days: 2340,
      firstDate: '2012-01-03',
      lastDate: '2021-04-21',
      members: 504,
      indexRows: 2340,
      warnings: [],
    });
    // The first data row of the file, and the constituents facts of the README.
    expect(db.prepare("SELECT open, high, low, close, adj_close, volume FROM prices WHERE universe = 'sp500' AND ticker = 'A' AND date = '2012-01-03'").get()).toEqual({
      open: 35.84, high: 36.99, low: 35.74, close: 36.48, adj_close: 24.13212, volume: 2973100,
    });
    expect(db.prepare("SELECT count(*) FROM universe_members WHERE universe = 'sp500' AND market_cap IS NOT NULL").pluck().get()).toBe(425);
    expect(db.prepare("SELECT count(*) FROM universe_members WHERE universe = 'sp500' AND industry IS NOT NULL").pluck().get()).toBe(407);

    const panel = readPricePanel(db, 'sp500', { lookback: 252 });
    expect(panel.dates[252]).toBe('2021-04-21');
    expect(panel.tickers).toHaveLength(504);
    // One NaN per ticker-day without a row (later listings, and VAR whose last row is 2021-04-16).
    const missing = panel.close.reduce((count, close) => count + (Number.isNaN(close) ? 1 : 0), 0);
    const rowsInWindow = db
      .prepare("SELECT count(*) FROM prices WHERE universe = 'sp500' AND date BETWEEN ? AND ?")
      .pluck()
      .get(panel.dates[0], panel.dates[252]) as number;
    expect(missing).toBe(504 * 253 - rowsInWindow);
    expect(missing).toBeGreaterThan(0);
    expect(panel.close[252 * 504 + panel.tickers.indexOf('VAR')]).toBeNaN();
  });

  it('imports the Russell 2000 file: 1964 tickers, 758 days, 1,395,894 rows, adj_close empty', async () => {
    const summary = await importReal('r2000');
    expect(summary).toMatchObject({
      universe: 'r2000',
      rows: 1_395_894,
      tickers: 1964,
      days: 758,
      firstDate: '2014-11-10',
      lastDate: '2017-11-10',
      members: 1964,
      indexRows: 758,
    });
    expect(db.prepare("SELECT count(*) FROM prices WHERE universe = 'r2000' AND adj_close IS NOT NULL").pluck().get()).toBe(0);
    expect(listUniverses(db).map((u) => [u.name, u.members, u.tradingDays, u.priceRows, u.hasIndex])).toEqual([
      ['r2000', 1964, 758, 1_395_894, true],
      ['sp500', 504, 2340, 1_136_986, true],
    ]);
    // Gaps were not filled: the whole window has one NaN per missing ticker-day.
    const panel = readPricePanel(db, 'r2000', { lookback: 757 });
    const missing = panel.close.reduce((count, close) => count + (Number.isNaN(close) ? 1 : 0), 0);
    expect(missing).toBe(1964 * 758 - 1_395_894);
    expect(panel.adjClose.every(Number.isNaN)).toBe(true);
  });
});
