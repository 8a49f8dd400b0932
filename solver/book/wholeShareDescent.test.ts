import { beforeAll, describe, expect, it } from 'vitest';
import { completeTickers, loadSp500Window, windowProblem } from '../usecases/testing/sp500Window.ts';
import type { TrackingProblem } from '../tracking/trackingProblem.ts';
import { descendWholeShares, NameReturns } from './wholeShareDescent.ts';

/** The descent on real S&P 500 prices (40 names, 250 days): it only improves, and only within the account's limits. */

let p: TrackingProblem;
beforeAll(async () => {
  const window = await loadSp500Window(251);
  p = windowProblem(window, completeTickers(window, 251, true).slice(0, 40), 250);
});

/** (1/L) Σ_t |Σ_i n_i p_i / V r_{t,i} − r^B_t|, from the returns. */
function madOf(shares: ArrayLike<number>, V: number): number {
  const n = p.tickers.length;
  let s = 0;
  p.benchmarkReturns.forEach((rb, t) => {
    let a = -rb;
    for (let i = 0; i < n; i++) a += ((shares[i]! * p.prices[i]!) / V) * p.returns[t * n + i]!;
    s += Math.abs(a);
  });
  return s / p.benchmarkReturns.length;
}

describe('descendWholeShares', () => {
  it('from an all-cash $50k account buys its way to a much smaller MAD, spending no more than the account', () => {
    const V = 50_000;
    const all = [...p.tickers.keys()];
    const shares = descendWholeShares(p, new NameReturns(p, all), V, new Float64Array(p.tickers.length));
    const spent = Array.from(shares).reduce((s, n, i) => s + n * p.prices[i]!, 0);
    expect(spent).toBeLessThanOrEqual(V + 1e-9);
    expect(Array.from(shares).every((n) => Number.isInteger(n) && n >= 0)).toBe(true);
    // all cash misses the benchmark by its whole return; the descent must cut that by most of it
    expect(madOf(shares, V)).toBeLessThan(0.3 * madOf(new Float64Array(p.tickers.length), V));
  });

  it('never raises the MAD, buys only the names it is given, leaves the others as held, and keeps the limits', () => {
    const V = 30_000;
    const n = p.tickers.length;
    const start = new Float64Array(n);
    // held: 10 shares each of names 0..9; names 30..39 are outside the descent (e.g. excluded) but 35 is held
    for (let i = 0; i < 10; i++) start[i] = Math.max(1, Math.floor(2_000 / p.prices[i]!));
    start[35] = 3;
    const tradable = [...Array(30).keys()];
    const before = madOf(start, V);
    const shares = descendWholeShares(p, new NameReturns(p, tradable), V, Float64Array.from(start), {
      cashMin: 0.05,
      minWeight: 0.02,
      maxNames: 15,
      maxWeights: Array.from({ length: n }, () => 0.12),
    });
    expect(madOf(shares, V)).toBeLessThanOrEqual(before + 1e-15);
    expect(madOf(shares, V)).toBeLessThan(0.95 * before);
    for (let i = 30; i < n; i++) expect(shares[i]).toBe(start[i]);
    const held = [...shares.keys()].filter((i) => shares[i]! > 0);
    expect(held.length).toBeLessThanOrEqual(15);
    const spent = held.reduce((s, i) => s + shares[i]! * p.prices[i]!, 0);
    expect(spent).toBeLessThanOrEqual(0.95 * V + 1e-6);
    for (const i of held) {
      if (i >= 30) continue;
      const w = (shares[i]! * p.prices[i]!) / V;
      expect(w).toBeGreaterThanOrEqual(0.02 - 1e-12);
      expect(w).toBeLessThanOrEqual(0.12 + 1e-12);
    }
  });
});
