import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseOrLibrary } from './orLibrary.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const orlib = (name: string) => readFileSync(path.resolve(repoRoot, '../shared/data/orlib', `${name}.txt`), 'utf8');

describe('parseOrLibrary', () => {
  it('reads indtrack1 (Hang Seng, 31 stocks, 290 weeks) as weekly returns against the index', () => {
    const text = orlib('indtrack1');
    const p = parseOrLibrary(text, 'indtrack1');
    const tokens = text.trim().split(/\s+/).map(Number);
    const [n, T] = [tokens[0]!, tokens[1]!];
    expect(p.tickers).toHaveLength(n);
    expect(p.benchmarkReturns).toHaveLength(T);
    expect(p.returns).toHaveLength(n * T);
    expect(p.dates).toHaveLength(T + 1);
    expect(p.dates[0]).toBe('2000-01-07');
    expect(p.dates[1]).toBe('2000-01-14');
    expect(p.asOf).toBe(p.dates[T]);
    expect(p.periodsPerYear).toBe(52);
    expect(p.benchmark).toBe('index');
    expect(p.tickers[0]).toBe('S001');
    expect(p.tickers[30]).toBe('S031');

    // straight from the token stream: index levels at 2..2+T, stock i's prices after them
    const index = (t: number) => tokens[2 + t]!;
    const price = (i: number, t: number) => tokens[2 + (T + 1) * (i + 1) + t]!;
    expect(p.benchmarkReturns[0]).toBeCloseTo(index(1) / index(0) - 1, 14);
    expect(p.benchmarkReturns[T - 1]).toBeCloseTo(index(T) / index(T - 1) - 1, 14);
    for (const [i, t] of [[0, 0], [7, 100], [30, T - 1]] as const) {
      expect(p.returns[t * n + i]).toBeCloseTo(price(i, t + 1) / price(i, t) - 1, 14);
    }
    expect(p.prices[12]).toBe(price(12, T));
    expect(p.benchmarkWeights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p.sectors.every((s) => s === '')).toBe(true);
  });

  it('reads every whole series of indtrack7, which declares 1318 stocks and holds 1319, and warns', () => {
    const text = orlib('indtrack7');
    const p = parseOrLibrary(text, 'indtrack7');
    const count = text.trim().split(/\s+/).length;
    expect((count - 2) / 291).toBe(1320);
    expect(p.tickers).toHaveLength(1319);
    expect(p.tickers[1318]).toBe('S1319');
    expect(p.warnings).toEqual([expect.stringMatching(/declares N = 1318 stocks but holds 1319 whole price series/)]);
  });

  it('names the file and line of a bad number', () => {
    expect(() => parseOrLibrary('2 1\n1 2\n3 x 4\n5 6\n', 'bad.txt')).toThrow('bad.txt line 3: "x" is not a number');
  });

  it('says how many numbers N and T call for when the count is off', () => {
    expect(() => parseOrLibrary('2 1\n1 2\n3 4\n5\n', 'short.txt')).toThrow(/short\.txt: N = 2 and T = 1 call for 8 numbers .* found 7/);
  });

  it('has no warning when the file holds exactly N series', () => {
    expect(parseOrLibrary('2 1\n1 2\n3 4\n5 6\n', 'ok.txt').warnings).toEqual([]);
  });

  it('rejects a non-positive price with its series and line', () => {
    expect(() => parseOrLibrary('1 1\n100 101\n5\n0\n', 'zero.txt')).toThrow(/zero\.txt line 4: the price of stock 1 \(S001\) at t = 1 is 0/);
  });
});
