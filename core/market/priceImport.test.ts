import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, type InputLocation } from '../errors.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { listRuns } from '../store/runStore.ts';
import { storeData } from '../store/testing/storeData.ts';
import { importUniverse, listUniverses, PROGRESS_EVERY, type ImportRequest } from './priceImport.ts';

let dir: string;
let dbFile: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-import-'));
  dbFile = path.join(dir, 'jessica.sqlite');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, name.endsWith('.gz') ? zlib.gzipSync(text) : text);
  return file;
}

async function withDatabase<T>(work: (db: Database) => Promise<T> | T): Promise<T> {
  const db = openDatabase(dbFile);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

// Three days, three tickers; CCC lists on the second day; BBB has no adj_close (like r2000's file).
const goodPrices = `date,ticker,open,high,low,close,adj_close,volume
2021-01-04,AAA,10,11,9.5,10.5,10.4,1000
2021-01-04,BBB,200,201,199,200.5,,50
2021-01-05,AAA,10.5,11,10,10.75,10.65,1200
2021-01-05,BBB,200.5,203,200,202,,60
2021-01-05,CCC,3,3.2,2.9,3.1,3.1,0
2021-01-06,AAA,10.75,11.5,10.7,11,10.9,900
2021-01-06,BBB,202,202,198,199,,70
2021-01-06,CCC,3.1,3.3,3,3.2,3.2,10
`;
const goodConstituents = `ticker,name,sector,industry,market_cap,shares_outstanding,weight
AAA,Alpha Inc,Information Technology,Software,1000000000,95238095,0.5
BBB,Beta Corp,Financials,,2000000000,,0.3
CCC,Gamma plc,Energy,Oil,,,
`;
const goodIndex = `date,close
2021-01-04,3700.5
2021-01-05,3726.86
2021-01-06,3748.14
`;

describe('importUniverse on good files', () => {
  it('imports prices, constituents and index and lists the universe', async () => {
    const pricesFile = write('prices.csv', goodPrices);
    const progress: number[] = [];
    const summary = await withDatabase((db) =>
      importUniverse(db, {
        universe: 'tiny',
        pricesFile,
        constituentsFile: write('constituents.csv', goodConstituents),
        indexFile: write('index.csv', goodIndex),
        onProgress: (rows) => progress.push(rows),
      }),
    );
    expect(summary).toMatchObject({
      universe: 'tiny',
      rows: 8,
      tickers: 3,
      firstDate: '2021-01-04',
      lastDate: '2021-01-06',
      days: 3,
      members: 3,
      indexRows: 3,
      warnings: [],
    });
    expect(summary.seconds).toBeGreaterThan(0);
    expect(progress).toEqual([8]);

    await withDatabase((db) => {
      expect(listUniverses(db)).toEqual([
        { name: 'tiny', members: 3, tickersWithPrices: 3, firstDate: '2021-01-04', lastDate: '2021-01-06', tradingDays: 3, priceRows: 8, hasIndex: true },
      ]);
      expect(db.prepare("SELECT universe, date, ticker, open, high, low, close, adj_close, volume FROM prices WHERE ticker = 'BBB' AND date = '2021-01-05'").get()).toEqual({
        universe: 'tiny', date: '2021-01-05', ticker: 'BBB', open: 200.5, high: 203, low: 200, close: 202, adj_close: null, volume: 60,
      });
      expect(db.prepare("SELECT * FROM universe_members WHERE ticker = 'BBB'").get()).toEqual({
        universe: 'tiny', ticker: 'BBB', name: 'Beta Corp', sector: 'Financials', industry: null,
        market_cap: 2000000000, shares_outstanding: null, weight: 0.3,
      });
      expect(db.prepare("SELECT market_cap, weight FROM universe_members WHERE ticker = 'CCC'").get()).toEqual({ market_cap: null, weight: null });
      expect(db.prepare('SELECT date, close FROM index_closes ORDER BY date').raw().all()).toEqual([
        ['2021-01-04', 3700.5], ['2021-01-05', 3726.86], ['2021-01-06', 3748.14],
      ]);
    });
  });

  it('reads gzip by its magic bytes whatever the name, with columns in any order, any case, extras ignored', async () => {
    const shuffled = goodPrices
      .trim()
      .split('\n')
      .map((line) => {
        const [date, ticker, open, high, low, close, adj, volume] = line.split(',');
        return [volume, 'x', close, ticker, adj, date, low, high, open].join(',');
      });
    shuffled[0] = 'Volume,Exchange,Close,TICKER,Adj Close,Date,low,high,open';
    const gzipNamedCsv = path.join(dir, 'prices.csv');
    fs.writeFileSync(gzipNamedCsv, zlib.gzipSync(`\ufeff${shuffled.join('\r\n')}\r\n`));
    const plainNamedGz = path.join(dir, 'plain.csv.gz');
    fs.writeFileSync(plainNamedGz, goodPrices);
    await withDatabase(async (db) => {
      const fromGzip = await importUniverse(db, { universe: 'a', pricesFile: gzipNamedCsv });
      const fromPlain = await importUniverse(db, { universe: 'b', pricesFile: plainNamedGz });
      expect(fromGzip).toMatchObject({ rows: 8, tickers: 3, days: 3, members: 3, indexRows: 0 });
      expect(fromPlain).toMatchObject({ rows: 8, tickers: 3, days: 3, members: 3 });
      const dump = (universe: string) =>
        db.prepare('SELECT date, ticker, open, high, low, close, adj_close, volume FROM prices WHERE universe = ? ORDER BY date, ticker').raw().all(universe);
      expect(dump('a')).toEqual(dump('b'));
      expect(dump('a')).toHaveLength(8);
    });
  });

  it('takes only date, ticker, close when that is all there is, and makes every priced ticker a member', async () => {
    const minimal = write('close-only.csv.gz', 'date,ticker,close\n2021-01-04,AAA,1\n2021-01-04,BBB,2\n2021-01-05,AAA,1.5\n');
    await withDatabase(async (db) => {
      expect(await importUniverse(db, { universe: 'm', pricesFile: minimal })).toMatchObject({ rows: 3, tickers: 2, members: 2, days: 2 });
      expect(db.prepare('SELECT ticker, sector, market_cap FROM universe_members ORDER BY ticker').raw().all()).toEqual([
        ['AAA', null, null],
        ['BBB', null, null],
      ]);
      expect(db.prepare('SELECT count(*) FROM prices WHERE open IS NULL AND adj_close IS NULL AND volume IS NULL').pluck().get()).toBe(3);
    });
  });

  it('warns about priced tickers the constituents leave out, which are then not members', async () => {
    const summary = await withDatabase((db) =>
      importUniverse(db, { universe: 'w', pricesFile: write('p.csv', goodPrices), constituentsFile: write('c.csv', 'ticker\nAAA\n') }),
    );
    expect(summary.members).toBe(1);
    expect(summary.tickers).toBe(3);
    expect(summary.warnings).toHaveLength(1);
    expect(summary.warnings[0]).toMatch(/2 tickers .*not in c\.csv.*BBB, CCC/);
  });

  it('reports progress every PROGRESS_EVERY rows', async () => {
    const rows = ['date,ticker,close'];
    for (let k = 0; k < PROGRESS_EVERY + 5; k++) rows.push(`2021-01-04,T${k},1`);
    const progress: number[] = [];
    await withDatabase((db) => importUniverse(db, { universe: 'p', pricesFile: write('big.csv', rows.join('\n')), onProgress: (n) => progress.push(n) }));
    expect(progress).toEqual([PROGRESS_EVERY, PROGRESS_EVERY + 5]);
  });

  it('replaces a universe on re-import, leaving other universes alone', async () => {
    await withDatabase(async (db) => {
      await importUniverse(db, {
        universe: 'u',
        pricesFile: write('p1.csv', goodPrices),
        constituentsFile: write('c1.csv', goodConstituents),
        indexFile: write('i1.csv', goodIndex),
      });
      await importUniverse(db, { universe: 'other', pricesFile: write('p0.csv', goodPrices) });
      const summary = await importUniverse(db, { universe: 'u', pricesFile: write('p2.csv', 'date,ticker,close\n2022-03-01,ZZZ,5\n') });
      expect(summary).toMatchObject({ rows: 1, tickers: 1, members: 1, indexRows: 0, firstDate: '2022-03-01' });
      expect(db.prepare("SELECT DISTINCT ticker FROM prices WHERE universe = 'u'").pluck().all()).toEqual(['ZZZ']);
      expect(db.prepare("SELECT ticker FROM universe_members WHERE universe = 'u'").pluck().all()).toEqual(['ZZZ']);
      expect(db.prepare("SELECT count(*) FROM index_closes WHERE universe = 'u'").pluck().get()).toBe(0);
      expect(db.prepare("SELECT count(*) FROM prices WHERE universe = 'other'").pluck().get()).toBe(8);
      expect(listUniverses(db).map((u) => [u.name, u.priceRows, u.hasIndex])).toEqual([
        ['other', 8, false],
        ['u', 1, false],
      ]);
    });
  });
});

describe('importUniverse on bad input', () => {
  /**
   * Imports good data into universe `u`, then the bad request into the same universe (which would replace
   * it), and checks the InputError's location, that the closed, checkpointed store holds every row it held
   * before, and that the failed import is in its run history (unless refused before it read a row).
   */
  async function expectRejected(bad: Partial<ImportRequest>, where: InputLocation, problem: RegExp): Promise<void> {
    await withDatabase((db) =>
      importUniverse(db, {
        universe: 'u',
        pricesFile: write('good-prices.csv', goodPrices),
        constituentsFile: write('good-constituents.csv', goodConstituents),
        indexFile: write('good-index.csv', goodIndex),
      }),
    );
    const before = await withDatabase((db) => ({ data: storeData(db), runs: listRuns(db).length }));
    const error = await withDatabase((db) =>
      importUniverse(db, { universe: 'u', pricesFile: write('good-prices.csv', goodPrices), ...bad }).then(
        () => undefined,
        (caught: unknown) => caught,
      ),
    );
    expect(error).toBeInstanceOf(InputError);
    const inputError = error as InputError;
    expect(inputError.where).toEqual(where);
    expect(inputError.message).toMatch(problem);
    if (where.file !== undefined) expect(inputError.message.startsWith(where.file)).toBe(true);
    if (where.line !== undefined) expect(inputError.message).toContain(`line ${where.line}`);
    if (where.field !== undefined) expect(inputError.message).toContain(`field ${where.field}`);
    expect(fs.existsSync(`${dbFile}-wal`)).toBe(false);
    const after = await withDatabase((db) => ({ data: storeData(db), runs: listRuns(db) }));
    expect(after.data).toEqual(before.data);
    const recorded = after.runs.slice(0, after.runs.length - before.runs);
    expect(recorded.length).toBeLessThanOrEqual(1);
    for (const run of recorded) expect(run).toMatchObject({ kind: 'import', status: 'failed', universe: 'u', result: { message: inputError.message } });
  }

  const replaceLine = (text: string, line: number, content: string) => {
    const lines = text.split('\n');
    lines[line - 1] = content;
    return lines.join('\n');
  };

  it('missing prices file', async () => {
    const file = path.join(dir, 'absent.csv.gz');
    await expectRejected({ pricesFile: file }, { file }, /file not found/);
  });

  it('empty prices file', async () => {
    const file = write('empty.csv', '');
    await expectRejected({ pricesFile: file }, { file }, /empty/);
  });

  it('gzip file holding nothing', async () => {
    const file = write('empty.csv.gz', '');
    await expectRejected({ pricesFile: file }, { file }, /empty/);
  });

  it('header without rows', async () => {
    const file = write('header.csv', 'date,ticker,close\n');
    await expectRejected({ pricesFile: file }, { file, line: 2 }, /no data rows/);
  });

  it('missing required column', async () => {
    const file = write('no-close.csv', 'date,ticker,open\n2021-01-04,AAA,1\n');
    await expectRejected({ pricesFile: file }, { file, line: 1, field: 'close' }, /missing required column close/);
  });

  it('a date that is not a calendar date', async () => {
    const file = write('bad-date.csv', replaceLine(goodPrices, 6, '2021-02-30,CCC,3,3.2,2.9,3.1,3.1,0'));
    await expectRejected({ pricesFile: file }, { file, line: 6, field: 'date' }, /"2021-02-30" is not a date/);
  });

  it('a date in another format', async () => {
    const file = write('us-date.csv', replaceLine(goodPrices, 2, '01/04/2021,AAA,10,11,9.5,10.5,10.4,1000'));
    await expectRejected({ pricesFile: file }, { file, line: 2, field: 'date' }, /not a date/);
  });

  it('a non-numeric close', async () => {
    const file = write('abc.csv.gz', replaceLine(goodPrices, 5, '2021-01-05,BBB,200.5,203,200,abc,,60'));
    await expectRejected({ pricesFile: file }, { file, line: 5, field: 'close' }, /"abc" is not a number/);
  });

  it('an empty close', async () => {
    const file = write('no-close-value.csv', replaceLine(goodPrices, 3, '2021-01-04,BBB,200,201,199,,,50'));
    await expectRejected({ pricesFile: file }, { file, line: 3, field: 'close' }, /is empty/);
  });

  it('a zero close', async () => {
    const file = write('zero.csv', replaceLine(goodPrices, 7, '2021-01-06,AAA,10.75,11.5,10.7,0,10.9,900'));
    await expectRejected({ pricesFile: file }, { file, line: 7, field: 'close' }, /0 is not positive/);
  });

  it('a negative open', async () => {
    const file = write('neg-open.csv', replaceLine(goodPrices, 4, '2021-01-05,AAA,-10.5,11,10,10.75,10.65,1200'));
    await expectRejected({ pricesFile: file }, { file, line: 4, field: 'open' }, /-10.5 is not positive/);
  });

  it('a non-numeric adj_close', async () => {
    const file = write('adj.csv', replaceLine(goodPrices, 2, '2021-01-04,AAA,10,11,9.5,10.5,n/a,1000'));
    await expectRejected({ pricesFile: file }, { file, line: 2, field: 'adj_close' }, /"n\/a" is not a number/);
  });

  it('a negative volume', async () => {
    const file = write('neg-volume.csv', replaceLine(goodPrices, 9, '2021-01-06,CCC,3.1,3.3,3,3.2,3.2,-10'));
    await expectRejected({ pricesFile: file }, { file, line: 9, field: 'volume' }, /-10 is negative/);
  });

  it('a duplicate (date, ticker)', async () => {
    const file = write('dup.csv', `${goodPrices}2021-01-05,BBB,1,1,1,1,,1\n`);
    await expectRejected({ pricesFile: file }, { file, line: 10, field: 'ticker' }, /duplicate row: BBB already has a price on 2021-01-05/);
  });

  it('a row with a missing field', async () => {
    const file = write('short.csv', replaceLine(goodPrices, 8, '2021-01-06,BBB,202,202,198,199'));
    await expectRejected({ pricesFile: file }, { file, line: 8 }, /malformed CSV/);
  });

  it('a bad row after many good ones', async () => {
    const rows = ['date,ticker,close'];
    for (let k = 0; k < 20_000; k++) rows.push(`2021-01-04,T${k},${1 + k}`);
    rows.push('2021-01-05,T0,-1');
    const file = write('late.csv.gz', rows.join('\n'));
    await expectRejected({ pricesFile: file }, { file, line: 20_002, field: 'close' }, /-1 is not positive/);
  });

  it('a corrupt gzip file', async () => {
    const file = path.join(dir, 'corrupt.csv.gz');
    const gz = zlib.gzipSync(goodPrices.repeat(50));
    fs.writeFileSync(file, Buffer.concat([gz.subarray(0, 40), Buffer.alloc(40, 7)]));
    await expectRejected({ pricesFile: file }, { file }, /not a readable gzip file/);
  });

  it('constituents naming a ticker that has no prices', async () => {
    const file = write('constituents.csv', `${goodConstituents}ZZZ,Zeta,Energy,,,,\n`);
    await expectRejected({ constituentsFile: file }, { file, line: 5, field: 'ticker' }, /ticker ZZZ has no prices in good-prices\.csv/);
  });

  it('constituents with a non-numeric market cap', async () => {
    const file = write('constituents.csv', replaceLine(goodConstituents, 3, 'BBB,Beta Corp,Financials,,2bn,,0.3'));
    await expectRejected({ constituentsFile: file }, { file, line: 3, field: 'market_cap' }, /"2bn" is not a number/);
  });

  it('constituents with a non-numeric weight', async () => {
    const file = write('constituents.csv', replaceLine(goodConstituents, 2, 'AAA,Alpha Inc,Information Technology,Software,1000000000,95238095,half'));
    await expectRejected({ constituentsFile: file }, { file, line: 2, field: 'weight' }, /"half" is not a number/);
  });

  it('constituents listing a ticker twice', async () => {
    const file = write('constituents.csv', `${goodConstituents}AAA,Again,,,,,\n`);
    await expectRejected({ constituentsFile: file }, { file, line: 5, field: 'ticker' }, /AAA is listed twice/);
  });

  it('constituents without a ticker column', async () => {
    const file = write('constituents.csv', 'symbol,name\nAAA,Alpha\n');
    await expectRejected({ constituentsFile: file }, { file, line: 1, field: 'ticker' }, /missing required column ticker/);
  });

  it('a missing constituents file', async () => {
    const file = path.join(dir, 'nowhere', 'constituents.csv');
    await expectRejected({ constituentsFile: file }, { file }, /file not found/);
  });

  it('an index with a bad close', async () => {
    const file = write('index.csv', replaceLine(goodIndex, 3, '2021-01-05,-1'));
    await expectRejected({ indexFile: file }, { file, line: 3, field: 'close' }, /-1 is not positive/);
  });

  it('an index with a bad date', async () => {
    const file = write('index.csv', replaceLine(goodIndex, 4, '2021-01-32,3748.14'));
    await expectRejected({ indexFile: file }, { file, line: 4, field: 'date' }, /not a date/);
  });

  it('an index with a date twice', async () => {
    const file = write('index.csv', `${goodIndex}2021-01-05,1\n`);
    await expectRejected({ indexFile: file }, { file, line: 5, field: 'date' }, /2021-01-05 already has an index close/);
  });

  it('a universe name that is not a name', async () => {
    await expectRejected({ universe: 'bad name;' }, { field: 'universe' }, /not a valid universe name/);
  });
});

describe('instruments', () => {
  it('one row per ticker across universes; a later import fills what it knows and never blanks a known field', async () => {
    const prices = write('p.csv', goodPrices);
    await withDatabase(async (db) => {
      await importUniverse(db, { universe: 'first', pricesFile: prices, constituentsFile: write('c1.csv', goodConstituents) });
      // a second dataset knows BBB's industry, not AAA's sector, and calls CCC something else
      const second = `ticker,name,sector,industry\nAAA,,,\nBBB,Beta Corp,Financials,Banks\nCCC,Gamma Energy plc,Energy,\n`;
      await importUniverse(db, { universe: 'second', pricesFile: prices, constituentsFile: write('c2.csv', second) });
      const rows = db.prepare('SELECT ticker, name, sector, industry FROM instruments ORDER BY ticker').all();
      expect(rows).toEqual([
        { ticker: 'AAA', name: 'Alpha Inc', sector: 'Information Technology', industry: 'Software' },
        { ticker: 'BBB', name: 'Beta Corp', sector: 'Financials', industry: 'Banks' },
        { ticker: 'CCC', name: 'Gamma Energy plc', sector: 'Energy', industry: 'Oil' },
      ]);
    });
  });
});
