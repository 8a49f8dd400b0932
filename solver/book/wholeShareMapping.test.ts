import { describe, expect, it } from 'vitest';
import { mapTargetToAccount, type AccountAllocation } from './wholeShareMapping.ts';
import { Seeded } from '../model/testing/seededRandom.ts';

/** Σ_i |p_i s_i / V − t_i| + cash / V: what the mapping from cash trades off. */
function miss(t: readonly number[], p: readonly number[], s: readonly number[], V: number): number {
  let used = 0;
  let m = 0;
  t.forEach((ti, i) => {
    used += p[i]! * s[i]!;
    m += Math.abs((p[i]! * s[i]!) / V - ti);
  });
  return m + (V - used) / V;
}

/** The optimum of that miss over every whole-share portfolio within the budget, by enumeration. */
function bestMiss(t: readonly number[], p: readonly number[], V: number): number {
  let best = Infinity;
  const s = t.map(() => 0);
  const visit = (i: number, used: number): void => {
    if (i === t.length) {
      best = Math.min(best, miss(t, p, s, V));
      return;
    }
    for (let k = 0; used + k * p[i]! <= V + 1e-9; k++) {
      s[i] = k;
      visit(i + 1, used + k * p[i]!);
    }
    s[i] = 0;
  };
  visit(0, 0);
  return best;
}

function sharesOf(a: AccountAllocation, count: number): number[] {
  const s = new Array<number>(count).fill(0);
  a.names.forEach((i, k) => (s[i] = a.shares[k]!));
  return s;
}

const noRules = { cashBuffer: 0, minTrade: 0, minWeight: 0 };

describe('mapTargetToAccount from cash', () => {
  it('is within the greedy bound 2 max_i p_i / V of the enumerated optimum on small accounts', () => {
    const random = new Seeded(11);
    let exact = 0;
    for (let trial = 0; trial < 60; trial++) {
      const n = random.integer(2, 4);
      const V = random.integer(300, 1500);
      const prices = Array.from({ length: n }, () => random.integer(20, 400) + random.uniform());
      const raw = Array.from({ length: n }, () => random.uniform() + 0.05);
      const total = raw.reduce((a, b) => a + b, 0);
      const target = raw.map((x) => x / total);
      const a = mapTargetToAccount({ names: [...target.keys()], weights: target }, { value: V, excluded: new Set() }, { prices, ...noRules });
      const s = sharesOf(a, n);
      const got = miss(target, prices, s, V);
      const best = bestMiss(target, prices, V);
      expect(got).toBeGreaterThanOrEqual(best - 1e-12);
      expect(got - best).toBeLessThanOrEqual((2 * Math.max(...prices)) / V + 1e-12);
      if (got - best < 1e-12) exact++;
      expect(a.cash).toBeCloseTo(V - s.reduce((c, k, i) => c + k * prices[i]!, 0), 9);
      expect(a.cash).toBeGreaterThanOrEqual(0);
    }
    // the bound is loose: the greedy is usually exact on these sizes
    expect(exact).toBeGreaterThan(40);
  });

  it('never buys an excluded name and keeps the cash buffer', () => {
    const prices = [50, 80, 120, 30];
    const a = mapTargetToAccount(
      { names: [0, 1, 2, 3], weights: [0.4, 0.3, 0.2, 0.1] },
      { value: 10_000, excluded: new Set([1]) },
      { prices, cashBuffer: 500, minTrade: 0, minWeight: 0 },
    );
    expect(a.names).not.toContain(1);
    expect(a.cash).toBeGreaterThanOrEqual(500);
    // the others are bought at their targets within a share: 0.4·10,000/50 = 80 shares of name 0
    expect(sharesOf(a, 4)[0]).toBe(80);
  });
});

describe('mapTargetToAccount from holdings', () => {
  it('sells an excluded holding whatever its size, and makes no other trade below the minimum', () => {
    const prices = [100, 10, 40];
    const a = mapTargetToAccount(
      { names: [0, 2], weights: [0.5, 0.49] },
      // held: 49 of name 0 (target 50: a $100 buy, below $250), one $10 share of the excluded name 1, 120 of name 2 (target 122.5)
      { value: 10_000, excluded: new Set([1]), held: new Map([[0, 49], [1, 1], [2, 120]]) },
      { prices, cashBuffer: 0, minTrade: 250, minWeight: 0 },
    );
    expect(a.trades).toEqual([{ name: 1, shares: -1 }]);
    expect(sharesOf(a, 3)).toEqual([49, 0, 120]);
    expect(a.cash).toBeCloseTo(10_000 - 4_900 - 4_800, 9);
  });

  it('invariants on random accounts: whole shares, cash ≥ buffer ≥ 0, exclusions sold, every trade at least the minimum or a whole sale', () => {
    const random = new Seeded(5);
    for (let trial = 0; trial < 300; trial++) {
      const n = 30;
      const prices = Array.from({ length: n }, () => 5 + random.uniform() * (random.uniform() < 0.1 ? 3000 : 300));
      const names = [...Array(n).keys()].filter(() => random.uniform() < 0.6);
      const raw = names.map(() => random.uniform());
      const sum = raw.reduce((a, b) => a + b, 0) || 1;
      const weights = raw.map((x) => x / sum);
      const V = Math.round(10_000 * Math.exp(3 * random.uniform()));
      const excluded = new Set([...Array(n).keys()].filter(() => random.uniform() < 0.1));
      const held = new Map<number, number>();
      let budget = V * random.uniform();
      for (let i = 0; i < n; i++) {
        if (random.uniform() < 0.3) {
          const s = Math.floor((budget * random.uniform()) / prices[i]!);
          if (s > 0) {
            held.set(i, s);
            budget -= s * prices[i]!;
          }
        }
      }
      const rules = { prices, cashBuffer: V * 0.01 * random.integer(0, 3), minTrade: V * 0.002 * random.integer(0, 5), minWeight: random.uniform() < 0.5 ? 0 : 0.01 };
      const a = mapTargetToAccount({ names, weights }, { value: V, excluded, held }, rules);
      const s = sharesOf(a, n);
      expect(s.every((k) => Number.isInteger(k) && k >= 0)).toBe(true);
      const invested = s.reduce((c, k, i) => c + k * prices[i]!, 0);
      expect(a.cash).toBeCloseTo(V - invested, 6);
      expect(a.cash).toBeGreaterThanOrEqual(0);
      expect(a.cash).toBeGreaterThanOrEqual(rules.cashBuffer - 1e-6);
      for (const i of excluded) expect(s[i]).toBe(0);
      for (const t of a.trades) {
        const h = held.get(t.name) ?? 0;
        expect(s[t.name]! - h).toBe(t.shares);
        if (t.shares > 0) expect(excluded.has(t.name)).toBe(false);
        const wholeSale = t.shares < 0 && s[t.name] === 0;
        if (!wholeSale) expect(Math.abs(t.shares) * prices[t.name]!).toBeGreaterThanOrEqual(rules.minTrade - 1e-6);
      }
      // every name whose shares changed is a trade, and no other
      for (let i = 0; i < n; i++) expect(a.trades.some((t) => t.name === i)).toBe(s[i] !== (held.get(i) ?? 0));
    }
  });
});
