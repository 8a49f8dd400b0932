import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OptimizeResult, Span } from '../../api/domain.ts';
import type { Envelope } from '../../api/envelope.ts';
import type { RunDiff, StoredRun } from '../../api/runs.ts';
import { createCore, type Core } from '../createCore.ts';
import { openServices } from '../services.ts';
import { runDiff } from './runDiff.ts';
import { storedRun } from './testing/syntheticRuns.ts';

let home: string;
let core: Core;
beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-run-diff-'));
  core = createCore(openServices({ home, highsWorkers: 1 }));
});
afterAll(async () => {
  await core.services.close();
  rmSync(home, { recursive: true, force: true });
});

function value<T>(r: Envelope<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

describe('runs/diff on two real optimize runs', () => {
  it('lists options.maxNames and the result figures that changed, and every stage with its delta', async () => {
    const optimize = async (maxNames: number) =>
      value<OptimizeResult>(await core.dispatch('portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', lookback: 60, maxNames, timeLimit: 1.5 }));
    const a = await optimize(15);
    const b = await optimize(30);
    const diff = value<RunDiff>(await core.dispatch('runs/diff', { a: a.runId, b: b.runId }));
    expect(diff.a.id).toBe(a.runId);
    expect(diff.b.id).toBe(b.runId);

    const field = (name: string) => diff.fields.find((f) => f.field === name);
    expect(field('options.maxNames')).toEqual({ field: 'options.maxNames', a: 15, b: 30 });
    expect(field('result.names')).toEqual({ field: 'result.names', a: a.names, b: b.names });
    expect(field('result.objective')).toEqual({ field: 'result.objective', a: a.objective, b: b.objective });
    expect(field('result.holdings.length')).toEqual({ field: 'result.holdings.length', a: a.holdings.length, b: b.holdings.length });
    // same universe, use case, lookback and machine: not listed; no portfolio row is compared one by one
    for (const same of ['options.universe', 'options.useCase', 'options.lookback', 'result.universe', 'machine.cpu', 'machine.cores']) expect(field(same)).toBeUndefined();
    expect(diff.fields.filter((f) => f.field.startsWith('result.holdings.') && f.field !== 'result.holdings.length')).toEqual([]);
    for (const f of diff.fields) expect(f.a).not.toEqual(f.b);
    // the summaries carry the figures, not the portfolios (the fields compare their lengths)
    expect(diff.a.result).not.toHaveProperty('holdings');
    expect(diff.b.result).toMatchObject({ objective: b.objective, names: b.names });
    expect(diff).not.toHaveProperty('a.spans');

    // every span of both runs is a stage, matched by its path of names, with b − a
    const runA = value<StoredRun>(await core.dispatch('runs/show', { id: a.runId }));
    const runB = value<StoredRun>(await core.dispatch('runs/show', { id: b.runId }));
    expect(diff.stages.length).toBeGreaterThanOrEqual(Math.max(runA.spans.length, runB.spans.length));
    for (const stage of ['load', 'returns', 'assemble', 'solve', 'persist']) {
      const d = diff.stages.find((s) => s.path === stage)!;
      const aMs = runA.spans.find((s) => s.name === stage && s.parent === null)!.durationMs;
      const bMs = runB.spans.find((s) => s.name === stage && s.parent === null)!.durationMs;
      expect(d).toEqual({ path: stage, depth: 0, aMs, bMs, deltaMs: bMs - aMs });
    }
    const solveChildren = diff.stages.filter((s) => s.path.startsWith('solve / '));
    expect(solveChildren.length).toBeGreaterThan(0);
    for (const s of solveChildren) expect(s.depth).toBe(s.path.split(' / ').length - 1);
  });

  it('names a run that is not there', async () => {
    const r = await core.dispatch('runs/diff', { a: 424242, b: 424243 });
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found', message: 'no run 424242 in the store' } });
  });
});

describe('runDiff stage paths', () => {
  it('numbers a name repeated under one parent, and keeps a stage of one run only with the other side null', () => {
    const spans = (extra: Span[]): Span[] => [
      { id: 1, parent: null, name: 'optimize', startMs: 0, durationMs: 100 },
      { id: 2, parent: 1, name: 'cluster 3', startMs: 0, durationMs: 40 },
      { id: 3, parent: 1, name: 'write', startMs: 40, durationMs: 10 },
      { id: 4, parent: 1, name: 'write', startMs: 50, durationMs: 20 },
      { id: 5, parent: 4, name: 'flush', startMs: 50, durationMs: 5 },
      ...extra,
    ];
    const a = storedRun(1, 'batch', spans([]));
    const b = storedRun(2, 'batch', spans([{ id: 6, parent: null, name: 'persist', startMs: 100, durationMs: 7 }]));
    b.spans[3] = { ...b.spans[3]!, durationMs: 26 };
    a.options = { maxNames: 30, solver: 'highs', sizes: [1, 2, 3] };
    b.options = { maxNames: 30, solver: 'cbc', sizes: [1, 2] };
    a.machine = { cpu: 'x', packages: { highs: '1.15.1' } };
    b.machine = { cpu: 'x', packages: { highs: '1.15.2', pg: '8' } };
    const d = runDiff(a, b);
    expect(d.stages).toEqual([
      { path: 'optimize', depth: 0, aMs: 100, bMs: 100, deltaMs: 0 },
      { path: 'optimize / cluster 3', depth: 1, aMs: 40, bMs: 40, deltaMs: 0 },
      { path: 'optimize / write', depth: 1, aMs: 10, bMs: 10, deltaMs: 0 },
      { path: 'optimize / write #2', depth: 1, aMs: 20, bMs: 26, deltaMs: 6 },
      { path: 'optimize / write #2 / flush', depth: 2, aMs: 5, bMs: 5, deltaMs: 0 },
      { path: 'persist', depth: 0, aMs: null, bMs: 7, deltaMs: null },
    ]);
    expect(d.fields).toEqual([
      { field: 'options.solver', a: 'highs', b: 'cbc' },
      { field: 'options.sizes.length', a: 3, b: 2 },
      { field: 'machine.packages.highs', a: '1.15.1', b: '1.15.2' },
      { field: 'machine.packages.pg', a: null, b: '8' },
    ]);
  });
});
