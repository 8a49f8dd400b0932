import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../errors.ts';
import { readRecentSalesCsv } from './recentSalesCsv.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-sales-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, name.endsWith('.gz') ? zlib.gzipSync(text) : text);
  return file;
}

const AS_OF = '2025-12-31';

async function failure(file: string): Promise<InputError> {
  try {
    await readRecentSalesCsv(file, AS_OF);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('readRecentSalesCsv', () => {
  it('reads a realized gain/loss report, one sale per row, shares when given, up to the as-of date', async () => {
    const file = write('s.csv', 'ticker,date,shares,realized_gain\nxom,2025-12-15,10,-412.50\nAAPL,2025-12-31,,1200\nMSFT,2025-11-02,3,0\n');
    expect(await readRecentSalesCsv(file, AS_OF)).toEqual([
      { ticker: 'XOM', date: '2025-12-15', realizedGain: -412.5, shares: 10 },
      { ticker: 'AAPL', date: '2025-12-31', realizedGain: 1200 },
      { ticker: 'MSFT', date: '2025-11-02', realizedGain: 0, shares: 3 },
    ]);
  });

  it('needs only ticker, date and realized gain, in any column order and case, gzip or not', async () => {
    const file = write('s.csv.gz', 'Realized Gain,Date,Ticker\n-5,2025-12-01,IBM\n');
    expect(await readRecentSalesCsv(file, AS_OF)).toEqual([{ ticker: 'IBM', date: '2025-12-01', realizedGain: -5 }]);
  });

  it.each([
    ['a sale after the as-of date', 'ticker,date,realized_gain\nXOM,2025-12-01,-1\nAAPL,2026-01-02,-40\n', { line: 3, field: 'date' }, /sale of AAPL on 2026-01-02 is after the as-of date 2025-12-31/],
    ['an impossible date', 'ticker,date,realized_gain\nXOM,2025-02-29,-1\n', { line: 2, field: 'date' }, /"2025-02-29" is not a date/],
    ['a date in another format', 'ticker,date,realized_gain\nXOM,12/01/2025,-1\n', { line: 2, field: 'date' }, /is not a date/],
    ['a gain that is not a number', 'ticker,date,realized_gain\nXOM,2025-12-01,-1\nXOM,2025-12-02,(40)\n', { line: 3, field: 'realized_gain' }, /"\(40\)" is not a number/],
    ['an empty gain', 'ticker,date,realized_gain\nXOM,2025-12-01,\n', { line: 2, field: 'realized_gain' }, /is empty/],
    ['negative shares', 'ticker,date,realized_gain,shares\nXOM,2025-12-01,-1,-3\n', { line: 2, field: 'shares' }, /-3 is not positive/],
    ['an empty ticker', 'ticker,date,realized_gain\n,2025-12-01,-1\n', { line: 2, field: 'ticker' }, /is empty/],
    ['a missing realized_gain column', 'ticker,date,proceeds\nXOM,2025-12-01,100\n', { line: 1, field: 'realized_gain' }, /missing required column realized_gain/],
  ])('rejects %s, naming file, line and field', async (_what, text, where, message) => {
    const file = write('s.csv', text);
    const error = await failure(file);
    expect(error.where).toEqual({ file, ...where });
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`${file} line ${where.line}, field ${where.field}: `)).toBe(true);
  });
});
