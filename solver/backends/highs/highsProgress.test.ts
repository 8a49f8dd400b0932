import type { Highs } from 'highs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstNames, madOf, orLibraryProblem, trackingModel } from '../../heuristics/fixtures/orLibraryModels.ts';
import { createHighsBackend } from '../../highsPool/highsBackend.ts';
import { maxViolation, objectiveValue, variableSet, type ModelIR } from '../../model/ir.ts';
import type { SolveResult } from '../backend.ts';
import { hardKnapsack } from './fixtures/hardKnapsack.ts';
import { compileHighsWasm, loadHighsRuntime } from './highsRuntime.ts';
import { solveWithHighs } from './highsSolve.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighsRuntime(await compileHighsWasm());
});
const pool = createHighsBackend({ workers: 1 });
afterAll(() => pool.close());

/** Index tracking on the first 14 stocks of OR-Library indtrack2, at most 3 names of at least 2 %: HiGHS branches. */
const problem = firstNames(orLibraryProblem('indtrack2'), 14);
const nameLimited = (): ModelIR => trackingModel(problem, { maxNames: 3, minWeight: 0.02 });

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

/** The solving report's own count, e.g. "  Nodes             7" or "  LP iterations     5428". */
function reported(log: readonly string[], label: string): number {
  const line = log.find((l) => new RegExp(`^\\s*${label}\\s+\\d+\\s*$`).test(l));
  if (!line) throw new Error(`the HiGHS log has no "${label}" line`);
  return Number(line.trim().split(/\s+/).at(-1));
}

/**
 * What must hold of any search's progress against the proven optimum f* of a model of sense s (+1 minimize,
 * −1 maximize): time runs forward, incumbents only improve and are never better than f*, every bound is on
 * the far side of f*, and the last point is the reported optimum itself.
 */
function expectConsistentProgress(r: SolveResult, sense: 1 | -1, solveSec: number) {
  const progress = r.progress!;
  const optimum = r.objective!;
  expect(progress.length).toBeGreaterThan(0);
  let previous: number | undefined;
  progress.forEach((p, i) => {
    expect(p.atSec).toBeGreaterThanOrEqual(i === 0 ? 0 : progress[i - 1]!.atSec);
    expect(p.atSec).toBeLessThanOrEqual(solveSec + 0.05);
    const tol = 1e-9 * Math.max(1e-12, Math.abs(optimum));
    if (p.incumbent !== undefined) {
      expect(sense * (p.incumbent - optimum)).toBeGreaterThanOrEqual(-tol);
      if (previous !== undefined) expect(sense * (p.incumbent - previous)).toBeLessThanOrEqual(tol);
      previous = p.incumbent;
    }
    if (p.bound !== undefined) expect(sense * (p.bound - optimum)).toBeLessThanOrEqual(tol);
    if (p.incumbent !== undefined && p.bound !== undefined) expect(sense * (p.bound - p.incumbent)).toBeLessThanOrEqual(tol);
  });
  const last = progress.at(-1)!;
  expect(relative(last.incumbent!, optimum)).toBeLessThan(1e-9);
  expect(relative(last.bound!, optimum)).toBeLessThan(1e-9);
}

describe('HiGHS progress, nodes and iterations on a real MILP', () => {
  it('reports a name-limited tracking model’s search from its log: incumbents down to the optimum, bounds up to it', () => {
    const ir = nameLimited();
    const r = solveWithHighs(highs, ir, { mipRelGap: 0, timeLimitSec: 60, keepLog: true });
    expect(r.status).toBe('optimal');
    // the optimum is the portfolio's mean absolute deviation, computed from the returns, not from the model
    const w = variableSet(ir, 'weights')!;
    expect(relative(r.objective!, madOf(problem, r.x!.slice(w.start, w.start + w.count)))).toBeLessThan(1e-9);
    expectConsistentProgress(r, 1, r.solveMs / 1000);

    expect(r.nodes).toBe(reported(r.log!, 'Nodes'));
    expect(r.iterations).toBe(reported(r.log!, 'LP iterations'));
    expect(r.nodes!).toBeGreaterThanOrEqual(0);
    expect(r.iterations!).toBeGreaterThan(0);

    const names = r.phases.map((p) => p.name);
    expect(names).toEqual(r.nodes! > 0 ? ['presolve', 'root', 'branch-and-bound'] : ['presolve', 'root']);
    expect(r.phases.reduce((s, p) => s + p.durationMs, 0)).toBeLessThanOrEqual(r.solveMs + 1);
  });

  it('keeps the model’s sense for a maximization: bounds above the incumbents', () => {
    const ir = hardKnapsack(30, 3);
    const r = solveWithHighs(highs, ir, { mipRelGap: 0, timeLimitSec: 30 });
    expect(r.status).toBe('optimal');
    expect(maxViolation(ir, r.x!)).toBeLessThan(1e-9);
    expect(objectiveValue(ir, r.x!)).toBeCloseTo(r.objective!, 9);
    expectConsistentProgress(r, -1, r.solveMs / 1000);
    expect(r.iterations!).toBeGreaterThan(0);
  });

  it('reports iterations but no nodes or progress for an LP', () => {
    const ir = nameLimited();
    ir.cols.types = ir.cols.types.map(() => 'continuous');
    const r = solveWithHighs(highs, ir, { keepLog: true });
    expect(r.status).toBe('optimal');
    expect(r.iterations).toBe(reported(r.log!, 'Simplex\\s+iterations:'));
    expect(r.nodes).toBeUndefined();
    expect(r.progress).toBeUndefined();
  });

  it('brings nodes, iterations and progress back from a pool thread, timed from the HiGHS run after the heuristic', async () => {
    const r = await pool.solve(nameLimited(), { mipRelGap: 0, timeLimitSec: 60 });
    expect(r.status).toBe('optimal');
    expect(r.phases.map((p) => p.name).slice(0, 2)).toEqual(['heuristic', 'mip']);
    const mipSec = r.phases.find((p) => p.name === 'mip')!.durationMs / 1000;
    expectConsistentProgress(r, 1, mipSec);
    // HiGHS started from the heuristic's point, so it never held a worse incumbent
    const first = r.progress!.find((p) => p.incumbent !== undefined)!;
    expect(first.incumbent!).toBeLessThanOrEqual(r.heuristicObjective! * (1 + 1e-9));
    expect(r.nodes!).toBeGreaterThanOrEqual(0);
    expect(r.iterations!).toBeGreaterThan(0);
    expect(r.phases.map((p) => p.name)).toContain('mip.root');
  });
});
