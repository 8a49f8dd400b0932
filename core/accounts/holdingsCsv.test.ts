import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { readHoldingsCsv } from './holdingsCsv.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-holdings-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, name.endsWith('.gz') ? zlib.gzipSync(text) : text);
  return file;
}

async function failure(file: string): Promise<InputError> {
  try {
    await readHoldingsCsv(file);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('readHoldingsCsv', () => {
  it('reads one lot per row, with cost basis, acquisition date and price when given, in file order, with each lot\'s line', async () => {
    const file = write('h.csv', 'ticker,shares,cost_basis,acquired,price\naapl,10,150.5,2023-01-15,\n\nAAPL,5,,,\nMSFT,2.5,300,2024-02-29,410.25\n');
    expect(await readHoldingsCsv(file)).toEqual({
      file,
      holdings: {
        cash: 0,
        lots: [
          { ticker: 'AAPL', shares: 10, costBasis: 150.5, acquired: '2023-01-15' },
          { ticker: 'AAPL', shares: 5 },
          { ticker: 'MSFT', shares: 2.5, costBasis: 300, acquired: '2024-02-29', price: 410.25 },
        ],
      },
      lines: [2, 4, 5],
    });
  });

  it('needs only ticker and shares, in any column order and case, gzip or not', async () => {
    const file = write('h.csv.gz', 'Shares,Ticker\n3,XOM\n');
    expect(await readHoldingsCsv(file)).toEqual({ file, holdings: { cash: 0, lots: [{ ticker: 'XOM', shares: 3 }] }, lines: [2] });
  });

  it.each([
    ['a share count that is not a number', 'ticker,shares\nAAPL,10\nMSFT,ten\n', { line: 3, field: 'shares' }, /"ten" is not a number/],
    ['negative shares', 'ticker,shares\nAAPL,-4\n', { line: 2, field: 'shares' }, /-4 is negative/],
    ['zero shares', 'ticker,shares\nAAPL,0\n', { line: 2, field: 'shares' }, /0 is not positive/],
    ['a bad cost basis', 'ticker,shares,cost_basis\nAAPL,1,12x\n', { line: 2, field: 'cost_basis' }, /"12x" is not a number/],
    ['a negative cost basis', 'ticker,shares,cost_basis\nAAPL,1,-3\n', { line: 2, field: 'cost_basis' }, /-3 is negative/],
    ['an impossible date', 'ticker,shares,acquired\nAAPL,1,2023-02-30\n', { line: 2, field: 'acquired' }, /"2023-02-30" is not a date/],
    ['a date in another format', 'ticker,shares,acquired\nAAPL,1,01/15/2023\n', { line: 2, field: 'acquired' }, /is not a date/],
    ['an empty ticker', 'ticker,shares\n,4\n', { line: 2, field: 'ticker' }, /is empty/],
    ['a price that is not a number', 'ticker,shares,price\nAAPL,1,\nOLD,2,n/a\n', { line: 3, field: 'price' }, /"n\/a" is not a number/],
    ['a zero price', 'ticker,shares,price\nOLD,2,0\n', { line: 2, field: 'price' }, /0 is not positive/],
    ['a missing shares column', 'ticker,cost_basis\nAAPL,4\n', { line: 1, field: 'shares' }, /missing required column shares/],
  ])('rejects %s, naming file, line and field', async (_what, text, where, message) => {
    const file = write('h.csv', text);
    const error = await failure(file);
    expect(error.where).toEqual({ file, ...where });
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${file} line ${where.line}, field ${where.field}: `)).toBe(true);
  });

  it('rejects an empty file, a header without rows and a missing file', async () => {
    expect((await failure(write('empty.csv', ''))).message).toMatch(/the file is empty/);
    expect((await failure(write('header.csv', 'ticker,shares\n'))).message).toMatch(/header but no data rows/);
    expect((await failure(path.join(dir, 'nope.csv'))).message).toMatch(/file not found/);
  });
});
