import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../errors.ts';
import { readIsharesHoldings } from './isharesHoldings.ts';
import { readTickerSource } from './tickerSources.ts';

// iShares holdings downloads in iShares' own layout: the fixtures hold real rows (IWM's from the shared 2026 file,
// IVV's and IWB's in the layouts of their downloads), and the whole shared IWM file is read in that layout too.

const fixtures = path.join(import.meta.dirname, 'fixtures');
const sharedIwm = path.resolve(import.meta.dirname, '../../../../shared/data/r2000/iwm_holdings_2026-04-10.csv');

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-holdings-'));
});
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('an iShares holdings download', () => {
  it("reads IWM's layout: the fund and its index from the header lines, stocks under their Yahoo symbols, the rest left out", () => {
    const read = readIsharesHoldings(path.join(fixtures, 'IWM_holdings.csv'));
    expect(read.fund).toMatchObject({ etf: 'IWM', index: '^RUT' });
    expect(read.fundName).toBe('iShares Russell 2000 ETF');
    expect(read.asOf).toBe('2026-04-10');
    expect(read.holdings.map((h) => [h.isharesTicker, h.ticker])).toEqual([
      ['BE', 'BE'],
      ['CRDO', 'CRDO'],
      ['MOGA', 'MOG-A'],
      ['GEF', 'GEF'],
      ['GEFB', 'GEF-B'],
      ['BH', 'BH'],
      ['CRDA', 'CRD-A'],
    ]);
    const moog = read.holdings.find((h) => h.ticker === 'MOG-A')!;
    expect(moog).toMatchObject({ name: 'MOOG INC CLASS A', sector: 'Industrials', line: 13 });
    expect(moog.weight).toBeCloseTo(0.0028, 12);
    expect(read.leftOut.map((row) => [row.ticker, row.reason])).toEqual([
      ['XTSLA', 'Money Market'],
      ['USD', 'Cash'],
      ['MSFUT', 'Cash Collateral and Margins'],
      ['ADRO', 'not listed on an exchange'],
      ['MPTI RT', 'not a share listed under a ticker (a right or warrant)'],
      ['CAD', 'Cash'],
      ['PDLI', 'no price: not traded'],
      ['-', 'no ticker: not listed'],
      ['RTYM6', 'Futures'],
    ]);
    // the disclaimer after the blank line is not read as rows
    expect(read.holdings.length + read.leftOut.length).toBe(16);
  });

  it("reads IVV's layout and says which index it tracks; BRKB is Yahoo's BRK-B", async () => {
    const file = path.join(fixtures, 'IVV_holdings.csv');
    const source = await readTickerSource({ holdingsFile: file });
    expect(source.index).toBe('^GSPC');
    expect(source.label).toBe('holdings IVV_holdings.csv (IVV, as of 2020-12-31)');
    expect(source.members.map((m) => m.ticker)).toEqual(['AAPL', 'MSFT', 'TSLA', 'BRK-B']);
    expect(source.members.map((m) => m.weight)).toEqual([0.0669, 0.0529, 0.0169, 0.0142].map((w) => expect.closeTo(w, 12)));
    expect(source.leftOut.map((row) => row.ticker)).toEqual(['XTSLA', 'ESH1', 'USD']);
    expect(source.warnings).toContain('3 rows of IVV_holdings.csv are not listed stocks and were left out: 1 Money Market, 1 Futures, 1 Cash');
    expect(source.warnings).toContain('1 iShares ticker is written otherwise on Yahoo: BRKB as BRK-B');
  });

  it('reads an older layout (BOM, other column order, no blank line, a row of empty fields at the end)', () => {
    const read = readIsharesHoldings(path.join(fixtures, 'IWB_holdings_2020.csv'));
    expect(read.fund?.etf).toBe('IWB');
    expect(read.asOf).toBe('2020-04-16');
    expect(read.holdings.map((h) => [h.ticker, h.sector, h.weight])).toEqual([
      ['MSFT', 'Information Technology', expect.closeTo(0.0526, 12)],
      ['BRK-B', 'Financials', expect.closeTo(0.0144, 12)],
      ['BF-B', 'Consumer Staples', expect.closeTo(0.0005, 12)],
    ]);
    expect(read.leftOut.map((row) => row.reason)).toEqual(['Cash']);
  });

  it("reads the shared IWM file (1,941 rows) in iShares' layout: every equity with a ticker, a market and a price, weights summing to 99.69 %", () => {
    const rows = parse(fs.readFileSync(sharedIwm, 'utf8'), { columns: true }) as Record<string, string>[];
    const money = (text: string): string => Number(text).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const quote = (text: string): string => `"${text.replaceAll('"', '""')}"`;
    const lines = [
      'iShares Russell 2000 ETF',
      'Fund Holdings as of,"Apr 10, 2026"',
      'Inception Date,"May 22, 2000"',
      ' ',
      'Ticker,Name,Sector,Asset Class,Market Value,Weight (%),Notional Value,Quantity,Price,Location,Exchange,Currency,FX Rate,Market Currency,Accrual Date',
      ...rows.map((r) =>
        [r.ticker!, r.name!, r.sector!, r.asset_class!, money(r.market_value_usd!), r.weight_pct!, money(r.market_value_usd!), money(r.shares_held!), money(r.price!), 'United States', r.exchange!, 'USD', '1.00', 'USD', '-']
          .map(quote)
          .join(','),
      ),
      ' ',
      '"The content contained herein is owned or licensed by BlackRock, and so on."',
    ];
    const file = path.join(scratch, 'IWM_holdings.csv');
    fs.writeFileSync(file, `${lines.join('\r\n')}\r\n`);
    const read = readIsharesHoldings(file);

    // the expected stocks, counted from the simplified file's own columns
    const listed = rows.filter(
      (r) => r.asset_class === 'Equity' && r.ticker !== '-' && !r.exchange!.startsWith('NO MARKET') && Number(r.price) > 0 && !r.ticker!.includes(' '),
    );
    expect(read.holdings).toHaveLength(listed.length);
    expect(read.holdings.length + read.leftOut.length).toBe(rows.length);
    expect(read.leftOut.filter((row) => !['Cash', 'Money Market', 'Futures', 'Cash Collateral and Margins'].includes(row.reason))).toHaveLength(
      rows.filter((r) => r.asset_class === 'Equity').length - listed.length,
    );
    const weight = read.holdings.reduce((sum, h) => sum + h.weight!, 0);
    const expected = listed.reduce((sum, r) => sum + Number(r.weight_pct) / 100, 0);
    expect(weight).toBeCloseTo(expected, 10);
    expect(weight).toBeGreaterThan(0.99);
    // every ticker is one Jessica takes, and no two holdings share one
    expect(new Set(read.holdings.map((h) => h.ticker)).size).toBe(read.holdings.length);
    expect(read.holdings.filter((h) => h.ticker !== h.isharesTicker).map((h) => h.ticker).sort()).toEqual(['CRD-A', 'GEF-B', 'MOG-A']);
  });

  it('refuses what is not a holdings download, and a bad number, naming the file, line and field', () => {
    const notHoldings = path.join(scratch, 'prices.csv');
    fs.writeFileSync(notHoldings, 'date,ticker,close\n2021-01-04,AAPL,129.41\n');
    expect(() => readIsharesHoldings(notHoldings)).toThrow(
      new InputError(`no header line starting with Ticker in its first 40 lines: not an iShares holdings download (the first line is "date,ticker,close")`, {
        file: notHoldings,
        line: 1,
      }),
    );

    const text = fs.readFileSync(path.join(fixtures, 'IVV_holdings.csv'), 'utf8').replace('"5.29"', '"5.2.9"');
    const badWeight = path.join(scratch, 'IVV_bad.csv');
    fs.writeFileSync(badWeight, text);
    expect(() => readIsharesHoldings(badWeight)).toThrow(`${badWeight} line 12, field Weight (%): "5.2.9" is not a number`);

    const noWeight = path.join(scratch, 'IVV_no_weight.csv');
    fs.writeFileSync(noWeight, fs.readFileSync(path.join(fixtures, 'IVV_holdings.csv'), 'utf8').replace('Weight (%)', 'Share'));
    expect(() => readIsharesHoldings(noWeight)).toThrow(`${noWeight} line 10, field Weight (%): missing column Weight (%)`);
  });
});
