import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileHighsWasm, loadHighsRuntime } from '../backends/highs/highsRuntime.ts';
import { solveWithHighs } from '../backends/highs/highsSolve.ts';
import { ModelBuilder } from '../model/builder.ts';
import { maxViolation, variableSet, type ModelIR } from '../model/ir.ts';
import type { TrackingProblem } from '../tracking/trackingProblem.ts';
import { firstNames, madOf, orLibraryProblem, trackingModel } from './fixtures/orLibraryModels.ts';
import { maxNamesHeuristic } from './maxNamesHeuristic.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighsRuntime(await compileHighsWasm());
});

/**
 * The best MAD with exactly the names S held, each in [m, 1], fully invested, as its own small LP
 * written here from the math (not through the components):
 *   min (1/L) Σ_t (d⁺_t + d⁻_t)  s.t.  Σ_{i∈S} r_{t,i} w_i − d⁺_t + d⁻_t = r^B_t,  Σ_{i∈S} w_i = 1,  m ≤ w_i ≤ 1.
 */
function bestWithNames(p: TrackingProblem, names: number[], m: number): number {
  const n = p.tickers.length;
  const L = p.benchmarkReturns.length;
  const b = new ModelBuilder('support');
  const w = names.map((i) => b.addColumn(`w${i}`, { lower: m, upper: 1 }));
  for (let t = 0; t < L; t++) {
    const up = b.addColumn(`u${t}`, { cost: 1 / L });
    const down = b.addColumn(`d${t}`, { cost: 1 / L });
    b.addRow(`t${t}`, [...w, up, down], [...names.map((i) => p.returns[t * n + i]!), -1, 1], p.benchmarkReturns[t]!, p.benchmarkReturns[t]!);
  }
  b.addRow('budget', w, w.map(() => 1), 1, 1);
  const r = solveWithHighs(highs, b.build());
  return r.status === 'optimal' ? r.objective! : Infinity;
}

/** Minimum over every support of at most k names: the exact optimum of the name-limited model. */
function exactByEnumeration(p: TrackingProblem, k: number, m: number): number {
  let best = Infinity;
  const pick: number[] = [];
  const visit = (from: number) => {
    if (pick.length > 0) best = Math.min(best, bestWithNames(p, pick, m));
    if (pick.length === k) return;
    for (let i = from; i < p.tickers.length; i++) {
      pick.push(i);
      visit(i + 1);
      pick.pop();
    }
  };
  visit(0);
  return best;
}

function expectFeasibleNameLimited(ir: ModelIR, p: TrackingProblem, x: ArrayLike<number>, objective: number, k: number, m: number) {
  expect(maxViolation(ir, x)).toBeLessThan(1e-7);
  const w = variableSet(ir, 'weights')!;
  const weights = Array.from({ length: w.count }, (_, i) => x[w.start + i]!);
  const held = weights.filter((v) => v > 1e-9);
  expect(held.length).toBeLessThanOrEqual(k);
  for (const v of held) expect(v).toBeGreaterThanOrEqual(m - 1e-9);
  expect(weights.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 9);
  // the objective is the tracking MAD of those weights, computed from the data
  expect(madOf(p, weights)).toBeCloseTo(objective, 10);
}

describe('maxNamesHeuristic', () => {
  it('reaches the exact optimum of a 14-name slice of indtrack2 (k = 3, m = 2 %), by enumeration and by HiGHS', () => {
    const p = firstNames(orLibraryProblem('indtrack2'), 14);
    const ir = trackingModel(p, { maxNames: 3, minWeight: 0.02 });
    const exact = exactByEnumeration(p, 3, 0.02);
    const proven = solveWithHighs(highs, ir, { mipRelGap: 0, timeLimitSec: 20 });
    expect(proven.status).toBe('optimal');
    expect(proven.objective).toBeCloseTo(exact, 9);

    const out = maxNamesHeuristic(highs, ir, { deadlineMs: performance.now() + 1000 });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expectFeasibleNameLimited(ir, p, out.result.x, out.result.objective, 3, 0.02);
    expect(out.result.objective).toBeLessThanOrEqual(exact * (1 + 1e-6));
    expect(out.result.relaxationBound).toBeLessThanOrEqual(exact + 1e-12);
  });

  it('beats plain HiGHS at the same 2 s budget on indtrack2 (85 names, k = 10, m = 0.5 %)', () => {
    const p = orLibraryProblem('indtrack2');
    const ir = trackingModel(p, { maxNames: 10, minWeight: 0.005 });
    const started = performance.now();
    const out = maxNamesHeuristic(highs, ir, { deadlineMs: started + 2000 });
    const heuristicMs = performance.now() - started;
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expectFeasibleNameLimited(ir, p, out.result.x, out.result.objective, 10, 0.005);
    // the kernel search improves on its own first pruning
    expect(out.result.objective).toBeLessThan(out.result.stats.prunedObjective);
    const plain = solveWithHighs(highs, ir, { timeLimitSec: heuristicMs / 1000 });
    expect(plain.status).toBe('time-limit');
    expect(out.result.objective).toBeLessThan(plain.objective ?? Infinity);
    // HiGHS's bound after the same time and the relaxation bound both stay below the heuristic's value
    expect(plain.bound!).toBeLessThan(out.result.objective);
  });

  it('says why it does not apply to a model without a name limit', () => {
    const p = firstNames(orLibraryProblem('indtrack1'), 5);
    const out = maxNamesHeuristic(highs, trackingModel(p, {}), { deadlineMs: performance.now() + 100 });
    expect(out).toEqual({ ok: false, reason: expect.stringMatching(/no name limit/) });
  });
});
