import { describe, expect, it } from 'vitest';
import type { Account } from '../../api/book.ts';
import { bandLimits } from './bandLimits.ts';
import { clusterAccounts, sizeBands } from './clustering.ts';

/** A universe of 400 names at $20-$420 (median $220), equal benchmark weights. */
const universe = {
  prices: Array.from({ length: 400 }, (_, i) => 20 + i),
  benchmarkWeights: Array.from({ length: 400 }, () => 1 / 400),
};

function account(accountId: string, value: number, more: Partial<Account> = {}): Account {
  return { accountId, strategy: 'core', value, taxStatus: 'taxable', exclude: [], cash: null, ...more };
}

describe('sizeBands', () => {
  it('doubles from the smallest account and stops at the first band whose limits saturate', () => {
    const bands = sizeBands(10_000, 2_000_000, { universe });
    // k = 0.75 V / 219.5 reaches 400 names at V ≈ $117k: bands from $10k, $20k, $40k, $80k, and $160k saturated up to $2M
    expect(bands.map((b) => Math.round(b.lower))).toEqual([10_000, 20_000, 40_000, 80_000, 160_000]);
    expect(bands.at(-1)!.upper).toBe(2_000_000);
    expect(bands.at(-1)!.limits.saturated).toBe(true);
    expect(bands.slice(0, -1).every((b) => !b.limits.saturated)).toBe(true);
    for (let j = 1; j < bands.length; j++) {
      expect(bands[j]!.lower).toBe(bands[j - 1]!.upper);
      // a larger band holds more names, each smaller
      expect(bands[j]!.limits.maxNames).toBeGreaterThan(bands[j - 1]!.limits.maxNames);
    }
  });

  it('keeps saturated bands apart while their screens of large shares differ, and merges them once the screen is the same or empty', () => {
    // two $3,000 names at b = 0.1 %: screened while 3,000 > 2 V max(0.001, 1/402), i.e. up to V ≈ $603k
    const pricey = { prices: [...universe.prices, 3_000, 3_000], benchmarkWeights: [...universe.benchmarkWeights.map((w) => w * 0.998), 0.001, 0.001] };
    const bands = sizeBands(10_000, 5_000_000, { universe: pricey });
    const saturated = bands.filter((b) => b.limits.saturated);
    // saturation at k = 0.75 V / 220 ≥ 402, V ≥ $118k: the $160k band (and $320k, same screen, merged) then $640k up
    expect(saturated.map((b) => [Math.round(b.lower), Math.round(b.upper)])).toEqual([
      [160_000, 640_000],
      [640_000, 5_000_000],
    ]);
    expect(saturated[0]!.limits.screened).toEqual([400, 401]);
    expect(saturated[1]!.limits.screened).toEqual([]);
    expect(bands.map((b) => b.index)).toEqual([...bands.keys()]);
    for (let j = 1; j < bands.length; j++) expect(bands[j]!.lower).toBe(bands[j - 1]!.upper);
  });

  it('takes the number of bands when given, log-spaced between the smallest and the largest account', () => {
    const bands = sizeBands(10_000, 40_000, { universe, bands: 2 });
    expect(bands.map((b) => [Math.round(b.lower), Math.round(b.upper)])).toEqual([
      [10_000, 20_000],
      [20_000, 40_000],
    ]);
  });
});

describe('bandLimits', () => {
  it('gives one typical share as the minimum position and screens names whose one share exceeds twice max(b_i, 1/k)', () => {
    const l = bandLimits(22_000, universe);
    // p̃ = 219.5: k = floor(0.75 · 22,000 / 219.5) = 75, m = min(219.5 / 22,000, 1/75)
    expect(l.maxNames).toBe(75);
    expect(l.minWeight).toBeCloseTo(219.5 / 22_000, 12);
    // screened: p_i / 22,000 > 2 / 75, i.e. p_i > 586.7: none of $20-$419
    expect(l.screened).toEqual([]);
    // at $5,000 (k = 17) a share over 2 · 5,000 / 17 = $588 is screened: none of these, but a $3,300 one with b = 4 % is
    const small = bandLimits(5_000, universe);
    const pricey = bandLimits(5_000, { prices: [...universe.prices, 3_300], benchmarkWeights: [...universe.benchmarkWeights, 0.04] });
    expect(small.screened).toEqual([]);
    expect(pricey.screened).toEqual([400]);
  });
});

describe('clusterAccounts', () => {
  const book: Account[] = [
    account('a1', 12_000),
    account('a2', 15_000, { exclude: ['MO', 'PM'] }),
    account('a3', 25_000),
    account('a4', 11_000, { taxStatus: 'deferred' }),
    account('a5', 900_000),
    account('a6', 13_000, { exclude: ['PM', 'MO'] }),
    account('a7', 10_000),
    account('a8', 500_000, { strategy: 'growth' }),
    account('a9', 10_500, { exclude: ['sector:Energy'] }),
    account('a10', 11_500, { exclude: ['XOM', 'sector:Energy'] }),
  ];

  it('groups by strategy, screen family (sector exclusions) and tax status, then by band; every account in exactly one cluster', () => {
    const { clusters } = clusterAccounts(book, { universe });
    const members = clusters.flatMap((c) => c.members.map((m) => book[m]!.accountId)).sort();
    expect(members).toEqual(book.map((a) => a.accountId).sort());
    const of = (id: string) => clusters.find((c) => c.members.some((m) => book[m]!.accountId === id))!;
    // names an account excludes do not split clusters (they are handled per account); a sector does
    expect(of('a2').clusterId).toBe(of('a6').clusterId);
    expect(of('a1').clusterId).toBe(of('a7').clusterId);
    expect(of('a1').clusterId).toBe(of('a6').clusterId);
    expect(of('a9').clusterId).not.toBe(of('a7').clusterId);
    expect(of('a9').clusterId).toBe(of('a10').clusterId);
    expect(of('a9').key.exclude).toEqual(['sector:Energy']);
    expect(of('a1').clusterId).not.toBe(of('a3').clusterId);
    expect(of('a1').clusterId).not.toBe(of('a4').clusterId);
    expect(of('a5').clusterId).not.toBe(of('a8').clusterId);
    for (const c of clusters) {
      for (const m of c.members) {
        const a = book[m]!;
        expect(a.value).toBeGreaterThanOrEqual(c.band.lower - 1e-6);
        expect(a.value).toBeLessThanOrEqual(c.band.upper + 1e-6);
        expect(c.key.strategy).toBe(a.strategy);
        expect(c.key.taxStatus).toBe(a.taxStatus);
        expect(c.key.exclude).toEqual(a.exclude.filter((e) => e.startsWith('sector:')).sort());
      }
      expect(c.minValue).toBe(Math.min(...c.members.map((m) => book[m]!.value)));
      expect(c.maxValue).toBe(Math.max(...c.members.map((m) => book[m]!.value)));
    }
  });

  it('is deterministic: the same clusters, ids and members whatever the order of the accounts', () => {
    const a = clusterAccounts(book, { universe }).clusters;
    const reversed = [...book].reverse();
    const b = clusterAccounts(reversed, { universe }).clusters;
    const named = (cs: typeof a, accounts: Account[]) => cs.map((c) => [c.clusterId, c.keyText, c.band.index, c.members.map((m) => accounts[m]!.accountId)]);
    expect(named(b, reversed)).toEqual(named(a, book));
  });

  it('rejects an account without a positive value', () => {
    expect(() => clusterAccounts([account('z', 0)], { universe })).toThrow(/account z has value 0/);
  });
});
