import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shiftedProblem } from '../../assembler/cache/testing/shiftedProblem.ts';
import { assembleModel } from '../../assembler/assembleModel.ts';
import { maxViolation, objectiveValue, type ModelIR } from '../../model/ir.ts';
import { indexTracking } from '../../usecases/indexTracking.ts';
import { applyOverrides } from '../../usecases/overrides.ts';
import { completeTickers, loadSp500Window, type PriceWindow } from '../../usecases/testing/sp500Window.ts';
import type { SolveResult } from '../backend.ts';
import { createHighsBackend, type HighsBackend } from '../../highsPool/highsBackend.ts';
import { ReusedHighsModels } from './highsModelReuse.ts';
import { compileHighsWasm, loadHighsRuntime } from './highsRuntime.ts';

let window: PriceWindow;
let tickers: string[];
// one thread, so every keyed solve meets the model its predecessor left
let pool: HighsBackend;
// more periods than names, so the in-sample MAD optimum is not 0 (SOLVER-FACTS)
const L = 60;

beforeAll(async () => {
  pool = createHighsBackend({ workers: 1 });
  window = await loadSp500Window(110);
  tickers = completeTickers(window, 110).slice(0, 40);
});
afterAll(async () => {
  await pool.close();
});

/** The MAD tracking LP of the first 40 complete names over L periods from `start`, weights capped at `maxWeight`. */
function madLp(start: number, maxWeight?: number, names = tickers): ModelIR {
  const useCase = maxWeight === undefined ? indexTracking : applyOverrides(indexTracking, { maxWeight });
  return assembleModel(useCase, { problem: shiftedProblem(window, names, start, L) }).ir;
}

function relativeDifference(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12);
}

/** Simplex iterations of the run, from HiGHS's closing summary ("Simplex   iterations: 123"). */
function simplexIterations(r: SolveResult): number {
  const line = r.log?.find((l) => /^\s*Simplex\s+iterations:/.test(l));
  if (!line) throw new Error(`no simplex iteration count in the log of a ${r.status} solve:\n${(r.log ?? []).join('\n')}`);
  return Number(line.split(':')[1]);
}

/** Solves `ir` under `key` and without one; both must reach the same optimum, and the keyed point must be optimal for `ir`. */
async function keyedAgainstFresh(ir: ModelIR, key: string): Promise<{ keyed: SolveResult; fresh: SolveResult }> {
  const keyed = await pool.solve(ir, { reuseKey: key, keepLog: true });
  const fresh = await pool.solve(ir, { keepLog: true });
  expect(keyed.status).toBe('optimal');
  expect(fresh.status).toBe('optimal');
  expect(fresh.reused).toBeUndefined();
  expect(relativeDifference(keyed.objective!, fresh.objective!)).toBeLessThan(1e-9);
  // the patched model's point, checked on the IR itself (HiGHS's feasibility tolerance is 1e-7)
  expect(maxViolation(ir, keyed.x!)).toBeLessThan(1e-6);
  expect(relativeDifference(objectiveValue(ir, keyed.x!), fresh.objective!)).toBeLessThan(1e-7);
  expect(keyed.bound).toBe(keyed.objective);
  expect(keyed.phases.length).toBeGreaterThan(0);
  return { keyed, fresh };
}

describe('HiGHS pool solves with a reuse key', () => {
  it('re-solves the MAD LP over consecutive as-of dates to the fresh optimum, patching the kept model', async () => {
    const runs: { keyed: SolveResult; fresh: SolveResult }[] = [];
    for (const start of [0, 1, 2, 5, 8]) runs.push(await keyedAgainstFresh(madLp(start), 'mad-windows'));
    expect(runs.map((r) => r.keyed.reused)).toEqual([false, true, true, true, true]);
    // the basis carried over by date restarts the simplex close to the new optimum
    const iterations = (which: 'keyed' | 'fresh') => runs.slice(1).reduce((n, r) => n + simplexIterations(r[which]), 0);
    expect(iterations('keyed')).toBeLessThan(iterations('fresh'));
  });

  it('re-solves the MAD LP over max-weight caps from the last basis, in fewer simplex iterations than a fresh model', async () => {
    const runs: { keyed: SolveResult; fresh: SolveResult }[] = [];
    for (const cap of [0.3, 0.12, 0.1, 0.08]) runs.push(await keyedAgainstFresh(madLp(3, cap), 'mad-caps'));
    expect(runs.map((r) => r.keyed.reused)).toEqual([false, true, true, true]);
    for (const { keyed, fresh } of runs.slice(1)) {
      expect(simplexIterations(keyed)).toBeLessThan(simplexIterations(fresh));
    }
  });

  it('passes the model whole when the structure under a key changes, and stays correct', async () => {
    const first = await keyedAgainstFresh(madLp(0), 'mad-universe');
    const fewer = await keyedAgainstFresh(madLp(0, undefined, tickers.slice(0, 30)), 'mad-universe');
    const back = await keyedAgainstFresh(madLp(1, undefined, tickers.slice(0, 30)), 'mad-universe');
    expect([first.keyed.reused, fewer.keyed.reused, back.keyed.reused]).toEqual([false, false, true]);
  });

  it("does not carry one solve's time limit over to the next solve of the kept model", async () => {
    const stopped = await pool.solve(madLp(4), { reuseKey: 'mad-limit', timeLimitSec: 0 });
    expect(stopped.status).toBe('time-limit');
    const { keyed } = await keyedAgainstFresh(madLp(5), 'mad-limit');
    expect(keyed.reused).toBe(true);
  });

  it('gives every solve of a kept model its whole time limit, however many solves the model has run before', async () => {
    // HiGHS checks time_limit against a run clock that adds up over the runs of one model: unless it is
    // zeroed, a kept model re-solved often enough starts a run with its limit spent and ends at once in
    // "time-limit, no feasible point" (issue 13: 631 of a batch's LP cluster models, 10 s limit, ~0.3 s each)
    const timeLimitSec = 0.2;
    let spentMs = 0;
    for (let k = 0; spentMs < 3 * timeLimitSec * 1000 && k < 2000; k++) {
      // only the weight caps change (column bounds, as a batch's exclusions): the kept model is patched, never passed anew
      const r = await pool.solve(madLp(3, [0.3, 0.12, 0.1, 0.08][k % 4]), { reuseKey: 'mad-clock', timeLimitSec });
      expect(r.status, `solve ${k} after ${Math.round(spentMs)} ms of solves of the kept model: ${r.message}`).toBe('optimal');
      if (k > 0) expect(r.reused).toBe(true);
      spentMs += r.solveMs;
    }
    expect(spentMs).toBeGreaterThan(3 * timeLimitSec * 1000);
  });

  it('drops the kept models with a trapped WebAssembly instance, and the next keyed solve is fresh and correct', async () => {
    const before = await keyedAgainstFresh(madLp(0), 'mad-trap');
    const again = await keyedAgainstFresh(madLp(1), 'mad-trap');
    expect([before.keyed.reused, again.keyed.reused]).toEqual([false, true]);

    const trap = await pool.injectFault('wasm-trap');
    expect(trap.status).toBe('error');
    expect(trap.message).toMatch(/discarded/);

    const after = await keyedAgainstFresh(madLp(2), 'mad-trap');
    expect(after.keyed.reused).toBe(false);
    const next = await keyedAgainstFresh(madLp(3), 'mad-trap');
    expect(next.keyed.reused).toBe(true);
  });
});

describe('ReusedHighsModels', () => {
  it('keeps the most recently used keys up to its capacity and passes an evicted key afresh', async () => {
    const highs = await loadHighsRuntime(await compileHighsWasm());
    const models = new ReusedHighsModels(highs, 2);
    try {
      const solve = (key: string, start: number) => models.solve(key, madLp(start), {});
      expect(solve('a', 0).reused).toBe(false);
      expect(solve('b', 0).reused).toBe(false);
      expect(solve('a', 1).reused).toBe(true);
      // 'b' is now the least recently used: a third key evicts it
      expect(solve('c', 0).reused).toBe(false);
      expect(models.keys()).toEqual(['a', 'c']);
      const evicted = solve('b', 1);
      expect(evicted.reused).toBe(false);
      expect(models.keys()).toEqual(['c', 'b']);
      const a = solve('a', 2);
      expect(a.reused).toBe(false);
      expect(a.status).toBe('optimal');
    } finally {
      models.dispose();
    }
    expect(models.keys()).toEqual([]);
  });
});
