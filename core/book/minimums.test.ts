import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinimumsResult } from '../../api/book.ts';
import type { Job } from '../../api/jobs.ts';
import type { StoredRun } from '../../api/runs.ts';
import { FrontierBuilder } from '../../solver/book/accountMinimum.ts';
import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';
import { indexTracking } from '../../solver/usecases/indexTracking.ts';
import { applyOverrides } from '../../solver/usecases/overrides.ts';
import { smallAccount } from '../../solver/usecases/smallAccount.ts';
import { completeTickers, loadSp500Window, windowProblem } from '../../solver/usecases/testing/sp500Window.ts';
import { createCore, type Core } from '../createCore.ts';
import { openServices } from '../services.ts';
import { clusterAccountMinimum, solveFrontierTargets } from './clusterMinimum.ts';

/**
 * book/minimums on the demo market through dispatch and as a job, and clusterAccountMinimum on a real
 * S&P 500 slice (120 names, 300 days, read at run time) on the HiGHS pool. The checks recompute what they
 * rely on from the returns.
 */

let home: string;
let core: Core;
let sp500: TrackingProblem;
beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-minimums-'));
  core = createCore(openServices({ home, highsWorkers: 2 }));
  const window = await loadSp500Window(301);
  sp500 = windowProblem(window, completeTickers(window, 301, true).filter((_, k) => k % 3 === 0).slice(0, 120), 300);
});
afterAll(async () => {
  await core.services.close();
  rmSync(home, { recursive: true, force: true });
});

async function minimums(args: Record<string, unknown>): Promise<MinimumsResult> {
  const r = await core.dispatch('book/minimums', args);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as MinimumsResult;
}

function teOf(p: TrackingProblem, shares: ArrayLike<number>, V: number): number {
  const n = p.tickers.length;
  const a = Array.from(p.benchmarkReturns, (rb, t) => {
    let s = -rb;
    for (let i = 0; i < n; i++) s += ((shares[i]! * p.prices[i]!) / V) * p.returns[t * n + i]!;
    return s;
  });
  const mean = a.reduce((s, x) => s + x, 0) / a.length;
  return Math.sqrt(p.periodsPerYear) * Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / (a.length - 1));
}

describe('book/minimums on the demo market', () => {
  // 756 days for ~500 names: more periods than names, so the tracking optimum is not an exact fit (SOLVER-FACTS)
  const base = { universe: 'demo', useCase: 'index-tracking', lookback: 756, teTarget: 0.008, fractional: true };

  it('writes frontier.csv and run.json: the frontier falls with size, whole shares stay above fractional ones, the minimum is bracketed', async () => {
    const out = path.join(home, 'demo-frontier');
    const r = await minimums({ ...base, out });
    const whole = r.points.filter((p) => !p.fractional);
    const fractional = r.points.filter((p) => p.fractional);
    expect(whole).toHaveLength(20);
    expect(fractional.map((p) => p.accountValue)).toEqual(whole.map((p) => p.accountValue));
    expect(whole[0]!.accountValue).toBe(10_000);
    expect(whole[19]!.accountValue).toBe(5_000_000);
    for (let k = 1; k < whole.length; k++) {
      expect(whole[k]!.accountValue).toBeGreaterThan(whole[k - 1]!.accountValue);
      expect(whole[k]!.trackingError).toBeLessThanOrEqual(1.02 * whole[k - 1]!.trackingError);
    }
    whole.forEach((p, k) => expect(fractional[k]!.trackingError).toBeLessThanOrEqual(1.01 * p.trackingError));
    expect(whole[0]!.trackingError).toBeGreaterThan(1.5 * whole[19]!.trackingError);

    // the target lies inside the frontier: the minimum sits between the last size above it and the first below
    const first = whole.findIndex((p) => p.trackingError <= base.teTarget);
    expect(first).toBeGreaterThan(0);
    expect(r.minimum).not.toBeNull();
    expect(r.search).not.toBeNull();
    expect(r.minimum!).toBeGreaterThan(whole[first - 1]!.accountValue);
    expect(r.minimum!).toBeLessThanOrEqual(whole[first]!.accountValue);
    expect(r.search!.trackingError).toBeLessThanOrEqual(base.teTarget);
    expect(r.search!.belowTrackingError).toBeGreaterThan(base.teTarget);
    expect(r.search!.below).toBeGreaterThanOrEqual(whole[first - 1]!.accountValue);
    expect(r.minimum! - r.search!.below).toBeLessThanOrEqual(r.search!.tolerance * r.search!.below);
    expect(r.targets[0]).toMatchObject({ label: 'use case', nameLimit: null });
    const ladder: number[] = [];
    for (let k = 10; k < r.targets[0]!.names; k *= 2) ladder.push(k);
    expect(r.targets.slice(1).map((t) => t.nameLimit)).toEqual(ladder);
    r.targets.slice(1).forEach((t) => expect(t.names).toBeLessThanOrEqual(t.nameLimit!));

    const csv = parse(readFileSync(path.join(out, 'frontier.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(csv[0]!)).toEqual(['account_value', 'tracking_error', 'names', 'cash_weight', 'fractional']);
    expect(csv.map((row) => Number(row.account_value))).toEqual(whole.map((p) => p.accountValue));
    csv.forEach((row, k) => {
      expect(Number(row.tracking_error)).toBeCloseTo(whole[k]!.trackingError, 7);
      expect(Number(row.names)).toBe(whole[k]!.names);
      expect(Number(row.cash_weight)).toBeCloseTo(whole[k]!.cashWeight, 7);
      expect(Number(row.fractional)).toBeCloseTo(fractional[k]!.trackingError, 7);
    });
    const json = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8')) as MinimumsResult;
    expect(json.minimum).toBe(r.minimum);
    expect(json.spans.filter((s) => s.parent === null).map((s) => s.name)).toEqual(['load', 'returns', 'target', 'frontier', 'write', 'persist']);

    const stored = await core.dispatch('runs/show', { id: r.runId });
    expect(stored.ok).toBe(true);
    expect((stored as { value: StoredRun }).value).toMatchObject({ kind: 'minimums', useCase: 'index-tracking', universe: 'demo' });
  });

  it('evaluates the sizes given, and reports no minimum when none reaches the target', async () => {
    const r = await minimums({ ...base, fractional: false, sizes: [200_000, 25_000, 50_000], teTarget: 0.0001 });
    expect(r.points.map((p) => p.accountValue)).toEqual([25_000, 50_000, 200_000]);
    expect(r.points.every((p) => !p.fractional)).toBe(true);
    expect(r.minimum).toBeNull();
    expect(r.search).toBeNull();
  });

  it('rejects an exclusion the universe does not have, naming the component', async () => {
    const bad = await core.dispatch('book/minimums', { ...base, exclude: ['NOPE'] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('bad-input');
      expect(bad.error.message).toMatch(/con\.exclusions/);
      expect(bad.error.message).toMatch(/NOPE/);
    }
  });

  it('runs as a job: reports progress per target and per size, and a cancelled job stores its run as cancelled', async () => {
    const seen: string[] = [];
    const off = core.subscribe('jobs/progress', (p) => seen.push((p as { progress: { stage: string } }).progress.stage));
    const finished = new Promise<Job>((resolve) => {
      const stop = core.subscribe('jobs/finished', (p) => {
        stop();
        resolve((p as { job: Job }).job);
      });
    });
    const started = await core.dispatch('jobs/start', { method: 'book/minimums', args: { ...base, sizes: [20_000, 80_000, 320_000] } });
    expect(started.ok).toBe(true);
    const job = await finished;
    off();
    expect(job.state).toBe('done');
    expect(seen).toEqual(expect.arrayContaining(['load', 'returns', 'target', 'frontier', 'persist']));
    expect(seen.filter((s) => s === 'frontier').length).toBeGreaterThanOrEqual(4);

    const cancelled = new Promise<Job>((resolve) => {
      const stop = core.subscribe('jobs/finished', (p) => {
        stop();
        resolve((p as { job: Job }).job);
      });
    });
    const again = await core.dispatch('jobs/start', { method: 'book/minimums', args: base });
    const id = (again as { value: Job }).value.id;
    const stopAtTarget = core.subscribe('jobs/progress', (p) => {
      const { jobId, progress } = p as { jobId: string; progress: { stage: string } };
      if (jobId === id && progress.stage === 'target') void core.dispatch('jobs/cancel', { jobId: id });
    });
    const end = await cancelled;
    stopAtTarget();
    expect(end.state).toBe('cancelled');
    const runId = (end.outcome as { error: { details: { runId: number } } }).error.details.runId;
    const stored = await core.dispatch('runs/show', { id: runId });
    expect((stored as { value: StoredRun }).value.status).toBe('cancelled');
  });
});

describe('clusterAccountMinimum on a real S&P 500 slice (120 names, 300 days)', () => {
  it("meets the target at the minimum and not just below it, recomputed from the portfolios' shares", async () => {
    const excluded = sp500.tickers.slice(0, 5);
    const useCase = applyOverrides(indexTracking, { exclude: excluded });
    const sizes = [2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000];
    const prepared = await solveFrontierTargets(core.services, { problem: sp500, useCase, teTarget: 0 });
    const builder = new FrontierBuilder(sp500, prepared.targets, prepared.limits);
    for (const v of sizes) builder.addSize(v);
    const tau = (builder.points[2]!.trackingError + builder.points[3]!.trackingError) / 2;

    const r = await clusterAccountMinimum(core.services, { problem: sp500, useCase, teTarget: tau, sizes });
    expect(r.points.map((p) => p.trackingError)).toEqual(builder.points.map((p) => p.trackingError));
    const { minimum, search } = builder.minimum(tau);
    expect(r.minimum).toBe(minimum);
    expect(minimum!).toBeGreaterThan(sizes[2]!);
    expect(minimum!).toBeLessThanOrEqual(sizes[3]!);
    const portfolio = (v: number) => [...builder.points, ...search!.probes].find((p) => p.accountValue === v)!;
    expect(teOf(sp500, portfolio(minimum!).shares, minimum!)).toBeLessThanOrEqual(tau);
    expect(teOf(sp500, portfolio(search!.below).shares, search!.below)).toBeGreaterThan(tau);
    expect(minimum! - search!.below).toBeLessThanOrEqual(0.01 * search!.below);
    for (const p of [...builder.points, ...search!.probes]) {
      excluded.forEach((t) => expect(p.shares[sp500.tickers.indexOf(t)]).toBe(0));
    }
  });

  it('holds a small-account use case to its 20 names of at least 2 % at every size', async () => {
    const prepared = await solveFrontierTargets(core.services, { problem: sp500, useCase: smallAccount, teTarget: 0.02, timeLimitSec: 2 });
    expect(prepared.limits).toMatchObject({ maxNames: 20, minWeight: 0.02 });
    expect(prepared.targets.map((t) => t.label)).toEqual(['use case', 'largest 10 names']);
    const builder = new FrontierBuilder(sp500, prepared.targets, prepared.limits);
    for (const v of [10_000, 25_000, 100_000, 1_000_000]) {
      const p = builder.addSize(v);
      const held = [...p.shares.keys()].filter((i) => p.shares[i]! > 0);
      expect(held.length).toBeLessThanOrEqual(20);
      for (const i of held) expect((p.shares[i]! * sp500.prices[i]!) / v).toBeGreaterThanOrEqual(0.02 - 1e-12);
      expect(p.trackingError).toBeCloseTo(teOf(sp500, p.shares, v), 12);
    }
  });
});
