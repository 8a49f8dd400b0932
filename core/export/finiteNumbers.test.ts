import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, AccountOutcome } from '../../api/book.ts';
import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';
import { accountsCsv } from '../accounts/demoBookFiles.ts';
import { BatchFileWriter } from '../book/batchFiles.ts';
import { BatchCsvLines } from '../book/batchCsvLines.ts';
import type { MappedBookAccount } from '../book/bookMapping.ts';
import { frontierCsv } from '../book/frontierCsv.ts';
import { UnwritableNumberError } from '../errors.ts';
import { StagedDirectory } from './atomicOutput.ts';
import { finiteJson } from './finiteNumbers.ts';
import { portfolioCsv } from './portfolioCsv.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'jessica-finite-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(write: () => unknown): UnwritableNumberError {
  try {
    write();
  } catch (error) {
    expect(error).toBeInstanceOf(UnwritableNumberError);
    return error as UnwritableNumberError;
  }
  throw new Error('the writer wrote a non-finite number');
}

describe('no writer writes a non-finite number', () => {
  it('portfolio.csv: a CASH row of Infinity is refused, naming the file and the column', () => {
    const holding = { ticker: 'AAA', sector: 'Tech', weight: 1, benchmarkWeight: 1, shares: 10, price: 5, value: 50 };
    expect(portfolioCsv([holding], { weight: 0, value: 0 }, 'out/portfolio.csv')).toContain('AAA,1,10,5,50');
    const e = refusal(() => portfolioCsv([holding], { weight: 0, value: Infinity }, 'out/portfolio.csv'));
    expect(e).toMatchObject({ file: 'out/portfolio.csv', column: 'value' });
    expect(e.message).toMatch(/^out\/portfolio\.csv: Infinity in column value is not a finite number/);
  });

  it('frontier.csv and a generated accounts CSV refuse NaN and Infinity by column', () => {
    const point = { accountValue: 1e5, trackingError: NaN, names: 20, cashWeight: 0.01, fractional: false };
    expect(refusal(() => frontierCsv([point], 'm/frontier.csv'))).toMatchObject({ file: 'm/frontier.csv', column: 'tracking_error' });
    const account: Account = { accountId: 'A1', strategy: 's', value: Infinity, taxStatus: 'taxable', exclude: [], cash: null };
    expect(refusal(() => accountsCsv([account], 'book.csv'))).toMatchObject({ file: 'book.csv', column: 'value' });
  });

  it('run.json: a non-finite number anywhere is refused with its key, where JSON.stringify would write null', () => {
    expect(finiteJson({ a: 1, b: [2, 3] }, 'run.json')).toBe(`${JSON.stringify({ a: 1, b: [2, 3] }, null, 2)}\n`);
    expect(refusal(() => finiteJson({ trackingError: 0.01, audit: { median: Infinity } }, 'out/run.json'))).toMatchObject({ file: 'out/run.json', column: 'median' });
  });

  it('the batch files: an account of $1e308, whose cents overflow, stops the write and nothing reaches --out', () => {
    const problem = { tickers: ['AAA'], prices: [100] } as unknown as TrackingProblem;
    const account = { accountId: 'A1', strategy: 's', value: 1e308, taxStatus: 'taxable', exclude: [], cash: null };
    const mapped = {
      account,
      value: 1e308,
      allocation: { names: [0], shares: [10], cash: 1e308 - 1000, trades: [{ name: 0, shares: 10 }] },
      outside: [],
    } as unknown as MappedBookAccount;
    const outcome: AccountOutcome = { accountId: 'A1', clusterId: 'c1', value: 1e308, cash: 1e308, names: 1, trackingError: 0.01, trades: 1, belowMinimum: false, status: 'allocated', target: 'c1', reason: null };
    const out = path.join(dir, 'book');
    const staged = StagedDirectory.open(out, '--out');
    const files = new BatchFileWriter(staged);
    // a chunk's lines are made where it is mapped: the refusal stops the chunk, and with it the batch
    const e = refusal(() => new BatchCsvLines(problem.tickers, problem.prices, files.names).add(mapped, outcome));
    expect(e).toMatchObject({ file: path.join(out, 'allocations.csv'), column: 'value' });
    const small = { ...mapped, value: 1000, allocation: { names: [0], shares: [10], cash: 0, trades: [] } } as unknown as MappedBookAccount;
    expect(refusal(() => new BatchCsvLines(problem.tickers, problem.prices, files.names).add(small, outcome))).toMatchObject({ file: path.join(out, 'accounts.csv'), column: 'value' });
    files.abort();
    staged.discard();
    expect(existsSync(out)).toBe(false);
  });
});
