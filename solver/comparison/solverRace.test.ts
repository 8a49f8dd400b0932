import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SolverBackend } from '../backends/backend.ts';
import { createCbcBackend } from '../backends/cli/cbcBackend.ts';
import { createGurobiBackend } from '../backends/cli/gurobiBackend.ts';
import { alive, childrenNamed } from '../backends/cli/testing/childProcesses.ts';
import { createHighsBackend, type HighsBackend } from '../highsPool/highsBackend.ts';
import { firstNames, orLibraryProblem, trackingModel } from '../heuristics/fixtures/orLibraryModels.ts';
import { maxViolation, objectiveValue } from '../model/ir.ts';
import { optimumTolerance } from './objectiveAgreement.ts';
import { raceSolvers } from './solverRace.ts';

let highs: HighsBackend;
let cbc: SolverBackend;
let dir: string;
beforeAll(() => {
  highs = createHighsBackend({ workers: 1 });
  cbc = createCbcBackend();
  dir = mkdtempSync(path.join(tmpdir(), 'jessica-race-'));
});
afterAll(async () => {
  await Promise.all([highs.close(), cbc.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('raceSolvers', () => {
  it('HiGHS and CBC race on a MILP from OR-Library: the winner proves an optimum the other agrees with, no process is left', async () => {
    // indtrack1's first 10 names, at most 3 of at least 2 %: both prove it within seconds
    const ir = trackingModel(firstNames(orLibraryProblem('indtrack1'), 10), { maxNames: 3, minWeight: 0.02 });
    const { result, entrants } = await raceSolvers([highs, cbc], ir, { timeLimitSec: 60, mipRelGap: 1e-4 });
    expect(result.status).toBe('optimal');
    expect(entrants.map((e) => e.solver)).toEqual(['highs', 'cbc']);
    const won = entrants.filter((e) => e.outcome === 'won');
    expect(won).toHaveLength(1);
    expect(won[0]!.solver).toBe(result.solver);
    // the winner's point checked against the model, not taken from the solver
    expect(maxViolation(ir, result.x!)).toBeLessThan(1e-6);
    // (CBC prints its objective to 8 significant digits)
    expect(Math.abs(objectiveValue(ir, result.x!) - result.objective!)).toBeLessThan(1e-6 * Math.abs(result.objective!));
    const other = entrants.find((e) => e.outcome !== 'won')!;
    expect(['cancelled', 'finished']).toContain(other.outcome);
    // the loser solved alone, to its optimum: the same objective as the winner's
    const alone = await (other.solver === 'cbc' ? cbc : highs).solve(ir, { timeLimitSec: 60, mipRelGap: 1e-4 });
    expect(alone.status).toBe('optimal');
    expect(Math.abs(alone.objective! - result.objective!)).toBeLessThanOrEqual(optimumTolerance(ir, 1e-4, alone.objective!, result.objective!));
    expect(childrenNamed('cbc')).toEqual([]);
  }, 120_000);

  it('stops a solver still running when another proves optimality, and leaves no process behind', async () => {
    // a command-line "solver" that never answers, standing in for a slow one: it records its pid and sleeps
    const slow = path.join(dir, 'slow-solver');
    const pidFile = path.join(dir, 'slow.pid');
    writeFileSync(slow, `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 120\n`);
    chmodSync(slow, 0o755);
    const sleeper = createGurobiBackend({ executable: slow, stopGraceMs: 300 });
    try {
      const ir = trackingModel(firstNames(orLibraryProblem('indtrack2'), 40), {});
      const started = performance.now();
      // HiGHS starts once the slow solver runs, so that there is a process for the race to stop
      const afterSleeperStarts: SolverBackend = {
        id: highs.id,
        classes: highs.classes,
        close: async () => undefined,
        solve: async (model, options) => {
          while (!existsSync(pidFile)) await new Promise((resolve) => setTimeout(resolve, 20));
          return highs.solve(model, options);
        },
      };
      const { result, entrants } = await raceSolvers([afterSleeperStarts, sleeper], ir, { timeLimitSec: 60 });
      const seconds = (performance.now() - started) / 1000;
      expect(result.solver).toBe('highs');
      expect(result.status).toBe('optimal');
      expect(entrants.find((e) => e.solver === 'gurobi')).toMatchObject({ outcome: 'cancelled', message: 'stopped when highs won' });
      // well before the sleeper's 120 s or the 60 s limit: the race did not wait for it to give up
      expect(seconds).toBeLessThan(20);
      const pid = Number(readFileSync(pidFile, 'utf8'));
      expect(alive(pid)).toBe(false);
      expect(childrenNamed('sleep')).toEqual([]);
    } finally {
      await sleeper.close();
    }
  }, 60_000);

  it('at the time limit with nobody proving anything, the best incumbent wins', async () => {
    // 225 names, at most 30: neither proves optimality in 2 s (SOLVER-FACTS), both hold a point
    const ir = trackingModel(orLibraryProblem('indtrack5'), { maxNames: 30, minWeight: 0.005 });
    const { result, entrants } = await raceSolvers([highs, cbc], ir, { timeLimitSec: 2 });
    expect(result.status).not.toBe('optimal');
    const withPoints = entrants.filter((e) => e.objective !== undefined);
    expect(withPoints.length).toBeGreaterThan(0);
    const best = Math.min(...withPoints.map((e) => e.objective!));
    expect(result.objective).toBe(best);
    expect(entrants.find((e) => e.solver === result.solver)!.outcome).toBe('won');
    expect(entrants.filter((e) => e.outcome === 'cancelled')).toEqual([]);
    expect(childrenNamed('cbc')).toEqual([]);
  }, 60_000);

  it('never starts an entrant that cannot take the model, and says why', async () => {
    const ir = trackingModel(firstNames(orLibraryProblem('indtrack1'), 10), { maxNames: 3 });
    const lpOnly: SolverBackend = {
      id: 'lp-only',
      classes: ['LP'],
      solve: () => {
        throw new Error('a skipped entrant was started');
      },
      close: async () => undefined,
    };
    const { result, entrants } = await raceSolvers([lpOnly, highs], ir, { timeLimitSec: 30 });
    expect(result.solver).toBe('highs');
    expect(entrants[0]).toMatchObject({ solver: 'lp-only', outcome: 'skipped', message: 'lp-only does not solve MILP models (it takes LP)' });
  }, 60_000);
});
