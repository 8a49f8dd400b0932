import { beforeAll, describe, expect, it } from 'vitest';
import { assembleModel } from '../assembler/assembleModel.ts';
import { variableSet, type ModelIR } from '../model/ir.ts';
import type { TrackingProblem } from '../tracking/trackingProblem.ts';
import { writeLp } from '../writers/lpWriter.ts';
import { writeMps } from '../writers/mpsWriter.ts';
import { solveLpText, solveModelText } from '../writers/testing/solveWithHighs.ts';
import { indexTracking } from './indexTracking.ts';
import { applyOverrides, type ModelOverrides } from './overrides.ts';
import { epigraphMadLp, madFromPrices, simpleReturns } from './testing/madByHand.ts';
import { completeTickers, loadSp500Window, windowProblem, type PriceWindow } from './testing/sp500Window.ts';

/**
 * The index-tracking use case end to end on real S&P 500 prices (2012): assembled, written as LP
 * text, solved by HiGHS, and checked against answers computed without the model.
 */

let window: PriceWindow;
beforeAll(async () => {
  window = await loadSp500Window(121);
}, 60_000);

function weightsOf(ir: ModelIR, x: number[]): number[] {
  const w = variableSet(ir, 'weights')!;
  return x.slice(w.start, w.start + w.count);
}

async function solveUseCase(problem: TrackingProblem, overrides: ModelOverrides) {
  const { ir, modelClass } = assembleModel(applyOverrides(indexTracking, overrides), { problem, accountValue: overrides.accountValue });
  const lp = writeLp(ir);
  const solved = await solveLpText(lp.text, lp.columnNames);
  expect(solved.status).toBe('Optimal');
  return { ir, modelClass, objective: solved.objective, x: solved.x, weights: weightsOf(ir, solved.x) };
}

const pricesOf = (tickers: string[], key: 'adjClose' | 'close') => tickers.map((t) => window[key].get(t)!);

describe('index tracking on real prices', () => {
  it('whole shares: the MILP optimum equals the best of every affordable share vector', async () => {
    const periods = 60;
    const tickers = ['AZO', 'BKNG', 'ISRG', 'NVR'];
    // a benchmark of the same four names with given weights: tracking error comes from whole shares and cash alone
    const b = [0.4, 0.3, 0.2, 0.1];
    const adj = pricesOf(tickers, 'adjClose');
    const names = adj.map((prices) => simpleReturns(prices, periods));
    const benchmark = Array.from({ length: periods }, (_, t) => b.reduce((s, bi, i) => s + bi * names[i]![t]!, 0));
    const problem: TrackingProblem = {
      ...windowProblem(window, tickers, periods),
      benchmark: 'cap',
      benchmarkWeights: Float64Array.from(b),
      benchmarkReturns: Float64Array.from(benchmark),
    };
    const V = 6000;
    const p = Array.from(problem.prices);
    expect(Math.min(...p)).toBeGreaterThan(300);

    const { modelClass, objective, x, ir } = await solveUseCase(problem, { accountValue: V });
    expect(modelClass).toBe('MILP');

    // enumerate n ∈ ℤ⁴ with Σ n_i p_i ≤ V; MAD of w_i = n_i p_i / V straight from the prices
    let best = { mad: Infinity, n: [] as number[] };
    let vectors = 0;
    const n = [0, 0, 0, 0];
    const visit = (i: number, spent: number): void => {
      if (i === tickers.length) {
        vectors++;
        const mad = madFromPrices(adj, benchmark, n.map((k, j) => (k * p[j]!) / V));
        if (mad < best.mad) best = { mad, n: [...n] };
        return;
      }
      for (n[i] = 0; spent + n[i]! * p[i]! <= V; n[i]!++) visit(i + 1, spent + n[i]! * p[i]!);
      n[i] = 0;
    };
    visit(0, 0);
    expect(vectors).toBeGreaterThan(500);
    // an interior optimum: every name held, which only whole-share rounding keeps from zero MAD
    expect(best.n.every((k) => k > 0)).toBe(true);
    expect(best.mad).toBeGreaterThan(1e-5);

    expect(objective).toBeCloseTo(best.mad, 9);
    const s = variableSet(ir, 'shares')!;
    expect(x.slice(s.start, s.start + s.count).map(Math.round)).toEqual(best.n);
    // the MPS text of the same model reaches the same optimum
    const mps = await solveModelText('mps', writeMps(ir).text);
    expect(mps.objective).toBeCloseTo(best.mad, 9);
  });

  it('max names: the MILP optimum equals the best LP over every support of two names', async () => {
    const periods = 60;
    const tickers = ['AAPL', 'CVX', 'JNJ', 'JPM', 'MSFT', 'PG'];
    const problem = windowProblem(window, tickers, periods);
    const { objective, weights, modelClass } = await solveUseCase(problem, { maxNames: 2 });
    expect(modelClass).toBe('MILP');
    expect(weights.filter((w) => w > 1e-9).length).toBeLessThanOrEqual(2);

    const returns = Array.from({ length: periods }, (_, t) => Array.from(problem.returns.subarray(t * 6, t * 6 + 6)));
    const benchmark = Array.from(problem.benchmarkReturns);
    const supports: { pair: string; mad: number }[] = [];
    for (let a = 0; a < 6; a++) {
      for (let b = a + 1; b < 6; b++) {
        const upper = tickers.map((_, i) => (i === a || i === b ? 1 : 0));
        const lp = epigraphMadLp({ returns, benchmark, upper });
        const solved = await solveModelText('lp', lp);
        expect(solved.status).toBe('optimal');
        supports.push({ pair: `${tickers[a]}+${tickers[b]}`, mad: solved.objective });
      }
    }
    expect(supports).toHaveLength(15);
    const best = Math.min(...supports.map((s) => s.mad));
    expect(objective).toBeCloseTo(best, 9);
    // the restriction matters: all six names track better than any two
    const free = await solveUseCase(problem, {});
    expect(free.objective).toBeLessThan(best - 1e-5);
  });

  it('30 names × 120 days with max weight, sector band and exclusions: the objective is the MAD of the weights, and a second formulation agrees', async () => {
    const periods = 120;
    const tickers = completeTickers(window, periods + 1, true).slice(0, 30);
    expect(tickers).toHaveLength(30);
    const problem = windowProblem(window, tickers, periods);
    const excludedTickers = [tickers[3]!, tickers[17]!];
    const sectorCounts = new Map<string, number>();
    for (const s of problem.sectors) sectorCounts.set(s, (sectorCounts.get(s) ?? 0) + 1);
    // exclude the smallest sector that has a member, so exclusion by sector is exercised too
    const excludedSector = [...sectorCounts].filter(([s]) => s !== '').sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0]![0];
    const maxWeight = 0.12;
    const band = 0.05;
    const useCase = applyOverrides(indexTracking, { maxWeight, sectorBand: band, exclude: excludedTickers });
    useCase.components.find((c) => c.id === 'con.exclusions')!.params.sectors = [excludedSector];

    const { ir } = assembleModel(useCase, { problem });
    const lp = writeLp(ir);
    const solved = await solveLpText(lp.text, lp.columnNames);
    expect(solved.status).toBe('Optimal');
    const w = weightsOf(ir, solved.x);

    // constraints, checked from the data
    const excluded = tickers.map((t, i) => excludedTickers.includes(t) || problem.sectors[i] === excludedSector);
    expect(excluded.filter(Boolean).length).toBeGreaterThanOrEqual(3);
    w.forEach((wi, i) => {
      expect(wi).toBeGreaterThanOrEqual(-1e-9);
      expect(wi).toBeLessThanOrEqual(excluded[i] ? 1e-9 : maxWeight + 1e-9);
    });
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 9);
    // a sector excluded in full is not banded; the others' benchmark weights are rescaled over what is left
    const caps = tickers.map((t) => window.marketCap.get(t)!);
    const sectors = [...new Set(problem.sectors)].filter((s) => !tickers.every((_, i) => problem.sectors[i] !== s || excluded[i]));
    expect(sectors).not.toContain(excludedSector);
    const capTotal = tickers.reduce((acc, _, i) => acc + (sectors.includes(problem.sectors[i]!) ? caps[i]! : 0), 0);
    const groups = sectors.map((s) => {
      const members = tickers.map((_, i) => i).filter((i) => problem.sectors[i] === s);
      const b = members.reduce((acc, i) => acc + caps[i]! / capTotal, 0);
      const held = members.reduce((acc, i) => acc + w[i]!, 0);
      expect(Math.abs(held - b)).toBeLessThanOrEqual(band + 1e-9);
      return { members, lower: b - band, upper: b + band };
    });
    // a band binds somewhere, or the test would not be testing it
    expect(groups.some((g) => Math.abs(g.members.reduce((acc, i) => acc + w[i]!, 0) - g.lower) < 1e-7 || Math.abs(g.members.reduce((acc, i) => acc + w[i]!, 0) - g.upper) < 1e-7)).toBe(true);

    // the objective is the MAD of the solved weights, recomputed from adjusted closes and index closes
    const mad = madFromPrices(pricesOf(tickers, 'adjClose'), simpleReturns(window.indexClose, periods), w);
    expect(solved.objective).toBeGreaterThan(1e-4);
    expect(Math.abs(solved.objective - mad) / mad).toBeLessThan(1e-6);

    // epigraph formulation with the same restrictions
    const returns = Array.from({ length: periods }, (_, t) => Array.from(problem.returns.subarray(t * 30, t * 30 + 30)));
    const epigraph = await solveModelText(
      'lp',
      epigraphMadLp({
        returns,
        benchmark: Array.from(problem.benchmarkReturns),
        upper: excluded.map((e) => (e ? 0 : maxWeight)),
        groups: groups.filter((g) => g.members.length > 0),
      }),
    );
    expect(epigraph.status).toBe('optimal');
    expect(Math.abs(epigraph.objective - solved.objective) / mad).toBeLessThan(1e-7);

    // and the MPS text of the assembled model gives the same optimum
    const mps = await solveModelText('mps', writeMps(ir).text);
    expect(Math.abs(mps.objective - solved.objective) / mad).toBeLessThan(1e-7);
  });
});
