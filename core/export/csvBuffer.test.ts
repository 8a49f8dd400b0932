import { describe, expect, it } from 'vitest';
import { UnwritableNumberError } from '../errors.ts';
import { CsvBuffer } from './csvBuffer.ts';
import { DemoRandom } from '../market/demoRandom.ts';

/** What the batch files wrote before CsvBuffer: String() of the rounded number. */
const rounded = (v: number, decimals: 2 | 10) => String(Math.round(v * 10 ** decimals) / 10 ** decimals);
const text = (write: (b: CsvBuffer) => unknown) => {
  const b = new CsvBuffer(4);
  write(b);
  return b.take().toString('latin1');
};

describe('CsvBuffer writes numbers as String() does', () => {
  it('dollars and weights, rounded, over a million random values of every size the batch writes', () => {
    const random = new DemoRandom(7);
    const wrong: string[] = [];
    for (let k = 0; k < 1_000_000; k++) {
      const u = random.uniform();
      // prices × shares up to $1e12, weights and tracking errors in [0, 1], tiny weights, negative values
      const v = k % 4 === 0 ? u * 10 ** Math.floor(random.uniform() * 12) : k % 4 === 1 ? u ** 4 : k % 4 === 2 ? -u * 1000 : Math.floor(u * 1e7) / 100;
      for (const d of [2, 10] as const) {
        const got = text((b) => b.rounded(v, d, 'f', 'c'));
        if (got !== rounded(v, d)) wrong.push(`${v} to ${d} decimals: ${got}, String() ${rounded(v, d)}`);
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('the edges: zero, exponent forms, the largest values, integers', () => {
    for (const v of [0, -0, 1, 0.1, 0.005, 0.015, 1e-6, 9.99e-7, 1.234e-7, 5e-11, 4.9e-11, 1e5, 99999.99999, 123456.123, 1e12, 9.99e12, 1e13, 1e15, 1e21, 2e21, -1e-7]) {
      expect(text((b) => b.rounded(v, 2, 'f', 'c')), `${v} to cents`).toBe(rounded(v, 2));
      expect(text((b) => b.rounded(v, 10, 'f', 'c')), `${v} to 1e-10`).toBe(rounded(v, 10));
    }
    for (const n of [0, 7, -7, 10, 100, 123456789, -987654321, 2 ** 40, 999_999_999_999_999, 1e15, 1e21, 0.5, 133.37]) {
      expect(text((b) => b.number(n, 'f', 'c')), String(n)).toBe(String(n));
    }
  });

  it('refuses what is not finite, naming the file and the column, and grows past its first capacity', () => {
    expect(() => new CsvBuffer().number(NaN, 'out/a.csv', 'shares')).toThrow(UnwritableNumberError);
    expect(() => new CsvBuffer().rounded(1e308, 2, 'out/a.csv', 'value')).toThrow(/out\/a\.csv: .* in column value/);
    const b = new CsvBuffer(2);
    for (let k = 0; k < 1000; k++) b.ascii('AAPL,').number(k, 'f', 'c').char(10);
    expect(b.take().toString('latin1').split('\n')[999]).toBe('AAPL,999');
  });
});
