import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseExclusions } from '../accounts/exclusions.ts';
import { InputError, type InputLocation } from '../errors.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { latestDateNow } from './isoDate.ts';
import { MAX_PRICE } from './plausibility.ts';
import { importUniverse, listUniverses, type ImportRequest } from './priceImport.ts';
import { MAX_TICKER_LENGTH } from './tickerSymbol.ts';

// Numbers, dates and tickers no market has are refused at import, naming file, line and field, and the
// store is left as it was.

let dir: string;
let db: Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-plausible-'));
  db = openDatabase(path.join(dir, 'jessica.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const prices = `date,ticker,open,high,low,close,adj_close,volume
2021-01-04,AAA,10,11,9.5,10.5,10.4,1000
2021-01-04,BRK.B,200,201,199,200.5,,50
2021-01-05,AAA,10.5,11,10,10.75,10.65,1200
2021-01-05,BRK.B,200.5,203,200,202,,60
`;

/** The prices file with line `line` (1 is the header) replaced. */
function pricesWith(line: number, content: string): string {
  const lines = prices.split('\n');
  lines[line - 1] = content;
  return write('prices.csv', lines.join('\n'));
}

async function refused(request: Partial<ImportRequest>, where: InputLocation, problem: RegExp): Promise<void> {
  const error = await importUniverse(db, { universe: 'u', pricesFile: write('good.csv', prices), ...request }).then(
    () => new Error('the import succeeded'),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).where).toEqual(where);
  expect((error as InputError).message).toMatch(problem);
  expect(listUniverses(db)).toEqual([]);
}

describe('prices', () => {
  it.each([
    ['a close of 1e308', '2021-01-05,AAA,10.5,11,10,1e308,10.65,1200', 'close', /1e308 is more than 10,000,000, the most taken for a price per share in dollars/],
    ['a close above $10,000,000', '2021-01-05,AAA,10.5,11,10,10000000.01,10.65,1200', 'close', /is more than 10,000,000/],
    ['an open of Infinity', '2021-01-05,AAA,Infinity,11,10,10.75,10.65,1200', 'open', /"Infinity" is not a number/],
    ['a high of NaN', '2021-01-05,AAA,10.5,NaN,10,10.75,10.65,1200', 'high', /"NaN" is not a number/],
    ['a low written in hex', '2021-01-05,AAA,10.5,11,0x10,10.75,10.65,1200', 'low', /"0x10" is not a number/],
    ['an adjusted close beyond a double', '2021-01-05,AAA,10.5,11,10,10.75,1e400,1200', 'adj_close', /"1e400" is not a number/],
    ['a volume of 1e300', '2021-01-05,AAA,10.5,11,10,10.75,10.65,1e300', 'volume', /1e300 is more than 10,000,000,000,000/],
    ['a negative volume', '2021-01-05,AAA,10.5,11,10,10.75,10.65,-5', 'volume', /-5 is negative/],
    ['a date in 2031', '2031-01-06,AAA,10.5,11,10,10.75,10.65,1200', 'date', /2031-01-06 is in the future/],
    ['a ticker with a comma', '2021-01-05,"AA,A",10.5,11,10,10.75,10.65,1200', 'ticker', /"AA,A" is not a ticker \(letters, digits and \. - \^ = \/ _ only\)/],
    ['a ticker with a semicolon', '2021-01-05,AA;A,10.5,11,10,10.75,10.65,1200', 'ticker', /"AA;A" is not a ticker/],
    ['a ticker with a space inside', '2021-01-05,AA A,10.5,11,10,10.75,10.65,1200', 'ticker', /"AA A" is not a ticker/],
    ['a ticker with a terminal escape', '2021-01-05,AA\u001b[2JA,10.5,11,10,10.75,10.65,1200', 'ticker', /"AA\\x1b\[2JA" is not a ticker/],
    ['a ticker too long', `2021-01-05,${'A'.repeat(MAX_TICKER_LENGTH + 1)},10.5,11,10,10.75,10.65,1200`, 'ticker', /is not a ticker: longer than 32 characters/],
  ])('%s', async (_what, row, field, problem) => {
    const file = pricesWith(4, row);
    await refused({ pricesFile: file }, { file, line: 4, field }, problem);
  });

  it(`takes a close of exactly MAX_PRICE (${MAX_PRICE.max}), the date it is somewhere on earth now, and the tickers real files use`, async () => {
    const today = latestDateNow();
    const file = write(
      'real.csv',
      `date,ticker,close\n2021-01-04,BRK.B,1\n2021-01-04,BF-B,1\n2021-01-04,^GSPC,4000\n2021-01-04,ES=F,4000\n2021-01-04,BRK/A,${MAX_PRICE.max}\n2021-01-04,brk_b,1\n${today},AAA,1\n`,
    );
    expect(await importUniverse(db, { universe: 'u', pricesFile: file })).toMatchObject({ rows: 7, tickers: 7, lastDate: today });
  });

  it('every imported ticker can be excluded', () => {
    for (const ticker of ['BRK.B', 'BF-B', '^GSPC', 'ES=F', 'BRK/A', 'BRK_B']) {
      expect(parseExclusions(ticker, {})).toEqual([ticker]);
    }
  });
});

describe('constituents', () => {
  const members = (rows: string) => write('constituents.csv', `ticker,name,sector,industry,market_cap,shares_outstanding,weight\n${rows}`);

  it.each([
    ['a market cap of 1e300', 'AAA,Alpha,Energy,,1e300,,', 'market_cap', /1e300 is more than 100,000,000,000,000/],
    ['shares outstanding of Infinity', 'AAA,Alpha,Energy,,,Infinity,', 'shares_outstanding', /"Infinity" is not a number/],
    ['a weight of 1e308', 'AAA,Alpha,Energy,,,,1e308', 'weight', /1e308 is more than 100, the most taken for a member weight/],
    ['a negative weight', 'AAA,Alpha,Energy,,,,-0.1', 'weight', /-0.1 is negative/],
    ['a ticker with a comma', '"AA,A",Alpha,Energy,,,,', 'ticker', /"AA,A" is not a ticker/],
    ['a sector with a terminal escape', 'AAA,Alpha,\u001b]0;owned\u0007Energy,,,,', 'sector', /"\\x1b\]0;owned\\x07Energy" holds control characters/],
    ['a name of 10,000 characters', `AAA,${'n'.repeat(10_000)},Energy,,,,`, 'name', /"n{80}…" is longer than 200 characters/],
  ])('%s', async (_what, row, field, problem) => {
    const file = members(`${row}\nBRK.B,Berkshire,Financials,,,,\n`);
    await refused({ constituentsFile: file }, { file, line: 2, field }, problem);
  });

  it.each([
    ['sum to 5.5', ['0.5', '5'], /the weights in constituents\.csv sum to 5\.5, not 1: each member's weight is taken as its share of that sum/],
    ['are percents summing to 100', ['60', '40'], /the weights in constituents\.csv sum to 100: percents, it seems/],
    ['every member has one and they sum to 0.5', ['0.25', '0.25'], /sum to 0\.5, not 1/],
  ])('warns in the summary when the weights %s', async (_what, [a, b], warning) => {
    const file = members(`AAA,Alpha,Energy,,,,${a}\nBRK.B,Berkshire,Financials,,,,${b}\n`);
    const summary = await importUniverse(db, { universe: 'u', pricesFile: write('p.csv', prices), constituentsFile: file });
    expect(summary.warnings).toEqual([expect.stringMatching(warning)]);
  });

  it.each([
    ['sum to 1 within 2 %', '0.6,0.41'],
    ['leave a member out (its weight is 0 in the benchmark, which the optimizer reports)', '0.6,'],
    ['are not given', ','],
  ])('does not warn when the weights %s', async (_what, weights) => {
    const [a, b] = weights.split(',');
    const file = members(`AAA,Alpha,Energy,,,,${a}\nBRK.B,Berkshire,Financials,,,,${b}\n`);
    const summary = await importUniverse(db, { universe: 'u', pricesFile: write('p.csv', prices), constituentsFile: file });
    expect(summary.warnings).toEqual([]);
  });
});

describe('index series', () => {
  it.each([
    ['a date in the future', '2031-01-05,3726.86', 'date', /2031-01-05 is in the future/],
    ['a close of 1e308', '2021-01-05,1e308', 'close', /1e308 is more than 1,000,000,000, the most taken for an index level/],
    ['a close of -Infinity', '2021-01-05,-Infinity', 'close', /"-Infinity" is not a number/],
  ])('%s', async (_what, row, field, problem) => {
    const file = write('index.csv', `date,close\n2021-01-04,3700.5\n${row}\n`);
    await refused({ indexFile: file }, { file, line: 3, field }, problem);
  });
});
