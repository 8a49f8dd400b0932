import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, NotFoundError } from '../errors.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { loadStoredBook, readAccountBook } from './accountBook.ts';
import { importAccounts } from './accountsImport.ts';
import { listBookAccounts } from './bookStore.ts';

let dir: string;
let db: Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-book-store-'));
  db = openDatabase(path.join(dir, 'jessica.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Every stored row of the book tables, hashed: equal digests mean nothing was written. */
function bookDigest(): string {
  const rows = ['books', 'accounts', 'account_lots'].map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all());
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

const accountsV1 = [
  'account_id,strategy,value,tax_status,exclude,cash',
  'B2,core,250000,taxable,MO;sector:energy,',
  'A1,income,80000.5,deferred,,1000',
  'C3,core,1500000,taxable,XOM,250000',
];
const lotsV1 = ['account_id,ticker,shares,cost_basis,acquired', 'C3,AAPL,100,120.5,2019-05-01', 'B2,MSFT,10,,', 'C3,AAPL,50,,2021-01-04', 'C3,XOM,30,55,2018-03-01'];

describe('accounts/import', () => {
  it('stores the book and reads it back as the files give it (import → list round trip)', async () => {
    const accounts = write('accounts.csv', accountsV1);
    const holdings = write('lots.csv', lotsV1);
    const summary = await importAccounts(db, { file: accounts, holdingsFile: holdings, book: 'north' });
    expect(summary).toEqual({
      book: 'north',
      accounts: 3,
      lots: 4,
      strategies: ['core', 'income'],
      taxable: 2,
      deferred: 1,
      totalValue: 250000 + 80000.5 + 1500000,
      warnings: ['1 account holds a ticker it excludes (e.g. C3 holds XOM): those lots are sold'],
    });
    const fromFiles = await readAccountBook(accounts, holdings);
    expect(loadStoredBook(db, 'north')).toEqual(fromFiles);
    expect(listBookAccounts(db, 'north', 1000)).toEqual(fromFiles.accounts.map((a) => ({ ...a, lots: a.accountId === 'C3' ? 3 : a.accountId === 'B2' ? 1 : 0 })));
    expect(listBookAccounts(db, 'north', 2).map((a) => a.accountId)).toEqual(['B2', 'A1']);
  });

  it('a re-import replaces the book whole; other books are untouched', async () => {
    await importAccounts(db, { file: write('v1.csv', accountsV1), holdingsFile: write('lots.csv', lotsV1), book: 'north' });
    await importAccounts(db, { file: write('south.csv', accountsV1), book: 'south' });
    const v2 = write('v2.csv', ['account_id,strategy,value,tax_status,exclude', 'Z9,core,42000,deferred,', 'C3,core,1400000,taxable,']);
    const summary = await importAccounts(db, { file: v2, book: 'north' });
    expect(summary).toMatchObject({ accounts: 2, lots: 0 });
    expect(loadStoredBook(db, 'north')).toEqual({
      accounts: [
        { accountId: 'Z9', strategy: 'core', value: 42000, taxStatus: 'deferred', exclude: [], cash: null },
        { accountId: 'C3', strategy: 'core', value: 1400000, taxStatus: 'taxable', exclude: [], cash: null },
      ],
      lots: [],
      warnings: [],
    });
    expect(db.prepare("SELECT count(*) FROM account_lots WHERE book = 'north'").pluck().get()).toBe(0);
    expect(loadStoredBook(db, 'south').accounts).toHaveLength(3);
    expect(db.prepare('SELECT name, account_count, lot_count, holdings_file FROM books ORDER BY name').all()).toEqual([
      { name: 'north', account_count: 2, lot_count: 0, holdings_file: null },
      { name: 'south', account_count: 3, lot_count: 0, holdings_file: null },
    ]);
  });

  it.each([
    ['a bad accounts row', [...accountsV1, 'D4,core,-10,taxable,,'], lotsV1, 'accounts.csv', 5],
    ['a bad holdings row', accountsV1, [...lotsV1, 'C3,MSFT,-1,,'], 'lots.csv', 6],
    ['a lot of an unknown account', accountsV1, [...lotsV1, 'Q1,MSFT,1,,'], 'lots.csv', 6],
  ])('%s writes nothing: the stored book stays as it was', async (_what, accountLines, lotLines, badFile, line) => {
    await importAccounts(db, { file: write('good.csv', accountsV1), book: 'north' });
    const before = bookDigest();
    const accounts = write('accounts.csv', accountLines);
    const holdings = write('lots.csv', lotLines);
    const error = await importAccounts(db, { file: accounts, holdingsFile: holdings, book: 'north' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).where).toMatchObject({ file: path.join(dir, badFile), line });
    expect(bookDigest()).toBe(before);
    // and a first import of a new book with a bad row leaves no trace of it
    await expect(importAccounts(db, { file: accounts, holdingsFile: holdings, book: 'fresh' })).rejects.toThrow(InputError);
    expect(bookDigest()).toBe(before);
  });

  it('an unknown book is NotFoundError naming the stored ones', async () => {
    expect(() => loadStoredBook(db, 'north')).toThrow(/unknown book "north" \(known: none; import one with accounts import\)/);
    await importAccounts(db, { file: write('a.csv', accountsV1), book: 'south' });
    expect(() => listBookAccounts(db, 'north', 10)).toThrow(NotFoundError);
    expect(() => listBookAccounts(db, 'north', 10)).toThrow(/known: south/);
  });

  it('a replaced account\'s lots are one range of the lots key (the cascade of a re-import is linear, not quadratic)', () => {
    const plan = db.prepare('EXPLAIN QUERY PLAN DELETE FROM account_lots WHERE book = ? AND account_id = ?').all('b', 'a') as { detail: string }[];
    expect(plan.map((p) => p.detail)).toEqual(['SEARCH account_lots USING PRIMARY KEY (book=? AND account_id=?)']);
  });

  it('the schema refuses what the readers refuse (a second line of defence for direct writers)', async () => {
    await importAccounts(db, { file: write('a.csv', accountsV1), book: 'south' });
    const insert = db.prepare("INSERT INTO accounts (book, account_id, position, strategy, value, tax_status, exclude, cash) VALUES ('south', ?, ?, 'core', ?, ?, '', ?)");
    expect(() => insert.run('N1', 10, 1000, 'roth', null)).toThrow(/CHECK constraint/);
    expect(() => insert.run('N2', 11, 1000, 'taxable', 1001)).toThrow(/CHECK constraint/);
    expect(() => db.prepare("INSERT INTO account_lots (book, account_id, position, ticker, shares) VALUES ('south', 'NOPE', 99, 'AAPL', 1)").run()).toThrow(/FOREIGN KEY/);
  });
});
