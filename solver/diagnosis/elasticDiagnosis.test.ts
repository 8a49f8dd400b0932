import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assembleModel } from '../assembler/assembleModel.ts';
import { compileHighsWasm, loadHighsRuntime } from '../backends/highs/highsRuntime.ts';
import { solveWithHighs } from '../backends/highs/highsSolve.ts';
import { orLibraryProblem } from '../heuristics/fixtures/orLibraryModels.ts';
import { maxViolation } from '../model/ir.ts';
import type { TrackingProblem } from '../tracking/trackingProblem.ts';
import { indexTracking } from '../usecases/indexTracking.ts';
import { applyOverrides, type ModelOverrides } from '../usecases/overrides.ts';
import type { UseCase } from '../usecases/useCase.ts';
import { diagnoseInfeasibility, type DiagnosisSource } from './elasticDiagnosis.ts';

let highs: Highs;
let problem: TrackingProblem;
beforeAll(async () => {
  highs = await loadHighsRuntime(await compileHighsWasm());
  // OR-Library indtrack1: 31 names of the Hang Seng, 290 weekly returns
  problem = orLibraryProblem('indtrack1');
});

function source(overrides: ModelOverrides, p: TrackingProblem = problem): DiagnosisSource {
  return { useCase: applyOverrides(indexTracking, overrides), context: { problem: p, accountValue: overrides.accountValue } };
}

function diagnose(s: DiagnosisSource) {
  return diagnoseInfeasibility(highs, s, { deadlineMs: performance.now() + 20_000 });
}

/** The use case's status from a plain HiGHS solve, independent of the diagnosis' feasibility test. */
function solveStatus(useCase: UseCase, p: TrackingProblem): string {
  return solveWithHighs(highs, assembleModel(useCase, { problem: p }).ir, { timeLimitSec: 20 }).status;
}

/** Whether a plain HiGHS solve (objective and all, 1 s) finds a point that the model's own rows and bounds accept. */
function hasFeasiblePoint(useCase: UseCase, p: TrackingProblem): boolean {
  const ir = assembleModel(useCase, { problem: p }).ir;
  const r = solveWithHighs(highs, ir, { timeLimitSec: 1 });
  return r.x !== undefined && maxViolation(ir, r.x) < 1e-7;
}

function without(useCase: UseCase, id: string): UseCase {
  return { ...useCase, components: useCase.components.filter((c) => c.id !== id) };
}

describe('diagnoseInfeasibility', () => {
  it('names max names × max weight against the budget: 3 × 20 % = 60 % < 100 %', () => {
    const s = source({ maxNames: 3, maxWeight: 0.2 });
    expect(solveStatus(s.useCase, problem)).toMatch(/^infeasible/);
    const d = diagnose(s);
    expect(d.status).toBe('conflict');
    expect(d.level).toBe('relaxation');
    expect(d.irreducible).toBe(true);
    expect(d.components.map((c) => c.id).sort()).toEqual(['con.budget', 'con.max-names', 'con.max-weight']);
    expect(d.components.find((c) => c.id === 'con.max-names')?.params).toEqual({ maxNames: 3 });
    expect(d.message).toContain('con.max-names (maxNames=3) with con.max-weight (maxWeight=0.2): at most 60% can be invested');
    expect(d.message).toContain('con.budget requires 100%');
    // irreducible, checked by plain solves: leaving out any one of the three makes the model feasible
    for (const c of d.components) expect(hasFeasiblePoint(without(s.useCase, c.id), problem)).toBe(true);
    // the smallest repair is the budget's shortfall 1 − K·m (relaxing max names would need 2 more names)
    expect(d.slacks).toHaveLength(1);
    expect(d.slacks[0]!.component).toBe('con.budget');
    expect(d.slacks[0]!.violation).toBeCloseTo(1 - 3 * 0.2, 7);
  });

  it('names exclusions that leave no name to invest in', () => {
    const s = source({ exclude: problem.tickers });
    const d = diagnose(s);
    expect(d.status).toBe('conflict');
    expect(d.components.map((c) => c.id).sort()).toEqual(['con.budget', 'con.exclusions']);
    expect(d.message).toContain(`excludes all ${problem.tickers.length} names of the universe, con.budget requires 100% invested`);
    for (const c of d.components) expect(hasFeasiblePoint(without(s.useCase, c.id), problem)).toBe(true);
  });

  it('names a sector band that max weight makes unreachable, with the arithmetic', () => {
    // ten names form sector Tech with half the benchmark; band 5 % asks Tech for at least 45 %,
    // max weight 4 % lets its ten names hold 40 % (the other 21 names can hold 84 %, enough for the rest)
    const n = problem.tickers.length;
    const sectors = problem.tickers.map((_, i) => (i < 10 ? 'Tech' : 'Other'));
    const benchmarkWeights = Float64Array.from(sectors, (s) => (s === 'Tech' ? 0.5 / 10 : 0.5 / (n - 10)));
    const p: TrackingProblem = { ...problem, sectors, benchmarkWeights };
    const s = source({ sectorBand: 0.05, maxWeight: 0.04 }, p);
    const d = diagnose(s);
    expect(d.status).toBe('conflict');
    expect(d.components.map((c) => c.id).sort()).toEqual(['con.max-weight', 'con.sector-band']);
    expect(d.message).toContain('sector Tech needs at least 45% (benchmark 50% − 5%) but its 10 names can hold at most 40%');
    for (const c of d.components) expect(hasFeasiblePoint(without(s.useCase, c.id), p)).toBe(true);
  });

  it('finds a conflict only whole numbers create: positions of 40-45 % cannot add up to 100 %', () => {
    // held or zero with 0.40 ≤ w_i ≤ 0.45: k names give [0.40k, 0.45k], which misses 1 for every k
    for (let k = 0; k <= problem.tickers.length; k++) expect(k * 0.4 <= 1 && 1 <= k * 0.45).toBe(false);
    const s = source({ minWeight: 0.4, maxWeight: 0.45 });
    const d = diagnose(s);
    expect(d.status).toBe('conflict');
    expect(d.level).toBe('integer');
    expect(d.components.map((c) => c.id).sort()).toEqual(['con.budget', 'con.max-weight', 'con.min-weight']);
    expect(d.message).toContain('whole-number requirements');
  });

  it('gives no diagnosis for a feasible model', () => {
    const d = diagnose(source({ maxNames: 5, maxWeight: 0.3 }));
    expect(d.status).toBe('feasible');
    expect(d.components).toEqual([]);
  });
});
