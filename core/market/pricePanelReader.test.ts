import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { ensureDemoMarket } from './demoMarket.ts';
import { importUniverse } from './priceImport.ts';
import { readPricePanel } from './pricePanelReader.ts';

// Six weekdays. BBB misses 2021-01-06 and has no adj_close; CCC lists on 2021-01-07; DDD has prices
// but is not in the constituents; the index misses 2021-01-07.
const dates = ['2021-01-04', '2021-01-05', '2021-01-06', '2021-01-07', '2021-01-08', '2021-01-11'];
type Row = [date: string, ticker: string, close: number, adjClose: number | null];
const rows: Row[] = [];
dates.forEach((date, t) => {
  rows.push([date, 'AAA', 10 + t, 9 + t]);
  if (date !== '2021-01-06') rows.push([date, 'BBB', 100 - t, null]);
  if (date >= '2021-01-07') rows.push([date, 'CCC', 5 + t / 10, 5 + t / 10]);
  rows.push([date, 'DDD', 1, 1]);
});
const indexLevels = new Map(dates.filter((d) => d !== '2021-01-07').map((d, k) => [d, 3000 + k]));

let dir: string;
let db: Database;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-panel-'));
  db = openDatabase(path.join(dir, 'jessica.sqlite'));
  const pricesFile = path.join(dir, 'prices.csv');
  // Written out of order: the reader must not depend on the file's order.
  fs.writeFileSync(pricesFile, ['date,ticker,close,adj_close', ...[...rows].reverse().map((r) => r.map((v) => v ?? '').join(','))].join('\n'));
  const constituentsFile = path.join(dir, 'constituents.csv');
  fs.writeFileSync(constituentsFile, 'ticker,sector,market_cap,weight\nCCC,Energy,,0.2\nAAA,Financials,5e9,0.5\nBBB,,7e9,\n');
  const indexFile = path.join(dir, 'index.csv');
  fs.writeFileSync(indexFile, ['date,close', ...[...indexLevels].map(([d, c]) => `${d},${c}`)].join('\n'));
  await importUniverse(db, { universe: 'small', pricesFile, constituentsFile, indexFile });
  await importUniverse(db, { universe: 'bare', pricesFile });
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The panel's close and adj_close as read straight from the fixture rows. */
function expectedPanel(window: string[], tickers: string[]) {
  const close = window.flatMap((date) => tickers.map((ticker) => rows.find((r) => r[0] === date && r[1] === ticker)?.[2] ?? NaN));
  const adjClose = window.flatMap((date) => tickers.map((ticker) => rows.find((r) => r[0] === date && r[1] === ticker)?.[3] ?? NaN));
  return { close, adjClose };
}

describe('readPricePanel', () => {
  it('reads lookback + 1 dates ending at the last date, members only, row-major with NaN gaps', () => {
    const panel = readPricePanel(db, 'small', { lookback: 3 });
    const window = dates.slice(2);
    expect(panel.universe).toBe('small');
    expect(panel.dates).toEqual(window);
    expect(panel.tickers).toEqual(['AAA', 'BBB', 'CCC']);
    expect(panel.sectors).toEqual(['Financials', '', 'Energy']);
    expect(panel.marketCaps).toEqual([5e9, 7e9, null]);
    expect(panel.weights).toEqual([0.5, null, 0.2]);
    const expected = expectedPanel(window, panel.tickers);
    expect([...panel.close]).toEqual(expected.close);
    expect([...panel.adjClose]).toEqual(expected.adjClose);
    // spot checks of the layout close[t * n + i]
    expect(panel.close[0 * 3 + 1]).toBeNaN(); // BBB on 2021-01-06
    expect(panel.close[0 * 3 + 2]).toBeNaN(); // CCC before it lists
    expect(panel.close[3 * 3 + 0]).toBe(15); // AAA on 2021-01-11
    expect([...panel.indexClose!]).toEqual([indexLevels.get('2021-01-06'), NaN, indexLevels.get('2021-01-08'), indexLevels.get('2021-01-11')]);
  });

  it('ends at the last trading date on or before asOf', () => {
    const onTradingDate = readPricePanel(db, 'small', { asOf: '2021-01-07', lookback: 2 });
    expect(onTradingDate.dates).toEqual(['2021-01-05', '2021-01-06', '2021-01-07']);
    const weekend = readPricePanel(db, 'small', { asOf: '2021-01-10', lookback: 4 });
    expect(weekend.dates).toEqual(dates.slice(0, 5));
    expect([...weekend.close]).toEqual(expectedPanel(dates.slice(0, 5), weekend.tickers).close);
    const afterTheEnd = readPricePanel(db, 'small', { asOf: '2030-01-01', lookback: 5 });
    expect(afterTheEnd.dates).toEqual(dates);
  });

  it('makes every priced ticker a member and has no index series when imported without files for them', () => {
    const panel = readPricePanel(db, 'bare', { lookback: 1 });
    expect(panel.tickers).toEqual(['AAA', 'BBB', 'CCC', 'DDD']);
    expect(panel.sectors).toEqual(['', '', '', '']);
    expect(panel.marketCaps).toEqual([null, null, null, null]);
    expect(panel.indexClose).toBeNull();
  });

  it('refuses a window longer than the history, saying how much there is', () => {
    expect(() => readPricePanel(db, 'small', { lookback: 6 })).toThrow(InputError);
    expect(() => readPricePanel(db, 'small', { lookback: 6 })).toThrow(/needs 7 trading dates .* it has 6, from 2021-01-04 to 2021-01-11/);
    expect(() => readPricePanel(db, 'small', { asOf: '2021-01-05', lookback: 2 })).toThrow(/ending on or before 2021-01-05; it has 2/);
    expect(() => readPricePanel(db, 'small', { asOf: '2020-12-31', lookback: 2 })).toThrow(/it has none/);
  });

  it('refuses an unknown universe, listing the known ones', () => {
    let caught: unknown;
    try {
      readPricePanel(db, 'sp600', { lookback: 2 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).where).toEqual({ field: 'universe' });
    expect((caught as InputError).message).toMatch(/unknown universe "sp600" \(known: bare, small\)/);
  });

  it('refuses a malformed asOf and a lookback below 1', () => {
    expect(() => readPricePanel(db, 'small', { asOf: '2021-02-30', lookback: 2 })).toThrow(/field asOf: "2021-02-30" is not a calendar date/);
    expect(() => readPricePanel(db, 'small', { lookback: 0 })).toThrow(/field lookback/);
  });

  it('reads the demo market: 504 tickers x 253 dates (its speed is the load stage of bench/optimize)', () => {
    ensureDemoMarket(db);
    const panel = readPricePanel(db, 'demo', { lookback: 252 });
    expect(panel.tickers.length).toBe(504);
    expect(panel.dates.length).toBe(253);
  });
});
