import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OptimizeResult } from '../../api/domain.ts';
import type { ReplayResult, RunBundleSummary } from '../../api/runs.ts';
import type { BatchResult, MinimumsResult } from '../../api/book.ts';
import type { CompareResult } from '../../api/solvers.ts';
import { createCore, type Core } from '../createCore.ts';
import { openServices } from '../services.ts';
import type { BundleManifest } from './bundleManifest.ts';

let home: string;
let core: Core;

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-replay-'));
  core = createCore(openServices({ home, highsWorkers: 2 }));
});
afterAll(async () => {
  await core.services.close();
  fs.rmSync(home, { recursive: true, force: true });
});

async function call<T>(method: string, args: Record<string, unknown>): Promise<T> {
  const r = await core.dispatch(method, args);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as T;
}

async function failure(method: string, args: Record<string, unknown>): Promise<string> {
  const r = await core.dispatch(method, args);
  if (r.ok) throw new Error(`${method} succeeded`);
  return r.error.message;
}

function manifestOf(dir: string): BundleManifest {
  return JSON.parse(fs.readFileSync(path.join(dir, 'bundle.json'), 'utf8')) as BundleManifest;
}

describe('runs/export and runs/replay', () => {
  it('bundles an LP run with its model, output and inputs, and replays it to the same objective', async () => {
    const run = await call<OptimizeResult>('portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', fractional: true });
    expect(run.modelClass).toBe('LP');
    const dir = path.join(home, 'bundle-lp');
    const bundle = await call<RunBundleSummary>('runs/export', { id: run.runId, dir });
    expect(bundle.files).toEqual(expect.arrayContaining(['bundle.json', 'run.json', 'model.mps', 'model.names.json', 'portfolio.csv', 'highs.log']));
    expect(fs.readFileSync(path.join(dir, 'highs.log'), 'utf8')).toMatch(/HiGHS/);
    for (const f of bundle.files) expect(fs.existsSync(path.join(dir, f))).toBe(true);
    const manifest = manifestOf(dir);
    expect(manifest.method).toBe('portfolio/optimize');
    // the as-of date is pinned: a later import must not move the window
    expect(manifest.args?.asOf).toBe(run.asOf);
    expect(manifest.inputs.map((x) => x.name)).toEqual(expect.arrayContaining(['universe demo', 'use case index-tracking']));
    // fingerprinted when the run ran, not when it was exported
    expect(manifest.inputsTakenAt).toBe('run');
    expect(manifest.missing).toEqual([]);
    expect(manifest.expected[0]).toEqual({ label: 'objective', kind: 'objective', value: run.objective });
    // the model file is the model the run solved: as many columns as the run reported
    const mps = fs.readFileSync(path.join(dir, 'model.mps'), 'utf8');
    expect(mps).toMatch(/^NAME/m);
    expect(mps).toMatch(/^ENDATA/m);
    const stored = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) as { id: number; spans: { name: string; durationMs: number }[] };
    expect(stored.id).toBe(run.runId);
    expect(stored.spans.length).toBeGreaterThan(3);
    // the run is saved inside its persist stage; the span is stored again closed, with the time the save took
    expect(stored.spans.find((s) => s.name === 'persist')!.durationMs).toBeGreaterThan(0);

    const replay = await call<ReplayResult>('runs/replay', { dir });
    expect(replay).toMatchObject({ kind: 'optimize', reproduced: true, changedInputs: [], differences: [] });
    expect(replay.runId).toBeGreaterThan(run.runId);
    expect(replay.objective.stored).toBe(run.objective);
    expect(Math.abs(replay.objective.replayed! - run.objective!)).toBeLessThanOrEqual(replay.objective.tolerance);
  });

  it('replays an account run from the bundle\'s copy of its holdings file when the original is gone', async () => {
    const lots = path.join(home, 'lots.csv');
    const members = await call<{ members: { ticker: string }[] }>('data/members', { universe: 'demo' });
    const [a, b] = members.members.map((m) => m.ticker);
    fs.writeFileSync(lots, `ticker,shares\n${a},40\n${b},25\n`);
    const run = await call<OptimizeResult>('portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', holdingsFile: lots, cash: 60_000, fractional: true });
    const dir = path.join(home, 'bundle-account');
    const bundle = await call<RunBundleSummary>('runs/export', { id: run.runId, dir });
    expect(bundle.files).toContain('input.holdings.csv');
    expect(manifestOf(dir).args?.holdingsFile).toBe('input.holdings.csv');
    expect(manifestOf(dir).inputs.map((x) => x.name)).toContain('holdingsFile');
    fs.rmSync(lots);
    const replay = await call<ReplayResult>('runs/replay', { dir });
    expect(replay.differences).toEqual([]);
    expect(replay.reproduced).toBe(true);
  });

  it('says why a whole-share run stopped by its time limit may not come back to the same point', async () => {
    const run = await call<OptimizeResult>('portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', accountValue: 5000, timeLimit: 2 });
    expect(run).toMatchObject({ modelClass: 'MILP', status: 'time-limit' });
    const dir = path.join(home, 'bundle-milp');
    await call('runs/export', { id: run.runId, dir });
    const replay = await call<ReplayResult>('runs/replay', { dir });
    // HiGHS stopped by the clock: the same point or another, and then the reason beside the figures that moved
    if (!replay.reproduced) expect(replay.differences.at(-1)).toMatch(/stopped at its time limit \(2 s\)/);
    expect(replay.objective.stored).toBe(run.objective);
  });

  it('names the input that changed and shows the figures that moved', async () => {
    await call('usecases/copy', { id: 'index-tracking', newId: 'replay-capped' });
    const run = await call<OptimizeResult>('portfolio/optimize', { universe: 'demo', useCase: 'replay-capped', fractional: true });
    const dir = path.join(home, 'bundle-changed');
    await call('runs/export', { id: run.runId, dir });
    // a cap far below the largest weight the run held moves the optimum
    const largest = Math.max(...run.holdings.map((h) => h.weight));
    await call('usecases/set', { id: 'replay-capped', values: { 'con.max-weight.maxWeight': String(largest / 3) } });
    const replay = await call<ReplayResult>('runs/replay', { dir });
    expect(replay.reproduced).toBe(false);
    expect(replay.changedInputs).toEqual([expect.stringMatching(/^use case replay-capped: version 1, .* at the run, version 2, .* now, and not the same data$/)]);
    expect(replay.differences[0]).toMatch(/^objective: .* stored, .* replayed \(apart by/);
  });

  it('replays a minimums run: the minimum and every frontier point', async () => {
    const run = await call<MinimumsResult>('book/minimums', { universe: 'demo', useCase: 'index-tracking', teTarget: 0.02, sizes: [20_000, 100_000, 500_000], timeLimit: 5 });
    const dir = path.join(home, 'bundle-minimums');
    const bundle = await call<RunBundleSummary>('runs/export', { id: run.runId, dir });
    expect(bundle.files).toContain('frontier.csv');
    const manifest = manifestOf(dir);
    expect(manifest.expected.length).toBe(1 + run.points.length);
    const replay = await call<ReplayResult>('runs/replay', { dir });
    expect(replay.differences).toEqual([]);
    expect(replay.reproduced).toBe(true);
  });

  it('replays a comparison: every solver\'s objective', async () => {
    const run = await call<CompareResult>('solvers/compare', { universe: 'demo', useCase: 'index-tracking', fractional: true, solvers: ['highs', 'cbc'], timeLimit: 30 });
    const dir = path.join(home, 'bundle-compare');
    const bundle = await call<RunBundleSummary>('runs/export', { id: run.runId, dir });
    expect(bundle.files).toEqual(expect.arrayContaining(['comparison.csv', 'model.mps']));
    expect(manifestOf(dir).expected.map((f) => f.label)).toEqual(['highs from no start.objective', 'cbc from no start.objective']);
    const replay = await call<ReplayResult>('runs/replay', { dir });
    expect(replay).toMatchObject({ kind: 'compare', reproduced: true, differences: [] });
  });

  it('replays a batch read from account files, from the bundle\'s copies', async () => {
    const accounts = path.join(home, 'book.csv');
    const lots = path.join(home, 'book-lots.csv');
    await call('accounts/generate', { count: 40, seed: 3, universe: 'demo', out: accounts, holdingsOut: lots });
    const run = await call<BatchResult>('book/batch', { accountsFile: accounts, holdingsFile: lots, universe: 'demo', useCase: 'index-tracking', timeLimit: 1 });
    const dir = path.join(home, 'bundle-batch');
    const bundle = await call<RunBundleSummary>('runs/export', { id: run.runId, dir });
    expect(bundle.files).toEqual(expect.arrayContaining(['input.accounts.csv', 'input.holdings.csv']));
    const manifest = manifestOf(dir);
    expect(manifest.expected.filter((f) => f.label.startsWith('cluster ')).length).toBe(run.clusters.length);
    const replay = await call<ReplayResult>('runs/replay', { dir });
    expect(replay.runId).toBeGreaterThan(run.runId);
    // the same accounts served the same way; the targets may differ, as the cluster heuristics run against the clock
    // (a finding of issue 17: a batch is not repeatable), and the replay says so beside each figure that moved
    expect(replay.differences.filter((d) => !/trackingError/.test(d) && !/wall-clock budget/.test(d))).toEqual([]);
    if (!replay.reproduced) expect(replay.differences.at(-1)).toMatch(/wall-clock budget \(timeLimit 1 s each\)/);
  });

  it('refuses what it cannot replay, naming the file and the reason', async () => {
    expect(await failure('runs/replay', { dir: path.join(home, 'nowhere') })).toMatch(/nowhere\/bundle\.json: not found/);
    const dir = path.join(home, 'bundle-bad');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'bundle.json'), '{"format":"something-else"}');
    expect(await failure('runs/replay', { dir })).toMatch(/bundle\.json: format "something-else" is not jessica-run-bundle\/1/);
    fs.writeFileSync(path.join(dir, 'bundle.json'), '{not json');
    expect(await failure('runs/replay', { dir })).toMatch(/bundle\.json: not JSON/);
    expect(await failure('runs/export', { id: 99_999, dir: path.join(home, 'bundle-none') })).toMatch(/no run 99999/);
  });
});
