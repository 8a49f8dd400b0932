import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, type InputLocation } from '../errors.ts';
import { openDatabase } from '../store/database.ts';
import { readAccountBook } from './accountBook.ts';
import { importAccounts } from './accountsImport.ts';
import { readHoldingsCsv } from './holdingsCsv.ts';
import { readRecentSalesCsv } from './recentSalesCsv.ts';

// Account books, holdings and sales with values no account has, names no one could type, or dates in the
// future are refused, naming file, line and field.

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-account-limits-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function refusal(read: () => Promise<unknown>, where: InputLocation, problem: RegExp): Promise<InputError> {
  const error = await read().then(
    () => new Error('the file was read'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).where).toEqual(where);
  expect((error as InputError).message).toMatch(problem);
  return error as InputError;
}

const accountsHeader = 'account_id,strategy,value,tax_status,exclude,cash';

describe('the accounts file', () => {
  it.each([
    ['a value of 1e13 dollars', 'A2,core,1e13,taxable,,', 'value', /1e13 is more than 1,000,000,000,000, the most taken for the dollars of an account/],
    ['a value of Infinity', 'A2,core,Infinity,taxable,,', 'value', /"Infinity" is not a number/],
    ['a value of NaN', 'A2,core,NaN,taxable,,', 'value', /"NaN" is not a number/],
    ['cash of 1e300', 'A2,core,1000,taxable,,1e300', 'cash', /1e300 is more than 1,000,000,000,000/],
    ['an account id of 1,000 characters', `${'X'.repeat(1000)},core,1000,taxable,,`, 'account_id', /^[^\n]{0,300}"X{80}…" is longer than 64 characters$/],
    ['an account id with a terminal escape', 'A\u001b[31m2,core,1000,taxable,,', 'account_id', /"A\\x1b\[31m2" holds control characters/],
    ['a strategy with a tab', 'A2,core\tevil,1000,taxable,,', 'strategy', /"core\\tevil" holds control characters/],
    ['an exclusion of a sector with an escape', 'A2,core,1000,taxable,sector:\u001b[2JEnergy,', 'exclude', /"sector:\\x1b\[2JEnergy" is not a sector name/],
  ])('refuses %s', async (_what, row, field, problem) => {
    const file = write('accounts.csv', `${accountsHeader}\nA1,core,1000,taxable,,\n${row}\n`);
    await refusal(() => readAccountBook(file), { file, line: 3, field }, problem);
  });

  it('refuses an account id of 100,000 characters by the length of its line, quoting none of it', async () => {
    const file = write('accounts.csv', `${accountsHeader}\nA1,core,1000,taxable,,\n${'X'.repeat(100_000)},core,1000,taxable,,\n`);
    const error = await refusal(() => readAccountBook(file), { file, line: 3 }, /line 3 is longer than 64 KiB/);
    expect(error.message).not.toContain('XXX');
  });

  it('takes an account of exactly $1,000,000,000,000 and a 64-character id, and imports it', async () => {
    const id = `ACCT-${'7'.repeat(59)}`;
    const file = write('accounts.csv', `${accountsHeader}\n${id},core,1e12,taxable,^GSPC;BRK.B,1e12\n`);
    const db = openDatabase(path.join(dir, 'jessica.sqlite'));
    try {
      expect(await importAccounts(db, { file, book: 'b' })).toMatchObject({ accounts: 1, totalValue: 1e12 });
    } finally {
      db.close();
    }
  });
});

describe('lots: a book holdings file and an account holdings file', () => {
  const accounts = (): string => write('accounts.csv', `${accountsHeader}\nA1,core,100000,taxable,,\n`);

  it.each([
    ['shares of 1e10', 'A1,AAPL,1e10,,', 'shares', /1e10 is more than 1,000,000,000, the most taken for the shares of a lot/],
    ['shares of Infinity', 'A1,AAPL,Infinity,,', 'shares', /"Infinity" is not a number/],
    ['a cost basis of Infinity', 'A1,AAPL,1,Infinity,', 'cost_basis', /"Infinity" is not a number/],
    ['a cost basis of 1e308', 'A1,AAPL,1,1e308,', 'cost_basis', /1e308 is more than 10,000,000/],
    ['a lot acquired in 2031', 'A1,AAPL,1,10,2031-03-01', 'acquired', /2031-03-01 is in the future/],
    ['a ticker with a comma', 'A1,"AA,PL",1,,', 'ticker', /"AA,PL" is not a ticker/],
  ])('a book holdings file with %s', async (_what, row, field, problem) => {
    const holdings = write('lots.csv', `account_id,ticker,shares,cost_basis,acquired\nA1,AAPL,1,,\n${row}\n`);
    await refusal(() => readAccountBook(accounts(), holdings), { file: holdings, line: 3, field }, problem);
  });

  it.each([
    ['shares of 1e10', 'AAPL,1e10,,,', 'shares', /1e10 is more than 1,000,000,000/],
    ['a cost basis of NaN', 'AAPL,1,NaN,,', 'cost_basis', /"NaN" is not a number/],
    ['a lot acquired in 2031', 'AAPL,1,10,2031-03-01,', 'acquired', /2031-03-01 is in the future/],
    ['a price of 1e308', 'OLD,1,,,1e308', 'price', /1e308 is more than 10,000,000/],
    ['a ticker with a semicolon', 'AA;PL,1,,,', 'ticker', /"AA;PL" is not a ticker/],
  ])('an account holdings file with %s', async (_what, row, field, problem) => {
    const file = write('holdings.csv', `ticker,shares,cost_basis,acquired,price\nAAPL,1,,,\n${row}\n`);
    await refusal(() => readHoldingsCsv(file), { file, line: 3, field }, problem);
  });
});

describe('recent sales', () => {
  it.each([
    ['a sale dated in 2031, even with an as-of date after it', 'XOM,2031-01-02,-40,', 'date', /2031-01-02 is in the future/],
    ['a realized gain of 1e300', 'XOM,2025-12-01,1e300,', 'realized_gain', /1e300 is beyond ±1,000,000,000,000, the most taken for a realized gain or loss/],
    ['a realized loss of -1e300', 'XOM,2025-12-01,-1e300,', 'realized_gain', /-1e300 is beyond ±1,000,000,000,000/],
    ['a realized gain of -Infinity', 'XOM,2025-12-01,-Infinity,', 'realized_gain', /"-Infinity" is not a number/],
    ['shares of 1e10', 'XOM,2025-12-01,-40,1e10', 'shares', /1e10 is more than 1,000,000,000/],
  ])('refuses %s', async (_what, row, field, problem) => {
    const file = write('sales.csv', `ticker,date,realized_gain,shares\nXOM,2025-11-03,-1,\n${row}\n`);
    await refusal(() => readRecentSalesCsv(file, '2032-01-01'), { file, line: 3, field }, problem);
  });
});
