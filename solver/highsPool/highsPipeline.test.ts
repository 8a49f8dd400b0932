import type { Highs } from 'highs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bestWholeSharesByEnumeration, firstNames, madOf, orLibraryProblem, trackingModel } from '../heuristics/fixtures/orLibraryModels.ts';
import { ModelBuilder } from '../model/builder.ts';
import { maxViolation, variableSet } from '../model/ir.ts';
import { createHighsBackend } from './highsBackend.ts';
import { heuristicBudgetSec, solveWithHeuristics, type IncumbentMessage } from './highsPipeline.ts';
import { compileHighsWasm, loadHighsRuntime } from '../backends/highs/highsRuntime.ts';
import { solveWithHighs } from '../backends/highs/highsSolve.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighsRuntime(await compileHighsWasm());
});
const backend = createHighsBackend({ workers: 1 });
afterAll(() => backend.close());

describe('solveWithHeuristics', () => {
  it('starts branch-and-bound from the max-names heuristic and proves the same optimum as plain HiGHS', () => {
    const p = firstNames(orLibraryProblem('indtrack2'), 14);
    const ir = trackingModel(p, { maxNames: 3, minWeight: 0.02 });
    const plain = solveWithHighs(highs, ir, { mipRelGap: 0, timeLimitSec: 20 });
    expect(plain.status).toBe('optimal');

    const posted: IncumbentMessage[] = [];
    const r = solveWithHeuristics(highs, ir, { mipRelGap: 0, timeLimitSec: 20, keepLog: true }, { onIncumbent: (m) => posted.push(m) });
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(plain.objective!, 10);
    expect(r.heuristicObjective).toBeGreaterThanOrEqual(r.objective! - 1e-12);
    expect(r.phases.map((ph) => ph.name).slice(0, 2)).toEqual(['heuristic', 'mip']);
    expect(r.phases[0]!.durationMs + r.phases[1]!.durationMs).toBeCloseTo(r.solveMs, 0);
    expect(r.log![0]).toMatch(/^primal heuristic max-names: objective/);
    expect(posted[0]).toMatchObject({ source: 'heuristic', objective: r.heuristicObjective });
    expect(maxViolation(ir, posted[0]!.x)).toBeLessThan(1e-7);
  });

  it('runs plain HiGHS when heuristics are off', () => {
    const p = firstNames(orLibraryProblem('indtrack2'), 14);
    const ir = trackingModel(p, { maxNames: 3, minWeight: 0.02 });
    const r = solveWithHeuristics(highs, ir, { primalHeuristics: false, timeLimitSec: 20 });
    expect(r.heuristicObjective).toBeUndefined();
    expect(r.phases.map((ph) => ph.name)).not.toContain('heuristic');
  });

  it('rounds to whole shares first and lets branch-and-bound close the rest to the brute-forced optimum', () => {
    const V = 5000;
    const p = firstNames(orLibraryProblem('indtrack2'), 4);
    const ir = trackingModel(p, { accountValue: V });
    const r = solveWithHeuristics(highs, ir, { mipRelGap: 0, timeLimitSec: 20 });
    expect(r.status).toBe('optimal');
    expect(r.heuristicObjective).toBeDefined();

    const best = bestWholeSharesByEnumeration(p, V);
    expect(r.objective).toBeCloseTo(best, 9);
    expect(r.heuristicObjective!).toBeLessThanOrEqual(best * 1.02);
  });

  it('says in the log why it skipped the heuristic, and still solves', () => {
    // a name limit annotation on a model with an integer column the heuristic knows nothing about
    const b = new ModelBuilder('odd');
    const w = b.addVariableSet('weights', ['A', 'B'], { upper: 1, cost: 1 });
    const z = b.addVariableSet('selected', ['A', 'B'], { upper: 1, type: 'integer' });
    b.addColumn('extra', { upper: 3, cost: -1, type: 'integer' });
    b.addRow('budget', [w, w + 1], [1, 1], 1, 1);
    b.addRow('linkA', [w, z], [1, -1], -Infinity, 0);
    b.addRow('linkB', [w + 1, z + 1], [1, -1], -Infinity, 0);
    b.addRow('names', [z, z + 1], [1, 1], -Infinity, 1);
    b.annotate('cardinality', { k: 1, minWeight: 0 });
    const r = solveWithHeuristics(highs, b.build(), { keepLog: true });
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(1 - 3, 9);
    expect(r.log![0]).toMatch(/primal heuristic skipped: integer column extra is neither a selection nor a share count/);
  });

  it('gives the heuristic 40 % of the time limit, within [0.5 s, 30 s]', () => {
    expect(heuristicBudgetSec(10)).toBeCloseTo(4, 12);
    expect(heuristicBudgetSec(0.2)).toBe(0.5);
    expect(heuristicBudgetSec(600)).toBe(30);
    expect(heuristicBudgetSec(undefined)).toBe(10);
  });
});

describe('the HiGHS backend on a name-limited model', () => {
  it('returns the heuristic objective, the phases and a better point than plain HiGHS in the same time limit', async () => {
    const p = orLibraryProblem('indtrack2');
    const ir = trackingModel(p, { maxNames: 10, minWeight: 0.005 });
    const [withHeuristic, plain] = [
      await backend.solve(ir, { timeLimitSec: 3 }),
      await backend.solve(ir, { timeLimitSec: 3, primalHeuristics: false }),
    ];
    expect(withHeuristic.status).toBe('time-limit');
    expect(withHeuristic.phases.map((ph) => ph.name).slice(0, 2)).toEqual(['heuristic', 'mip']);
    expect(withHeuristic.objective!).toBeLessThanOrEqual(withHeuristic.heuristicObjective!);
    expect(withHeuristic.objective!).toBeLessThan(plain.objective ?? Infinity);
    expect(withHeuristic.bound!).toBeLessThan(withHeuristic.objective!);
    expect(withHeuristic.message).toMatch(/started from the max-names heuristic's point/);
    const w = variableSet(ir, 'weights')!;
    const weights = withHeuristic.x!.slice(w.start, w.start + w.count);
    expect(madOf(p, weights)).toBeCloseTo(withHeuristic.objective!, 9);
    expect(weights.filter((v) => v > 1e-9).length).toBeLessThanOrEqual(10);
  });
});
