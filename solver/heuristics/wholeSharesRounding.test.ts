import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileHighsWasm, loadHighsRuntime } from '../backends/highs/highsRuntime.ts';
import { solveWithHighs } from '../backends/highs/highsSolve.ts';
import { maxViolation, variableSet } from '../model/ir.ts';
import { bestWholeSharesByEnumeration, firstNames, madOf, orLibraryProblem, trackingModel } from './fixtures/orLibraryModels.ts';
import { roundToWholeShares, wholeSharesStart } from './wholeSharesRounding.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighsRuntime(await compileHighsWasm());
});

/** Distance to the targets the rounding trades off: Σ_i |u_i n_i − t_i| + cash. */
function targetMiss(t: number[], u: number[], n: ArrayLike<number>, investable: number): number {
  let used = 0;
  let miss = 0;
  t.forEach((ti, i) => {
    used += u[i]! * n[i]!;
    miss += Math.abs(u[i]! * n[i]! - ti);
  });
  return miss + (investable - used);
}

function exactMiss(t: number[], u: number[], investable: number): number {
  let best = Infinity;
  const n = t.map(() => 0);
  const visit = (i: number, used: number) => {
    if (i === t.length) {
      best = Math.min(best, targetMiss(t, u, n, investable));
      return;
    }
    for (let s = 0; used + s * u[i]! <= investable + 1e-12; s++) {
      n[i] = s;
      visit(i + 1, used + s * u[i]!);
    }
  };
  visit(0, 0);
  return best;
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('roundToWholeShares', () => {
  it('rounds down, then buys one more share where the largest fraction of a share is missing, within budget', () => {
    // t/u = 2.9, 1.5, 3.2 shares: floors 2, 1, 3 cost 0.6 of 0.8, leaving 0.2; the missing fractions
    // 0.9, 0.5, 0.2 rank the names 0, 1, 2: one more of name 0 and one of name 1 spend the 0.2
    const n = roundToWholeShares({ target: [0.29, 0.15, 0.32], unitWeight: [0.1, 0.1, 0.1], maxShares: [10, 10, 10], investable: 0.8 });
    expect(Array.from(n)).toEqual([3, 2, 3]);
    // with 0.75 only name 0's extra share fits
    const tight = roundToWholeShares({ target: [0.29, 0.15, 0.32], unitWeight: [0.1, 0.1, 0.1], maxShares: [10, 10, 10], investable: 0.75 });
    expect(Array.from(tight)).toEqual([3, 1, 3]);
  });

  it('respects share limits and never spends more than the budget', () => {
    const rand = seeded(7);
    for (let trial = 0; trial < 50; trial++) {
      const count = 3 + Math.floor(rand() * 20);
      const u = Array.from({ length: count }, () => 0.002 + rand() * 0.08);
      const raw = Array.from({ length: count }, () => rand());
      const sum = raw.reduce((a, v) => a + v, 0);
      const t = raw.map((v) => v / sum);
      const maxShares = u.map((ui, i) => (i % 5 === 0 ? 1 : Math.floor(1 / ui)));
      const n = roundToWholeShares({ target: t, unitWeight: u, maxShares, investable: 1 });
      let used = 0;
      n.forEach((s, i) => {
        expect(Number.isInteger(s)).toBe(true);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(maxShares[i]!);
        used += s * u[i]!;
      });
      expect(used).toBeLessThanOrEqual(1 + 1e-12);
    }
  });

  it('stays within one share of the exact knapsack optimum on small brute-forced cases, and is usually exact', () => {
    const rand = seeded(11);
    let exactHits = 0;
    for (let trial = 0; trial < 30; trial++) {
      const count = 4;
      const u = Array.from({ length: count }, () => 0.05 + rand() * 0.2);
      const raw = Array.from({ length: count }, () => rand());
      const sum = raw.reduce((a, v) => a + v, 0);
      const t = raw.map((v) => v / sum);
      const n = roundToWholeShares({ target: t, unitWeight: u, maxShares: u.map((ui) => Math.floor(1 / ui)), investable: 1 });
      const got = targetMiss(t, u, n, 1);
      const best = exactMiss(t, u, 1);
      // greedy on a 0/1 knapsack loses at most one item's gain, here 2 r_i < 2 u_i
      expect(got).toBeLessThanOrEqual(best + 2 * Math.max(...u) + 1e-12);
      if (got <= best + 1e-12) exactHits++;
    }
    expect(exactHits).toBeGreaterThanOrEqual(15);
  });

  it('lifts a held name that rounding left below the minimum position, or sells it when the budget cannot pay', () => {
    // m = 0.25: name 0 floors to 2 shares (0.2 < 0.25) and needs 3; name 1 floors to 3 (0.3, fine)
    const lifted = roundToWholeShares({ target: [0.27, 0.33], unitWeight: [0.1, 0.1], maxShares: [9, 9], investable: 1, minWeight: 0.25 });
    expect(Array.from(lifted)).toEqual([3, 4]);
    // with 0.5 to invest the floors (2 + 3 shares) spend it all: name 0 cannot reach 0.25 and is sold,
    // and the 0.2 it frees buys name 1 the share its target misses most
    const sold = roundToWholeShares({ target: [0.27, 0.33], unitWeight: [0.1, 0.1], maxShares: [9, 9], investable: 0.5, minWeight: 0.25 });
    expect(Array.from(sold)).toEqual([0, 4]);
  });
});

describe('wholeSharesStart', () => {
  it('turns the fractional optimum into whole shares near the brute-forced optimum (4 names, $5,000)', () => {
    const V = 5000;
    const p = firstNames(orLibraryProblem('indtrack2'), 4);
    const ir = trackingModel(p, { accountValue: V });
    const relaxed = solveWithHighs(highs, { ...ir, cols: { ...ir.cols, types: ir.cols.types.map(() => 'continuous' as const) } });
    expect(relaxed.status).toBe('optimal');

    const done = wholeSharesStart(highs, ir, relaxed.x!);
    expect(done.feasible).toBe(true);
    if (!done.feasible) return;
    expect(maxViolation(ir, done.x)).toBeLessThan(1e-9);
    const w = variableSet(ir, 'weights')!;
    const n = variableSet(ir, 'shares')!;
    const weights: number[] = [];
    for (let i = 0; i < 4; i++) {
      const shares = done.x[n.start + i]!;
      expect(Number.isInteger(shares)).toBe(true);
      expect(done.x[w.start + i]).toBeCloseTo((shares * p.prices[i]!) / V, 12);
      weights.push(done.x[w.start + i]!);
    }
    const invested = weights.reduce((a, v) => a + v, 0);
    expect(invested).toBeLessThanOrEqual(1 + 1e-12);
    expect(madOf(p, weights)).toBeCloseTo(done.objective, 12);

    // every whole-share portfolio within the budget, by enumeration
    const best = bestWholeSharesByEnumeration(p, V);
    expect(done.objective).toBeGreaterThanOrEqual(best - 1e-12);
    expect(done.objective).toBeLessThanOrEqual(best * 1.02);
  });

  it('says why it cannot start a model without whole shares', () => {
    const p = firstNames(orLibraryProblem('indtrack1'), 3);
    const ir = trackingModel(p, {});
    expect(wholeSharesStart(highs, ir, new Float64Array(ir.cols.names.length))).toEqual({
      feasible: false,
      reason: expect.stringMatching(/no wholeShares annotation/),
    });
  });
});
