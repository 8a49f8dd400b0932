import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { readAccountBook } from './accountBook.ts';
import { BadRowsError, MAX_ROW_ERRORS } from './rowErrors.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-book-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  const text = `${lines.join('\n')}\n`;
  fs.writeFileSync(file, name.endsWith('.gz') ? zlib.gzipSync(text) : text);
  return file;
}

async function failure(accounts: string, holdings?: string): Promise<InputError> {
  try {
    await readAccountBook(accounts, holdings);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

const header = 'account_id,strategy,value,tax_status,exclude,cash';

describe('readAccountBook: the accounts file', () => {
  it('reads accounts in file order with normalized exclusions (upper-case tickers, GICS sector spelling, sorted, no duplicates)', async () => {
    const file = write('accounts.csv', [
      header,
      'A1,core,250000,taxable,,',
      ' A2 ,core,1e6,DEFERRED," mo ; sector:energy;PM;MO;; SECTOR: information   technology ",12500.5',
      'A3,income,10000.25,Taxable,sector:Crypto Miners,10000.25',
    ]);
    const book = await readAccountBook(file);
    expect(book.accounts).toEqual([
      { accountId: 'A1', strategy: 'core', value: 250000, taxStatus: 'taxable', exclude: [], cash: null },
      { accountId: 'A2', strategy: 'core', value: 1e6, taxStatus: 'deferred', exclude: ['MO', 'PM', 'sector:Energy', 'sector:Information Technology'], cash: 12500.5 },
      { accountId: 'A3', strategy: 'income', value: 10000.25, taxStatus: 'taxable', exclude: ['sector:Crypto Miners'], cash: 10000.25 },
    ]);
    expect(book.lots).toEqual([]);
    expect(book.warnings).toEqual([expect.stringMatching(/^sector:Crypto Miners \(1 account\) is not a GICS sector/)]);
  });

  it('needs only the four required columns, in any order and case, gzip or plain', async () => {
    const file = write('accounts.csv.gz', ['Tax_Status,VALUE,account id,strategy', 'deferred,5000,X9,core']);
    expect((await readAccountBook(file)).accounts).toEqual([{ accountId: 'X9', strategy: 'core', value: 5000, taxStatus: 'deferred', exclude: [], cash: null }]);
  });

  it.each([
    ['a duplicate account id', 'A1,core,1000,taxable,,', 'account_id', /account A1 is already on line 2/],
    ['an empty account id', ',core,1000,taxable,,', 'account_id', /is empty/],
    ['an empty strategy', 'A9,,1000,taxable,,', 'strategy', /is empty/],
    ['a zero value', 'A9,core,0,taxable,,', 'value', /0 is not positive/],
    ['a negative value', 'A9,core,-5000,taxable,,', 'value', /-5000 is not positive/],
    ['a value that is not a number', 'A9,core,12k,taxable,,', 'value', /"12k" is not a number/],
    ['an unknown tax status', 'A9,core,1000,ira,,', 'tax_status', /"ira" is not a tax status \(taxable or deferred\)/],
    ['negative cash', 'A9,core,1000,taxable,,-1', 'cash', /-1 is negative/],
    ['cash above the value', 'A9,core,1000,taxable,,1000.01', 'cash', /1000.01 is more than the account's value 1000/],
    ['an exclusion that is neither a ticker nor a sector', 'A9,core,1000,taxable,industry:Tobacco,', 'exclude', /"industry:Tobacco" is neither a ticker nor sector:NAME/],
    ['a sector exclusion without a name', 'A9,core,1000,taxable,sector: ,', 'exclude', /"sector:" names no sector/],
    ['a malformed ticker', 'A9,core,1000,taxable,MO;P M,', 'exclude', /"P M" is not a ticker/],
  ])('rejects %s with its line and field', async (_what, row, field, message) => {
    const file = write('accounts.csv', [header, 'A1,core,1000,taxable,,', row, 'A3,core,1000,deferred,,']);
    const error = await failure(file);
    expect(error.where).toEqual({ file, line: 3, field });
    expect(error.message).toMatch(new RegExp(`^${escape(file)} line 3, field ${field}: ${message.source}`));
  });

  it('reports every bad row of the file at once, the first one as the location', async () => {
    const file = write('accounts.csv', [header, 'A1,core,1000,taxable,,', 'A2,core,-1,taxable,,', 'A3,core,1000,taxable,,', 'A4,core,1000,roth,,', 'A1,core,5,deferred,,']);
    const error = await failure(file);
    expect(error).toBeInstanceOf(BadRowsError);
    expect((error as BadRowsError).rows.map((e) => [e.where.line, e.where.field])).toEqual([
      [3, 'value'],
      [5, 'tax_status'],
      [6, 'account_id'],
    ]);
    expect(error.where).toEqual({ file, line: 3, field: 'value' });
    expect(error.message).toContain('3 bad rows; also line 5, field tax_status: "roth" is not a tax status');
    expect(error.message).toContain('line 6, field account_id: account A1 is already on line 2');
  });

  it(`stops reading after ${MAX_ROW_ERRORS} bad rows and says where`, async () => {
    const rows = Array.from({ length: 50 }, (_, k) => `A${k},core,${k % 2 === 0 ? -1 : 1},taxable,,`);
    const error = (await failure(write('accounts.csv', [header, ...rows]))) as BadRowsError;
    expect(error.rows).toHaveLength(MAX_ROW_ERRORS);
    // the bad rows are the even k, on lines 2, 4, ...: the 20th is on line 40
    expect(error.rows.map((e) => e.where.line)).toEqual(Array.from({ length: MAX_ROW_ERRORS }, (_, k) => 2 + 2 * k));
    expect(error.message).toMatch(/reading stopped at line 40 after 20 bad rows/);
  });

  it('rejects a file without a required column or without rows, naming the header', async () => {
    const missing = write('accounts.csv', ['account_id,strategy,value', 'A1,core,1']);
    expect((await failure(missing)).where).toEqual({ file: missing, line: 1, field: 'tax_status' });
    const empty = write('empty.csv', [header]);
    expect((await failure(empty)).message).toMatch(/header but no data rows/);
  });
});

describe('readAccountBook: the holdings file', () => {
  const accounts = (): string => write('accounts.csv', [header, 'A1,core,100000,taxable,MO,20000', 'A2,core,50000,deferred,,']);

  it('reads lots in file order, several per account and ticker, optional fields null', async () => {
    const holdings = write('lots.csv.gz', ['account_id,ticker,shares,cost_basis,acquired', 'A1,aapl,10,150.5,2023-01-15', 'A2,MSFT,2.5,,', 'A1,AAPL,5,,2024-02-29', 'A1,mo,100,40,2019-06-03']);
    const book = await readAccountBook(accounts(), holdings);
    expect(book.lots).toEqual([
      { accountId: 'A1', ticker: 'AAPL', shares: 10, costBasis: 150.5, acquired: '2023-01-15' },
      { accountId: 'A2', ticker: 'MSFT', shares: 2.5, costBasis: null, acquired: null },
      { accountId: 'A1', ticker: 'AAPL', shares: 5, costBasis: null, acquired: '2024-02-29' },
      { accountId: 'A1', ticker: 'MO', shares: 100, costBasis: 40, acquired: '2019-06-03' },
    ]);
    expect(book.warnings).toEqual(['1 account holds a ticker it excludes (e.g. A1 holds MO): those lots are sold']);
  });

  it.each([
    ['a lot of an account not in the accounts file', 'A7,AAPL,1,,', 'account_id', /account A7 is not in the accounts file/],
    ['negative shares', 'A1,AAPL,-3,,', 'shares', /-3 is negative/],
    ['zero shares', 'A1,AAPL,0,,', 'shares', /0 is not positive/],
    ['shares that are not a number', 'A1,AAPL,x,,', 'shares', /"x" is not a number/],
    ['a negative cost basis', 'A1,AAPL,1,-2,', 'cost_basis', /-2 is negative/],
    ['an impossible date', 'A1,AAPL,1,10,2023-02-30', 'acquired', /"2023-02-30" is not a date/],
    ['a date in another format', 'A1,AAPL,1,10,01/15/2023', 'acquired', /"01\/15\/2023" is not a date/],
    ['an empty ticker', 'A1,,1,,', 'ticker', /is empty/],
  ])('rejects %s with its line and field', async (_what, row, field, message) => {
    const holdings = write('lots.csv', ['account_id,ticker,shares,cost_basis,acquired', 'A1,AAPL,1,,', row]);
    const error = await failure(accounts(), holdings);
    expect(error.where).toEqual({ file: holdings, line: 3, field });
    expect(error.message).toMatch(new RegExp(`^${escape(holdings)} line 3, field ${field}: ${message.source}`));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
