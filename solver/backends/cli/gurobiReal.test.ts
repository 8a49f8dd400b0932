import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { firstNames, madOf, orLibraryProblem, trackingModel } from '../../heuristics/fixtures/orLibraryModels.ts';
import { maxViolation, variableSet } from '../../model/ir.ts';
import { compileHighsWasm, loadHighsRuntime } from '../highs/highsRuntime.ts';
import { solveWithHighs } from '../highs/highsSolve.ts';
import { probeGurobi } from './gurobiAvailability.ts';
import { createGurobiBackend } from './gurobiBackend.ts';

/*
 * The real Gurobi, wherever a licensed gurobi_cl is on the PATH: the models gurobiStandIn.test.ts solves through the
 * stand-in, solved by Gurobi itself. Skipped, with the reason in its name, everywhere else.
 */
const gurobi = await probeGurobi();
// the stand-in says what it is in its banner
const standIn = gurobi.path !== null && /stand-in/.test(spawnSync(gurobi.path, ['--version'], { encoding: 'utf8' }).stdout);
const skipReason = !gurobi.path
  ? 'gurobi_cl is not on the PATH'
  : standIn
    ? `the gurobi_cl on the PATH (${gurobi.path}) is the test stand-in, not Gurobi`
    : !gurobi.available
      ? `gurobi_cl cannot solve here: ${gurobi.reason}`
      : undefined;

describe.skipIf(skipReason !== undefined)(`real Gurobi ${skipReason ? `(skipped: ${skipReason})` : `${gurobi.version} at ${gurobi.path}`}`, () => {
  it('solves the name-limit MILP of indtrack2 from a MIP start, with Threads, to the optimum HiGHS proves', async () => {
    const problem = firstNames(orLibraryProblem('indtrack2'), 6);
    const ir = trackingModel(problem, { maxNames: 2, minWeight: 0.05 });
    const highs = solveWithHighs(await loadHighsRuntime(await compileHighsWasm()), ir, { timeLimitSec: 30 });
    expect(highs.status).toBe('optimal');

    const backend = createGurobiBackend();
    const r = await backend.solve(ir, { mipStart: highs.x!, threads: 1, timeLimitSec: 30, keepLog: true });
    await backend.close();
    expect(r.status).toBe('optimal');
    expect(r.solverVersion).toBe(gurobi.version);
    expect(r.log).toContain('Set parameter Threads to value 1');
    expect(Math.abs(r.objective! - highs.objective!)).toBeLessThanOrEqual(1e-4 * highs.objective!);
    expect(maxViolation(ir, r.x!)).toBeLessThan(1e-6);
    const w = variableSet(ir, 'weights')!;
    expect(madOf(problem, r.x!.slice(w.start, w.start + w.count))).toBeCloseTo(r.objective!, 8);
  });

  it('solves the tracking LP of indtrack1 to HiGHS’s optimum', async () => {
    const ir = trackingModel(orLibraryProblem('indtrack1'), {});
    const highs = solveWithHighs(await loadHighsRuntime(await compileHighsWasm()), ir, { timeLimitSec: 30 });
    const backend = createGurobiBackend();
    const r = await backend.solve(ir, { timeLimitSec: 30 });
    await backend.close();
    expect(r.status).toBe('optimal');
    expect(Math.abs(r.objective! - highs.objective!)).toBeLessThan(1e-8);
  });
});
