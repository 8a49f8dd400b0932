import { describe, expect, it } from 'vitest';
import { portfolioDifferences, WEIGHT_TOLERANCE } from './portfolioDifferences.ts';

const h = (ticker: string, weight: number, shares: number | null = null) => ({ ticker, weight, shares });

describe('portfolioDifferences', () => {
  it('lists the names held in one portfolio only, and the weights that differ most, A minus B', () => {
    const a = [h('AAA', 0.3), h('BBB', 0.25), h('CCC', 0.2), h('DDD', 0.15), h('EEE', 0.1)];
    const b = [h('GGG', 0.35), h('AAA', 0.28), h('BBB', 0.25 + WEIGHT_TOLERANCE / 2), h('FFF', 0.22), h('CCC', 0.1)];
    const d = portfolioDifferences(a, b);
    expect(d.onlyA).toEqual(['DDD', 'EEE']);
    expect(d.onlyB).toEqual(['GGG', 'FFF']);
    // BBB differs by half the tolerance: solver noise, not a difference
    expect(d.largest.map((x) => [x.ticker, x.weightA, x.weightB])).toEqual([
      ['GGG', 0, 0.35],
      ['FFF', 0, 0.22],
      ['DDD', 0.15, 0],
      ['CCC', 0.2, 0.1],
      ['EEE', 0.1, 0],
      ['AAA', 0.3, 0.28],
    ]);
    expect(d.largest.map((x) => x.difference)).toEqual([-0.35, -0.22, 0.15, 0.2 - 0.1, 0.1, 0.3 - 0.28]);
  });

  it('keeps the top 15 by size of difference, whichever portfolio is heavier', () => {
    // name i weighs i/1000 more in A when i is even, in B when i is odd: the 15 largest are names 20 down to 6
    const names = Array.from({ length: 20 }, (_, k) => k + 1);
    const a = names.map((i) => h(`T${i}`, 0.01 + (i % 2 === 0 ? i / 1000 : 0)));
    const b = names.map((i) => h(`T${i}`, 0.01 + (i % 2 === 1 ? i / 1000 : 0)));
    const d = portfolioDifferences(a, b);
    expect(d.largest.map((x) => x.ticker)).toEqual(names.slice(5).reverse().map((i) => `T${i}`));
    expect(d.largest.every((x) => Math.sign(x.difference) === (Number(x.ticker.slice(1)) % 2 === 0 ? 1 : -1))).toBe(true);
    expect(d.onlyA).toEqual([]);
    expect(d.onlyB).toEqual([]);
  });

  it('counts a name held in whole shares or at a positive weight, not a zero line', () => {
    const a = [h('AAA', 0.6, 10), h('ZZZ', 0, 0), h('SSS', 0, 3)];
    const b = [h('AAA', 0.6, 10)];
    const d = portfolioDifferences(a, b);
    expect(d.onlyA).toEqual(['SSS']);
    expect(d.largest).toEqual([]);
  });

  it('finds nothing between a portfolio and itself', () => {
    const a = [h('AAA', 0.5), h('BBB', 0.5)];
    expect(portfolioDifferences(a, [...a].reverse())).toEqual({ onlyA: [], onlyB: [], largest: [] });
  });
});
