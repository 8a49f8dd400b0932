import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OptimizeResult } from '../api/domain.ts';
import { createCore, type Core } from './createCore.ts';
import { openServices } from './services.ts';
import { getRun } from './store/runStore.ts';

let home: string;
let core: Core;

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-core-'));
  core = createCore(openServices({ home, highsWorkers: 1 }));
});
afterAll(async () => {
  await core.services.close();
  rmSync(home, { recursive: true, force: true });
});

describe('dispatch', () => {
  it('answers an unknown method with an error envelope naming the known ones', async () => {
    const r = await core.dispatch('portfolio/explode', {});
    expect(r).toEqual({ ok: false, error: { code: 'unknown-method', message: expect.stringMatching(/portfolio\/explode.*portfolio\/optimize/) } });
  });

  it('validates arguments and names the field', async () => {
    const r = await core.dispatch('portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', lookback: -3 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad-input');
      expect(r.error.where?.field).toBe('lookback');
    }
    const extra = await core.dispatch('portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', colour: 'red' });
    expect(extra.ok).toBe(false);
  });

  it('reports assembly errors by component', async () => {
    const r = await core.dispatch('portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', exclude: ['ZZZZ'] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad-input');
      expect(r.error.where?.component).toBe('con.exclusions');
      expect(r.error.message).toMatch(/ZZZZ/);
    }
  });

  it('optimizes the demo market and stores the run with its spans', async () => {
    const r = await core.dispatch('portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', lookback: 120, maxWeight: 0.05 });
    expect(r.ok).toBe(true);
    const result = (r as { value: OptimizeResult }).value;
    expect(result.status).toBe('optimal');
    expect(result.lookback).toBe(120);
    expect(Math.max(...result.holdings.map((h) => h.weight))).toBeLessThanOrEqual(0.05 + 1e-9);
    expect(result.holdings.reduce((s, h) => s + h.weight, 0)).toBeCloseTo(1, 7);
    const stored = getRun(core.services.db, result.runId);
    expect(stored?.status).toBe('optimal');
    // saved before it had its id, the stored result is given it once the job is over
    expect((stored?.result as { runId: number }).runId).toBe(result.runId);
    expect(stored?.spans.map((s) => s.name)).toEqual(expect.arrayContaining(['load', 'returns', 'assemble', 'solve', 'pass', 'allocate', 'persist']));
    const solve = stored!.spans.find((s) => s.name === 'solve')!;
    // the model handed over (pass) inside the pool task (worker) that ran on a HiGHS thread, inside the solve
    const worker = stored!.spans.find((s) => s.name === 'worker')!;
    const pass = stored!.spans.find((s) => s.name === 'pass')!;
    expect(worker.parent).toBe(solve.id);
    expect(worker.attrs).toMatchObject({ lane: 0, thread: expect.any(Number) });
    expect(pass.parent).toBe(worker.id);
  });

  it('answers an infeasible model with code infeasible and keeps the failed run', async () => {
    const r = await core.dispatch('portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', lookback: 60, maxWeight: 0.001 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('infeasible');
  });
});

describe('the assembly cache across jobs', () => {
  it('reuses the structure of the first job for a second one on another window, with the same result as a cold build', async () => {
    const args = { universe: 'demo', useCase: 'index-tracking', lookback: 60 };
    const first = await core.dispatch('portfolio/optimize', { ...args, asOf: '2025-06-30' });
    const second = await core.dispatch('portfolio/optimize', { ...args, asOf: '2025-09-30' });
    expect(first.ok && second.ok).toBe(true);
    const cacheOf = (r: typeof first) => (r as { value: OptimizeResult }).value.spans.find((s) => s.name === 'assemble')!.attrs!.cache;
    expect(cacheOf(first)).toBe('cold');
    expect(['patched', 'restructured']).toContain(cacheOf(second));
    // the same job in a process with an empty cache
    const fresh = createCore(openServices({ home, highsWorkers: 1 }));
    try {
      const cold = await fresh.dispatch('portfolio/optimize', { ...args, asOf: '2025-09-30' });
      expect(cacheOf(cold)).toBe('cold');
      expect((second as { value: OptimizeResult }).value.objective).toBeCloseTo((cold as { value: OptimizeResult }).value.objective!, 12);
    } finally {
      await fresh.services.close();
    }
  });
});
