import { afterAll, describe, expect, it } from 'vitest';
import { ModelBuilder } from '../model/builder.ts';
import { maxViolation, objectiveValue, type ModelIR } from '../model/ir.ts';
import { hardKnapsack } from '../backends/highs/fixtures/hardKnapsack.ts';
import { smallLp } from '../backends/highs/fixtures/smallLp.ts';
import { createHighsBackend } from './highsBackend.ts';

/** min −a − 2b s.t. a + b ≤ 4.5, a, b ∈ {0..10}: the best integer point is (0, 4), value −8 (the LP takes b = 4.5). */
function smallMilp(): ModelIR {
  const b = new ModelBuilder('small-milp');
  const a = b.addColumn('a', { upper: 10, cost: -1, type: 'integer' });
  const c = b.addColumn('b', { upper: 10, cost: -2, type: 'integer' });
  b.addRow('sum', [a, c], [1, 1], -Infinity, 4.5);
  return b.build();
}

const backends: { close(): Promise<void> }[] = [];
function backend(...args: Parameters<typeof createHighsBackend>) {
  const b = createHighsBackend(...args);
  backends.push(b);
  return b;
}
afterAll(async () => {
  await Promise.all(backends.map((b) => b.close()));
});

describe('createHighsBackend', () => {
  it('declares what it solves', () => {
    const b = backend({ workers: 1 });
    expect(b.id).toBe('highs');
    expect([...b.classes]).toEqual(['LP', 'MILP', 'QP']);
  });

  it('solves two models at once on a two-worker pool, each correctly', async () => {
    const b = backend({ workers: 2 });
    const knapsack = hardKnapsack(40);
    const [lp, milp, ks] = await Promise.all([b.solve(smallLp()), b.solve(smallMilp()), b.solve(knapsack)]);
    expect(lp.status).toBe('optimal');
    expect(lp.objective).toBeCloseTo(16, 9);
    expect(milp.status).toBe('optimal');
    expect(milp.objective).toBeCloseTo(-8, 9);
    expect(milp.x).toEqual([expect.closeTo(0, 9), expect.closeTo(4, 9)]);
    expect(ks.status).toBe('optimal');
    expect(maxViolation(knapsack, ks.x!)).toBeLessThan(1e-6);
    expect(objectiveValue(knapsack, ks.x!)).toBeCloseTo(ks.objective!, 6);
  });

  it('refuses an MIQP with its reason, without solving', async () => {
    const b = backend({ workers: 1 });
    const m = new ModelBuilder('miqp');
    const x = m.addColumn('x', { upper: 3, type: 'integer', cost: 1 });
    m.addQuadratic(x, x, 1);
    const r = await b.solve(m.build());
    expect(r.solveMs).toBe(0);
    expect(r.status).toBe('error');
    expect(r.solverStatus).toBe('Refused');
    expect(r.message).toMatch(/MIQP/);
  });

  it('discards a WebAssembly instance that trapped and solves on a fresh one', async () => {
    const b = backend({ workers: 1 });
    const trapped = await b.injectFault('wasm-trap');
    expect(trapped.status).toBe('error');
    expect(trapped.message).toMatch(/RuntimeError: memory access out of bounds.*discarded/);
    const after = await b.solve(smallMilp());
    expect(after.status).toBe('optimal');
    expect(after.objective).toBeCloseTo(-8, 9);
  });

  it('replaces a worker thread that died mid-task and solves on the new one', async () => {
    const b = backend({ workers: 1 });
    const died = await b.injectFault('thread-exit');
    expect(died.status).toBe('error');
    expect(died.message).toMatch(/worker thread failed or died.*exited with code: 70/);
    const after = await b.solve(smallLp());
    expect(after.status).toBe('optimal');
    expect(after.objective).toBeCloseTo(16, 9);
  });

  it('kills a solve that overruns its time limit at the hard deadline, and the pool goes on', async () => {
    const b = backend({ workers: 1, hardDeadlineSec: (t) => t + 0.5 });
    const started = performance.now();
    const hung = await b.injectFault('hang', { timeLimitSec: 0.3, hangMs: 30_000 });
    const elapsed = performance.now() - started;
    expect(hung.status).toBe('time-limit');
    expect(hung.solverStatus).toBe('Hard deadline');
    expect(hung.message).toMatch(/time limit of 0\.3 s; the hard deadline of 0\.8 s was enforced/);
    expect(elapsed).toBeGreaterThanOrEqual(790);
    expect(elapsed).toBeLessThan(3000);
    const after = await b.solve(smallLp());
    expect(after.objective).toBeCloseTo(16, 9);
  });

  it('returns the best incumbent HiGHS had posted when the deadline kills a MILP', async () => {
    // 120 items × 10 rows takes HiGHS ~7 s to prove; a deadline at 1.5 s kills it mid-search
    const knapsack = hardKnapsack(120, 10);
    const b = backend({ workers: 1, hardDeadlineSec: () => 1.5 });
    const r = await b.solve(knapsack, { timeLimitSec: 60 });
    expect(r.status).toBe('time-limit');
    expect(r.solverStatus).toBe('Hard deadline');
    expect(r.x).toBeDefined();
    expect(maxViolation(knapsack, r.x!)).toBeLessThan(1e-6);
    expect(objectiveValue(knapsack, r.x!)).toBeCloseTo(r.objective!, 6);
  });

  it('reports the solver time limit as data when HiGHS honours it', async () => {
    const knapsack = hardKnapsack(120, 10);
    const b = backend({ workers: 1 });
    const r = await b.solve(knapsack, { timeLimitSec: 0.5 });
    expect(r.status).toBe('time-limit');
    expect(r.solverStatus).toBe('Time limit reached');
    expect(r.bound).toBeGreaterThanOrEqual(r.objective!);
    expect(r.gap).toBeGreaterThan(0);
  });

  it('stops a running MILP when its signal aborts, keeps the incumbent it had, and the pool goes on', async () => {
    // ~7 s to prove (see hardKnapsack); the signal stops it after 1 s, long before its 60 s limit
    const knapsack = hardKnapsack(120, 10);
    const b = backend({ workers: 1 });
    const controller = new AbortController();
    const solving = b.solve(knapsack, { timeLimitSec: 60, signal: controller.signal });
    setTimeout(() => controller.abort(), 1000);
    const r = await solving;
    expect(r.status).toBe('interrupted');
    expect(r.solverStatus).toBe('Cancelled');
    expect(r.message).toMatch(/cancelled and its worker thread terminated/);
    if (r.x) {
      expect(maxViolation(knapsack, r.x)).toBeLessThan(1e-6);
      expect(objectiveValue(knapsack, r.x)).toBeCloseTo(r.objective!, 6);
    }
    // the pool's only thread was terminated: the next solve runs on its replacement
    const after = await b.solve(smallMilp());
    expect(after.status).toBe('optimal');
    expect(after.objective).toBeCloseTo(-8, 9);
  });

  it('does not start a task whose signal has already aborted', async () => {
    const b = backend({ workers: 1 });
    const controller = new AbortController();
    controller.abort();
    const r = await b.injectFault('hang', { hangMs: 30_000, signal: controller.signal });
    expect(r.status).toBe('interrupted');
    expect(r.message).toMatch(/cancelled before it started/);
    const start = await b.primalStart(smallMilp(), { timeLimitSec: 5, signal: controller.signal });
    expect(start).toEqual({ ok: false, reason: 'the heuristic was cancelled' });
  });

  it("says where and when each task ran, on the clock every thread shares, and learns HiGHS's version from the answers", async () => {
    const b = backend({ workers: 2 });
    expect(b.version).toBe('');
    const epoch = () => performance.timeOrigin + performance.now();
    const asked = epoch();
    const [lp, milp, start] = await Promise.all([b.solve(smallLp()), b.solve(hardKnapsack(30), { timeLimitSec: 5 }), b.primalStart(smallMilp(), { timeLimitSec: 5 })]);
    const answered = epoch();
    for (const { timing } of [lp, milp, start]) {
      expect(timing!.startedEpochMs).toBeGreaterThanOrEqual(asked);
      expect(timing!.endedEpochMs).toBeGreaterThanOrEqual(timing!.startedEpochMs);
      expect(timing!.endedEpochMs).toBeLessThanOrEqual(answered);
      // a pool thread's, never this one's (0)
      expect(timing!.thread).toBeGreaterThan(0);
    }
    // the task took as long as the solve inside it said
    expect(milp.timing!.endedEpochMs - milp.timing!.startedEpochMs).toBeGreaterThanOrEqual(milp.passMs + milp.solveMs - 1);
    // two threads, three tasks: the two solves started at once ran on different threads
    expect(new Set([lp, milp, start].map((r) => r.timing!.thread)).size).toBe(2);
    expect(b.version).toBe(lp.solverVersion);
    expect(b.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('treats an infinite time limit as none', async () => {
    const b = backend({ workers: 1 });
    const r = await b.solve(smallLp(), { timeLimitSec: Infinity });
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(16, 9);
  });

  it('answers after close() with an error result instead of throwing', async () => {
    const b = createHighsBackend({ workers: 1 });
    expect((await b.solve(smallLp())).status).toBe('optimal');
    await b.close();
    const r = await b.solve(smallLp());
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/closed/);
  });
});
