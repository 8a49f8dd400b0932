import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { importUniverse } from '../market/priceImport.ts';
import { readPricePanel } from '../market/pricePanelReader.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { storeId } from './storeReader.ts';
import { syncStore } from './syncStore.ts';
import { loadDemoSlice } from './testing/demoSlice.ts';
import { queryRows, TEST_PG_URL, withDatabase } from './testing/scratchDatabase.ts';
import { writeSp500Slices } from './testing/sp500Slice.ts';
import { readTeamPricePanel } from './teamPricePanel.ts';

/*
 * The team database's panel against the store's, after a real sync into a scratch database of the test PostgreSQL:
 * `small` has every case the store's reader handles (a ticker missing a day, one without adj_close, one listed
 * late, one priced but not a member, a date only that one has, an index missing a day) and tickers that sort differently by bytes than by a
 * locale's collation (AA-B, AA.B, AA_B, AAB); `bare` has no constituents and no index; `sp500` is real data
 * (BRK.B, FOXA listed in 2019, VAR ending early); `demo` is the demo market cut to 100 names.
 */
const dates = ['2021-01-04', '2021-01-05', '2021-01-06', '2021-01-07', '2021-01-08', '2021-01-11'];
const ODD_TICKERS = ['AAB', 'AA_B', 'AA.B', 'AA-B'];

let dir: string;
let db: Database;
/** a database of this file's own, collated by ICU's English rules (AA_B before AAB), not by bytes */
const scratchName = `jessica_test_${randomBytes(6).toString('hex')}`;
const scratchUrl = withDatabase(TEST_PG_URL, scratchName);
let client: pg.Client;
let id: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-team-panel-'));
  db = openDatabase(path.join(dir, 'jessica.sqlite'));
  const prices: string[] = [];
  dates.forEach((date, t) => {
    prices.push(`${date},AAA,${10 + t + 0.1},${9 + t + 1 / 3}`);
    if (date !== '2021-01-06') prices.push(`${date},BBB,${100 - t},`);
    if (date >= '2021-01-07') prices.push(`${date},CCC,${5 + t / 10},${5 + t / 10}`);
    prices.push(`${date},DDD,1,1`);
    ODD_TICKERS.forEach((ticker, k) => prices.push(`${date},${ticker},${20 + k + t},${20 + k + t}`));
  });
  // a date only one ticker (not a member) has: still a trading date of the universe, as the store counts them
  prices.push('2021-01-09,EEE,3,3');
  const pricesFile = path.join(dir, 'prices.csv');
  // out of date order: neither reader may depend on the file's order
  fs.writeFileSync(pricesFile, `date,ticker,close,adj_close\n${prices.reverse().join('\n')}\n`);
  const constituentsFile = path.join(dir, 'constituents.csv');
  fs.writeFileSync(constituentsFile, `ticker,sector,market_cap,weight\nCCC,Energy,,0.2\nAAA,Financials,5e9,0.5\nBBB,,7e9,\n${ODD_TICKERS.map((t) => `${t},Energy,1e9,`).join('\n')}\n`);
  const indexFile = path.join(dir, 'index.csv');
  fs.writeFileSync(indexFile, ['date,close', ...dates.filter((d) => d !== '2021-01-07').map((d, k) => `${d},${3000 + k / 7}`)].join('\n'));
  await importUniverse(db, { universe: 'small', pricesFile, constituentsFile, indexFile });
  await importUniverse(db, { universe: 'bare', pricesFile });
  const { sp500 } = writeSp500Slices(dir, { sp500: ['AAPL', 'BRK.B', 'FOXA', 'VAR', 'MSFT', 'XOM'] });
  await importUniverse(db, { universe: 'sp500', ...sp500 });
  loadDemoSlice(db, 5, 300);

  await queryRows(TEST_PG_URL, `CREATE DATABASE ${scratchName} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8' LOCALE_PROVIDER icu ICU_LOCALE 'en'`);
  await syncStore({ db, home: dir }, { url: scratchUrl });
  client = new pg.Client({ connectionString: scratchUrl });
  await client.connect();
  id = storeId(db);
}, 120_000);

afterAll(async () => {
  await client?.end();
  await queryRows(TEST_PG_URL, `DROP DATABASE IF EXISTS ${scratchName} WITH (FORCE)`);
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the price panel read from the team database', () => {
  it.each([
    ['small', { lookback: 5 }],
    ['small', { lookback: 3, asOf: '2021-01-09' }],
    ['bare', { lookback: 4 }],
    ['sp500', { lookback: 252 }],
    ['sp500', { lookback: 504, asOf: '2019-06-28' }],
    ['sp500', { lookback: 20, asOf: '2021-04-18' }],
    ['demo', { lookback: 252 }],
  ] as const)('is the store’s panel, value for value: %s %o', async (universe, window) => {
    const team = await readTeamPricePanel(client, id, universe, window);
    const store = readPricePanel(db, universe, window);
    const { close: _c, adjClose: _a, indexClose: _i, ...teamFields } = team;
    const { close: _sc, adjClose: _sa, indexClose: _si, ...storeFields } = store;
    expect(teamFields).toEqual(storeFields);
    expect(team.close.length).toBe(store.dates.length * store.tickers.length);
    // NaN where the store has no price, and the same doubles bit for bit elsewhere
    const same = (a: Float64Array, b: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    expect(same(team.close, store.close)).toBe(true);
    expect(same(team.adjClose, store.adjClose)).toBe(true);
    if (store.indexClose) expect(same(team.indexClose!, store.indexClose)).toBe(true);
    else expect(team.indexClose).toBeNull();
  });

  it('orders tickers by bytes, as the store does, whatever the database’s collation', async () => {
    // the database itself sorts them otherwise
    expect((await client.query<{ t: string }>("SELECT unnest(ARRAY['AAB', 'AA_B', 'AA.B', 'AA-B']) AS t ORDER BY t")).rows.map((r) => r.t)).not.toEqual(['AA-B', 'AA.B', 'AAB', 'AA_B']);
    const team = await readTeamPricePanel(client, id, 'small', { lookback: 5 });
    expect(team.tickers.filter((t) => ODD_TICKERS.includes(t))).toEqual(['AA-B', 'AA.B', 'AAB', 'AA_B']);
    // the gaps are where the store has them: BBB on 2021-01-06, CCC before it listed, BBB's adj_close everywhere
    const at = (ticker: string, date: string) => team.dates.indexOf(date) * team.tickers.length + team.tickers.indexOf(ticker);
    expect(team.close[at('BBB', '2021-01-06')]).toBeNaN();
    expect(team.close[at('CCC', '2021-01-05')]).toBeNaN();
    expect(team.adjClose[at('BBB', '2021-01-05')]).toBeNaN();
    expect(team.tickers).not.toContain('DDD');
    expect(team.dates).toContain('2021-01-09');
  });

  it('refuses what the store’s reader refuses, in the same words, and a universe the team database lacks', async () => {
    const words = (read: () => unknown) => {
      try {
        read();
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    const storeWords = words(() => readPricePanel(db, 'small', { lookback: 9 }));
    await expect(readTeamPricePanel(client, id, 'small', { lookback: 9 })).rejects.toThrow(storeWords);
    expect(storeWords).toMatch(/needs 10 trading dates for a lookback of 9; it has 7/);
    await expect(readTeamPricePanel(client, id, 'nowhere', { lookback: 5 })).rejects.toThrow(InputError);
    await expect(readTeamPricePanel(client, id, 'nowhere', { lookback: 5 })).rejects.toThrow(/universe nowhere is not in the team database for this store .*: run jessica sync first/);
    // another store's rows are not this store's
    await expect(readTeamPricePanel(client, '00000000-0000-4000-8000-000000000000', 'small', { lookback: 5 })).rejects.toThrow(/not in the team database for this store/);
  });
});
