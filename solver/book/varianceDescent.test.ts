import { beforeAll, describe, expect, it } from 'vitest';
import { TrackingCovariance } from '../tracking/trackingCovariance.ts';
import type { TrackingProblem } from '../tracking/trackingProblem.ts';
import { completeTickers, loadSp500Window, windowProblem } from '../usecases/testing/sp500Window.ts';
import { descendOnVariance, type VarianceDescentInput } from './varianceDescent.ts';
import { mapTargetToAccount } from './wholeShareMapping.ts';
import { Seeded } from '../model/testing/seededRandom.ts';

/**
 * The whole-share descent on the active variance (varianceDescent.ts) on real S&P 500 prices (40 names,
 * the first 250 daily returns of ../shared/data/sp500, read at run time): the account's rules after the
 * descent on random accounts, the variances it reports against the returns, and on 3-4 names the
 * optimum over every whole-share vector within the budget. Variances are recomputed here from the
 * returns, never taken from the code under test.
 */

let p: TrackingProblem;
let cov: TrackingCovariance;
beforeAll(async () => {
  const window = await loadSp500Window(251);
  p = windowProblem(window, completeTickers(window, 251, true).slice(0, 40), 250);
  cov = new TrackingCovariance(p);
});

/** Var(a), a_t = Σ_i n_i p_i / V r_{t,i} − r^B_t, the sample variance (L − 1), from the returns. */
function varianceOf(shares: ReadonlyMap<number, number>, V: number): number {
  const n = p.tickers.length;
  const L = p.benchmarkReturns.length;
  const a = Array.from(p.benchmarkReturns, (rb, t) => {
    let s = -rb;
    for (const [i, k] of shares) s += ((k * p.prices[i]!) / V) * p.returns[t * n + i]!;
    return s;
  });
  const mean = a.reduce((s, x) => s + x, 0) / L;
  return a.reduce((s, x) => s + (x - mean) ** 2, 0) / (L - 1);
}

const cashOf = (shares: ReadonlyMap<number, number>, V: number) => [...shares].reduce((c, [i, k]) => c - k * p.prices[i]!, V);

describe('descendOnVariance on random accounts', () => {
  it("keeps every rule of the account, reports Var(a) as the returns give it, and never raises it", () => {
    const random = new Seeded(23);
    const n = p.tickers.length;
    let moved = 0;
    let worstReport = 0;
    for (let trial = 0; trial < 150; trial++) {
      const V = Math.round(5_000 * Math.exp(4 * random.uniform()));
      // the target: 5..20 names; holdings: 0..8 names worth up to 90 % of V
      const targetNames = [...Array(n).keys()].filter(() => random.uniform() < 0.35).slice(0, 20);
      if (targetNames.length === 0) targetNames.push(0);
      const raw = targetNames.map(() => 0.2 + random.uniform());
      const total = raw.reduce((a, b) => a + b, 0);
      const weights = raw.map((x) => (0.97 * x) / total);
      const held = new Map<number, number>();
      if (random.uniform() < 0.6) {
        let budget = 0.9 * V;
        for (let k = random.integer(1, 8); k > 0; k--) {
          const i = random.integer(0, n - 1);
          const shares = Math.floor((budget * random.uniform() * 0.4) / p.prices[i]!);
          if (shares > 0) {
            held.set(i, (held.get(i) ?? 0) + shares);
            budget -= shares * p.prices[i]!;
          }
        }
      }
      const excluded = new Set([...targetNames, ...held.keys()].filter(() => random.uniform() < 0.1));
      const minWeight = random.uniform() < 0.5 ? 0 : 0.03 * random.uniform();
      const minTrade = random.uniform() < 0.5 ? 0 : 50 + 300 * random.uniform();
      const cashBuffer = random.uniform() < 0.3 ? 0 : V * 0.02 * random.uniform();
      const maxWeight = random.uniform() < 0.5 ? 1 : 0.08 + 0.3 * random.uniform();
      const mapped = mapTargetToAccount(
        { names: targetNames, weights },
        { value: V, excluded, held },
        { prices: p.prices, cashBuffer, minTrade, minWeight },
      );
      const start = new Map(mapped.names.map((i, k) => [i, mapped.shares[k]!]));
      const inPlay = [...new Set([...targetNames, ...start.keys(), ...held.keys()])].sort((a, b) => a - b);
      const buyable = new Set(targetNames.filter((i) => !excluded.has(i)));
      const maxNames = random.integer(2, 25);
      const input: VarianceDescentInput = {
        covariance: cov.over(inPlay),
        prices: p.prices,
        value: V,
        buyable,
        shares: start,
        held,
        cashFloor: Math.min(cashBuffer, mapped.cash),
        minWeight,
        maxNames,
        maxWeight,
        minTrade,
        maxMoves: 200,
      };
      const result = descendOnVariance(input);
      const after = result.shares;
      if (result.moves > 0) moved++;
      const w = (shares: ReadonlyMap<number, number>, i: number) => ((shares.get(i) ?? 0) * p.prices[i]!) / V;

      // the reported variances are the returns' (relative to the benchmark's variance, the form's scale)
      const vBefore = varianceOf(start, V);
      const vAfter = varianceOf(after, V);
      worstReport = Math.max(worstReport, Math.abs(result.varianceBefore - vBefore) / vBefore, Math.abs(result.varianceAfter - vAfter) / vAfter);
      expect(Math.abs(result.varianceBefore - vBefore)).toBeLessThan(1e-9 * cov.benchmarkVariance);
      expect(Math.abs(result.varianceAfter - vAfter)).toBeLessThan(1e-9 * cov.benchmarkVariance);
      // never raised; each move lowers it by at least minGain (1e-4) of it
      expect(vAfter).toBeLessThanOrEqual(vBefore * (1 + 1e-12));
      if (result.moves > 0) expect(vAfter).toBeLessThan(vBefore * (1 - 1e-4));
      else expect([...after]).toEqual([...start].filter(([, k]) => k > 0));

      for (const [i, k] of after) {
        expect(Number.isInteger(k) && k > 0).toBe(true);
        expect(inPlay).toContain(i);
      }
      // exclusions (and every name not buyable) are never bought
      for (const i of inPlay) if (!buyable.has(i)) expect(after.get(i) ?? 0).toBeLessThanOrEqual(start.get(i) ?? 0);
      for (const i of excluded) expect(after.get(i) ?? 0).toBeLessThanOrEqual(start.get(i) ?? 0);
      // the cash floor
      expect(cashOf(after, V)).toBeGreaterThanOrEqual(input.cashFloor - 1e-9 * V);
      // the name limit (a start above it is never made worse)
      expect(after.size).toBeLessThanOrEqual(Math.max(maxNames, start.size));
      for (const [i] of after) {
        const ws = w(start, i);
        // the minimum position, for every name that met it at the start or was not held
        if (ws === 0 || ws >= minWeight) expect(w(after, i)).toBeGreaterThanOrEqual(minWeight - 1e-12);
        // the maximum weight for every name bought, and every name that met it
        if ((after.get(i) ?? 0) > (start.get(i) ?? 0) || ws <= maxWeight) expect(w(after, i)).toBeLessThanOrEqual(maxWeight + 1e-9);
      }
      // every trade against the holdings: none, the whole holding sold, or at least the minimum trade
      for (const i of new Set([...inPlay, ...held.keys()])) {
        const h = held.get(i) ?? 0;
        const f = after.get(i) ?? 0;
        const s0 = start.get(i) ?? 0;
        const ok = (x: number) => x === h || (x === 0 && h > 0) || Math.abs(x - h) * p.prices[i]! >= minTrade - 1e-9;
        // (the mapping's start keeps it; the descent must too)
        expect(ok(s0)).toBe(true);
        expect(ok(f)).toBe(true);
      }
    }
    expect(moved).toBeGreaterThan(100);
    // measured: 8e-15 relative at worst
    expect(worstReport).toBeLessThan(1e-9);
  });
});

/** Every whole-share vector of `names` with Σ n_i p_i ≤ budget: the least Var(a), and the vectors reaching it. */
function bruteForce(names: readonly number[], V: number, budget: number): { best: number; shares: number[] } {
  const block = cov.over(names);
  const k = names.length;
  const u = names.map((i) => p.prices[i]! / V);
  const s = new Array<number>(k).fill(0);
  let best = Infinity;
  let arg: number[] = [];
  const visit = (a: number, used: number): void => {
    if (a === k) {
      let v = block.benchmarkVariance;
      for (let x = 0; x < k; x++) {
        const wx = s[x]! * u[x]!;
        if (wx === 0) continue;
        v -= 2 * wx * block.withBenchmark[x]!;
        for (let y = 0; y < k; y++) v += wx * s[y]! * u[y]! * block.cov[x * k + y]!;
      }
      if (v < best) [best, arg] = [v, [...s]];
      return;
    }
    for (let q = 0; used + q * p.prices[names[a]!]! <= budget + 1e-9; q++) {
      s[a] = q;
      visit(a + 1, used + q * p.prices[names[a]!]!);
    }
    s[a] = 0;
  };
  visit(0, 0);
  return { best, shares: arg };
}

describe('descendOnVariance against every whole-share portfolio on 3-4 names', () => {
  it('reaches the enumerated optimum on (nearly) every small account, and is within 1 % in TE of it on all', () => {
    const random = new Seeded(41);
    const n = p.tickers.length;
    let exact = 0;
    let worst = 1;
    const trials = 40;
    for (let trial = 0; trial < trials; trial++) {
      const k = trial % 2 === 0 ? 3 : 4;
      const names = [...Array(n).keys()]
        .filter((i) => p.prices[i]! > 40 && p.prices[i]! < 400)
        .sort(() => random.uniform() - 0.5)
        .slice(0, k)
        .sort((a, b) => a - b);
      const V = k === 3 ? random.integer(1_500, 4_000) : random.integer(1_000, 2_200);
      const floor = random.uniform() < 0.5 ? 0 : random.integer(0, 100);
      // from the mapping of an equal-weight target (or from cash)
      const start = new Map<number, number>();
      if (trial % 4 !== 3) {
        const mapped = mapTargetToAccount(
          { names, weights: names.map(() => 1 / k) },
          { value: V, excluded: new Set() },
          { prices: p.prices, cashBuffer: floor, minTrade: 0, minWeight: 0 },
        );
        mapped.names.forEach((i, a) => start.set(i, mapped.shares[a]!));
      }
      const result = descendOnVariance({
        covariance: cov.over(names),
        prices: p.prices,
        value: V,
        buyable: new Set(names),
        shares: start,
        cashFloor: floor,
        minWeight: 0,
        maxNames: k,
        minGain: 1e-12,
        maxMoves: 10_000,
      });
      const { best } = bruteForce(names, V, V - floor);
      const got = varianceOf(result.shares, V);
      expect(cashOf(result.shares, V)).toBeGreaterThanOrEqual(floor - 1e-9);
      // the enumeration is the optimum over the same set: nothing the descent finds is below it
      expect(got).toBeGreaterThanOrEqual(best * (1 - 1e-9));
      if (got <= best * (1 + 1e-9)) exact++;
      worst = Math.max(worst, Math.sqrt(got / best));
    }
    // measured: the optimum in 40 of these 40 accounts (299 of 300 with 300 of them, the one miss 0.29 % above
    // in TE): a local search, so a bound rather than equality everywhere
    expect(exact).toBeGreaterThanOrEqual(trials - 2);
    expect(worst).toBeLessThan(1.01);
  });
});
