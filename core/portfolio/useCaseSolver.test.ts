import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OptimizeResult } from '../../api/domain.ts';
import type { Envelope } from '../../api/envelope.ts';
import { createCore, type Core } from '../createCore.ts';
import { openServices } from '../services.ts';
import { getRun } from '../store/runStore.ts';

/**
 * `portfolio/optimize` without a solver runs on the use case's own (the matrix's `solver`), on the real
 * HiGHS pool and CBC (/usr/bin/cbc). The model is the index-tracking LP on the demo market with a short
 * lookback: every entrant proves its optimum in well under a second, so the race has a winner.
 */
let home: string;
let core: Core;

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-usecase-solver-optimize-'));
  core = createCore(openServices({ home, highsWorkers: 1 }));
  expect((await core.dispatch('usecases/copy', { id: 'index-tracking', newId: 'raced' })).ok).toBe(true);
});
afterAll(async () => {
  await core.services.close();
  rmSync(home, { recursive: true, force: true });
});

const MODEL = { universe: 'demo', lookback: 60, timeLimit: 30 };

function value<T>(r: Envelope<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

describe("optimize on the use case's solver", () => {
  let raced: OptimizeResult;
  let plain: OptimizeResult;

  it('runs the race when the use case chose it and the call names no solver', async () => {
    const set = await core.dispatch('usecases/set', { id: 'raced', values: { solver: 'race' }, note: 'race CBC and HiGHS' });
    expect(value<{ version: number; note: string }>(set)).toMatchObject({ version: 2, note: 'race CBC and HiGHS (solver = "race" (was "highs"))' });
    const matrix = value<{ rows: { useCase: string; solver: string }[] }>(await core.dispatch('usecases/matrix', {}));
    expect(matrix.rows.find((r) => r.useCase === 'raced')!.solver).toBe('race');

    raced = value<OptimizeResult>(await core.dispatch('portfolio/optimize', { ...MODEL, useCase: 'raced' }));
    expect(raced.status).toBe('optimal');
    const entrants = raced.race!.map((e) => e.solver);
    expect(entrants).toEqual(expect.arrayContaining(['highs', 'cbc']));
    const winners = raced.race!.filter((e) => e.outcome === 'won');
    expect(winners).toHaveLength(1);
    // the result names the solver that answered, not "race"
    expect(raced.solver).toBe(winners[0]!.solver);
    expect(raced.objective).toBeCloseTo(winners[0]!.objective!, 12);

    // the stored run: the winner in its solver column, the choice (race, from the use case) in its options
    const run = getRun(core.services.db, raced.runId)!;
    expect(run.solver).toBe(raced.solver);
    expect(run.options).toMatchObject({ useCase: 'raced', solver: 'race' });
    expect((run.result as OptimizeResult).race!.map((e) => e.solver).sort()).toEqual([...entrants].sort());
  }, 60_000);

  it('takes an explicit solver over the use case, and both reach the same LP optimum', async () => {
    plain = value<OptimizeResult>(await core.dispatch('portfolio/optimize', { ...MODEL, useCase: 'raced', solver: 'highs' }));
    expect(plain.solver).toBe('highs');
    expect(plain.race).toBeUndefined();
    expect(getRun(core.services.db, plain.runId)!.options).toMatchObject({ solver: 'highs' });
    // one LP, one optimum: the race's answer checked against HiGHS alone, and against the MAD of its own weights
    expect(raced.objective).toBeCloseTo(plain.objective!, 7);
    expect(raced.meanAbsoluteDeviation).toBeCloseTo(raced.objective!, 7);
  }, 60_000);

  it('runs a use case that never chose a solver on HiGHS', async () => {
    const r = value<OptimizeResult>(await core.dispatch('portfolio/optimize', { ...MODEL, useCase: 'index-tracking' }));
    expect(r.solver).toBe('highs');
    expect(r.race).toBeUndefined();
    expect(getRun(core.services.db, r.runId)!.options).toMatchObject({ solver: 'highs' });
    expect(r.objective).toBeCloseTo(plain.objective!, 9);
  }, 60_000);

  it('refuses a solver it does not know, naming solver, in the edit and in the call', async () => {
    const edit = await core.dispatch('usecases/set', { id: 'raced', values: { solver: 'xpress' } });
    expect(edit.ok).toBe(false);
    if (!edit.ok) {
      expect(edit.error.code).toBe('bad-input');
      expect(edit.error.where?.field).toBe('solver');
      expect(edit.error.message).toMatch(/highs, cbc, gurobi, race/);
    }
    const call = await core.dispatch('portfolio/optimize', { ...MODEL, useCase: 'raced', solver: 'xpress' });
    expect(call.ok).toBe(false);
    if (!call.ok) expect(call.error.where?.field).toBe('solver');
  });
});
