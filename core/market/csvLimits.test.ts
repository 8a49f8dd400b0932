import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAccountBook } from '../accounts/accountBook.ts';
import { readHoldingsCsv } from '../accounts/holdingsCsv.ts';
import { readRecentSalesCsv } from '../accounts/recentSalesCsv.ts';
import { InputError } from '../errors.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { GZIP_EXPANSION_CHECKED_AFTER, MAX_FIELDS, MAX_GZIP_EXPANSION, MAX_LINE_BYTES, MAX_RECORD_CHARS } from './csvLimits.ts';
import { importUniverse, type ImportRequest } from './priceImport.ts';

// Files that are not the CSV they should be end with an InputError within seconds, on every reader.

const SECONDS = 10;

let dir: string;
let db: Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-limits-'));
  db = openDatabase(path.join(dir, 'jessica.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const goodPrices = 'date,ticker,close\n2021-01-04,AAA,1\n2021-01-05,AAA,2\n';

/**
 * A gzip file of `members` gzip members, each `block` compressed at the best level: gunzip reads the
 * members one after another, so a bomb of gigabytes is written in a moment from one small member.
 */
function gzipBomb(name: string, head: string, block: Buffer, members: number): { file: string; decompressed: number } {
  const member = zlib.gzipSync(block, { level: 9 });
  const file = path.join(dir, name);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, zlib.gzipSync(head));
    for (let k = 0; k < members; k++) fs.writeSync(fd, member);
  } finally {
    fs.closeSync(fd);
  }
  return { file, decompressed: head.length + block.length * members };
}

/** The InputError `work` rejects with, and the seconds it took. */
async function timedFailure(work: () => Promise<unknown>): Promise<{ error: InputError; seconds: number }> {
  const started = performance.now();
  const outcome = await work().then(
    () => new Error('expected an InputError, and the read succeeded'),
    (error: unknown) => error,
  );
  const seconds = (performance.now() - started) / 1000;
  if (!(outcome instanceof InputError)) throw outcome;
  return { error: outcome, seconds };
}

const importPrices = (pricesFile: string, more: Partial<ImportRequest> = {}) => () => importUniverse(db, { universe: 'u', pricesFile, ...more });

const stagingFiles = (): string[] => fs.readdirSync(dir).filter((name) => name.includes('.staging-'));

describe('a file that never ends or is not a file', () => {
  it('/dev/zero as prices: an InputError at once, not a read that never ends', async () => {
    const { error, seconds } = await timedFailure(importPrices('/dev/zero'));
    expect(seconds).toBeLessThan(SECONDS);
    expect(error.where).toEqual({ file: '/dev/zero' });
    expect(error.message).toMatch(/^\/dev\/zero: is not a regular file/);
  });

  it('/dev/zero as any other file: constituents, index, an account book, holdings, recent sales', async () => {
    const prices = write('p.csv', goodPrices);
    const zero = '/dev/zero';
    const readers: [string, () => Promise<unknown>][] = [
      ['constituents', importPrices(prices, { constituentsFile: zero })],
      ['index', importPrices(prices, { indexFile: zero })],
      ['accounts', () => readAccountBook(zero)],
      ['book holdings', () => readAccountBook(write('a.csv', 'account_id,strategy,value,tax_status\nA1,core,1000,taxable\n'), zero)],
      ['holdings', () => readHoldingsCsv(zero)],
      ['recent sales', () => readRecentSalesCsv(zero, '2021-01-05')],
    ];
    for (const [what, read] of readers) {
      const { error, seconds } = await timedFailure(read);
      expect(seconds, what).toBeLessThan(SECONDS);
      expect(error.message, what).toMatch(/^\/dev\/zero: is not a regular file/);
    }
    expect(stagingFiles()).toEqual([]);
  });
});

describe('a line, a record or a row too large', () => {
  it('a file with no line end: fails after MAX_LINE_BYTES, naming line 1', async () => {
    const file = write('zeros.csv', Buffer.alloc(4 * MAX_LINE_BYTES, 0));
    const { error, seconds } = await timedFailure(importPrices(file));
    expect(seconds).toBeLessThan(SECONDS);
    expect(error.where).toEqual({ file, line: 1 });
    expect(error.message).toBe(`${file} line 1: line 1 is longer than 64 KiB: not a CSV file, or not one with line ends`);
  });

  it('a long line after good ones, in a gzip file: names its line', async () => {
    const file = write('long.csv.gz', zlib.gzipSync(`${goodPrices}2021-01-06,AAA,${'9'.repeat(MAX_LINE_BYTES + 10)}\n`));
    const { error } = await timedFailure(importPrices(file));
    expect(error.where).toEqual({ file, line: 4 });
    expect(error.message).toMatch(/line 4 is longer than 64 KiB/);
  });

  it('a line just under the limit imports', async () => {
    const wide = `x${'y'.repeat(MAX_LINE_BYTES - 100)}`;
    const file = write('wide.csv', `date,ticker,close,note\n2021-01-04,AAA,1,${wide}\n`);
    expect(await importUniverse(db, { universe: 'u', pricesFile: file })).toMatchObject({ rows: 1 });
  });

  it('lines ended by CR alone (Excel "CSV (Macintosh)") count as lines', async () => {
    const rows = ['date,ticker,close'];
    for (let k = 0; k < 5000; k++) rows.push(`2021-01-04,T${k},1`);
    const file = write('mac.csv', rows.join('\r'));
    expect(rows.join('\r').length).toBeGreaterThan(MAX_LINE_BYTES);
    expect(await importUniverse(db, { universe: 'u', pricesFile: file })).toMatchObject({ rows: 5000 });
  });

  it('a quote never closed: fails after MAX_RECORD_CHARS, in its own words, without quoting the file', async () => {
    const lines = Array.from({ length: 2 * (MAX_RECORD_CHARS / 16) }, (_, k) => `secret line ${String(k).padStart(3, '0')}`);
    const file = write('quote.csv', `date,ticker,close\n2021-01-04,"AAA,1\n${lines.join('\n')}\n`);
    const { error, seconds } = await timedFailure(importPrices(file));
    expect(seconds).toBeLessThan(SECONDS);
    expect(error.message).toMatch(/^.*quote\.csv line \d+: malformed CSV: a record is longer than 64 KiB \(a quote never closed, or not a CSV file\)$/);
    expect(error.message).not.toMatch(/secret/);
  });

  it(`a row of more than MAX_FIELDS (${MAX_FIELDS}) fields`, async () => {
    const file = write('wide.csv', `${['date', 'ticker', 'close', ...Array.from({ length: MAX_FIELDS }, (_, k) => `c${k}`)].join(',')}\n`);
    const { error } = await timedFailure(importPrices(file));
    expect(error.where).toEqual({ file, line: 1 });
    expect(error.message).toMatch(new RegExp(`the row has ${MAX_FIELDS + 3} fields, more than ${MAX_FIELDS}`));
  });

  it('a line of commas alone, far beyond MAX_FIELDS, fails on its length before it is split', async () => {
    const file = write('commas.csv', `date,ticker,close\n${','.repeat(50 * MAX_LINE_BYTES)}\n`);
    const { error, seconds } = await timedFailure(importPrices(file));
    expect(seconds).toBeLessThan(SECONDS);
    expect(error.where).toEqual({ file, line: 2 });
  });
});

describe('gzip bombs', () => {
  it('4.3 MB of gzip holding 4.4 GB of zeros: fails on the first line, in seconds', async () => {
    const { file, decompressed } = gzipBomb('zeros.csv.gz', '', Buffer.alloc(64 * 1024 * 1024, 0), 66);
    expect(fs.statSync(file).size).toBeGreaterThan(4e6);
    expect(decompressed).toBeGreaterThan(4e9);
    const { error, seconds } = await timedFailure(importPrices(file));
    expect(seconds).toBeLessThan(SECONDS);
    expect(error.message).toMatch(/line 1 is longer than 64 KiB/);
    expect(stagingFiles()).toEqual([]);
  });

  it('a header then gigabytes of empty lines (which the parser skips): stopped by the expansion ratio', async () => {
    const { file, decompressed } = gzipBomb('blank.csv.gz', goodPrices, Buffer.alloc(64 * 1024 * 1024, 10), 66);
    expect(decompressed / fs.statSync(file).size).toBeGreaterThan(MAX_GZIP_EXPANSION);
    const { error, seconds } = await timedFailure(importPrices(file));
    expect(seconds).toBeLessThan(SECONDS);
    expect(error.where).toEqual({ file });
    expect(error.message).toMatch(new RegExp(`decompresses \\d+:1 \\(more than ${MAX_GZIP_EXPANSION}:1\\): a gzip bomb`));
    expect(stagingFiles()).toEqual([]);
  });

  it('a gzip file of ordinary rows well past GZIP_EXPANSION_CHECKED_AFTER imports', async () => {
    // wide rows (a note column the import ignores), so the file passes the threshold in few rows
    const rows = ['date,ticker,close,note'];
    for (let k = 0; rows.length * 1000 < 1.1 * GZIP_EXPANSION_CHECKED_AFTER; k++) rows.push(`2021-01-04,T${k},${1 + k / 8},${randomBytes(490).toString('hex')}`);
    const file = write('ordinary.csv.gz', zlib.gzipSync(rows.join('\n')));
    expect(await importUniverse(db, { universe: 'u', pricesFile: file })).toMatchObject({ rows: rows.length - 1 });
  });
});
