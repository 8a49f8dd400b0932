import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** The real S&P 500 files (../shared/data beside the clone; the tests read them in place, never copy them in). */
export const SP500_DATA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data/sp500');

/** The S&P 500's tickers in the order a sync sends its price rows (ticker, then date): byte order, as SQLite sorts text. */
export function sp500Tickers(): string[] {
  const lines = readFileSync(path.join(SP500_DATA, 'constituents.csv'), 'utf8').trimEnd().split('\n').slice(1);
  return lines.map((line) => line.slice(0, line.indexOf(','))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface Sp500Slice {
  pricesFile: string;
  constituentsFile: string;
  indexFile: string;
  /** price rows written */
  rows: number;
}

/**
 * Writes into `dir`, for each slice named, the real S&P 500's rows of its tickers (prices on every day they have,
 * their constituents rows) beside the index series, as the files `data import` reads: real data where a test needs a
 * universe but not 1.1 M rows. The prices file is read once for all slices.
 */
export function writeSp500Slices<Name extends string>(dir: string, slices: Record<Name, readonly string[]>): Record<Name, Sp500Slice> {
  const priceLines = gunzipSync(readFileSync(path.join(SP500_DATA, 'prices.csv.gz'))).toString('utf8').trimEnd().split('\n');
  const constituentLines = readFileSync(path.join(SP500_DATA, 'constituents.csv'), 'utf8').trimEnd().split('\n');
  const written = {} as Record<Name, Sp500Slice>;
  for (const [name, tickers] of Object.entries(slices) as [Name, readonly string[]][]) {
    const keep = new Set(tickers);
    // the ticker is a file's first column (constituents) or its second (prices)
    const picked = (lines: string[], column: 0 | 1) =>
      lines.filter((line, k) => {
        if (k === 0) return true;
        const start = column === 0 ? 0 : line.indexOf(',') + 1;
        return keep.has(line.slice(start, line.indexOf(',', start)));
      });
    const prices = picked(priceLines, 1);
    const constituents = picked(constituentLines, 0);
    if (constituents.length - 1 !== keep.size) throw new Error(`${SP500_DATA}/constituents.csv lacks some of ${[...keep].join(', ')}`);
    const slice: Sp500Slice = {
      pricesFile: path.join(dir, `${name}-prices.csv`),
      constituentsFile: path.join(dir, `${name}-constituents.csv`),
      indexFile: path.join(SP500_DATA, 'index.csv'),
      rows: prices.length - 1,
    };
    writeFileSync(slice.pricesFile, `${prices.join('\n')}\n`);
    writeFileSync(slice.constituentsFile, `${constituents.join('\n')}\n`);
    written[name] = slice;
  }
  return written;
}
