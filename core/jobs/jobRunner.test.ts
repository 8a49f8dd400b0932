import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary, OptimizeResult, UniverseSummary } from '../../api/domain.ts';
import type { Envelope } from '../../api/envelope.ts';
import type { EventPayloads } from '../../api/events.ts';
import type { Job, JobProgress } from '../../api/jobs.ts';
import type { StoredRun } from '../../api/runs.ts';
import { createCore, type Core } from '../createCore.ts';
import { openServices } from '../services.ts';
import { JobRunner, type JobHandlers } from './jobRunner.ts';

const SP500 = path.resolve(import.meta.dirname, '../../../shared/data/sp500');

let home: string;
let core: Core;
beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-jobs-'));
  core = createCore(openServices({ home, highsWorkers: 1 }));
});
afterAll(async () => {
  core.cancelJobs();
  await core.services.close();
  rmSync(home, { recursive: true, force: true });
});

function value<T>(r: Envelope<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/** Starts a job and collects its progress until its one jobs/finished. */
async function startJob(method: string, args: Record<string, unknown>) {
  const progress: JobProgress[] = [];
  const finishedEvents: Job[] = [];
  let jobId = '';
  let resolveFinished: (job: Job) => void = () => undefined;
  const finished = new Promise<Job>((resolve) => (resolveFinished = resolve));
  const offProgress = core.subscribe('jobs/progress', (p) => {
    const payload = p as EventPayloads['jobs/progress'];
    if (payload.jobId === jobId) progress.push(payload.progress);
  });
  const offFinished = core.subscribe('jobs/finished', (p) => {
    const { job } = p as EventPayloads['jobs/finished'];
    if (job.id !== jobId) return;
    finishedEvents.push(job);
    offProgress();
    offFinished();
    resolveFinished(job);
  });
  const started = value<Job>(await core.dispatch('jobs/start', { method, args }));
  jobId = started.id;
  return { started, progress, finished, finishedEvents };
}

/** Resolves when `check` holds, looking every 20 ms. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('jobs through dispatch', () => {
  it('runs an optimize job: answers at once, reports its stages in the order the run records them, ends with the direct result', async () => {
    const args = { universe: 'demo', useCase: 'index-tracking', lookback: 60, maxWeight: 0.05 };
    const job = await startJob('portfolio/optimize', args);
    expect(job.started).toMatchObject({ method: 'portfolio/optimize', state: 'running', finishedAt: null, progress: null, outcome: null });
    const finished = await job.finished;
    expect(finished.state).toBe('done');
    expect(finished.finishedAt).not.toBeNull();
    const result = value<OptimizeResult>(finished.outcome!);

    const run = value<StoredRun>(await core.dispatch('runs/show', { id: result.runId }));
    const stages = run.spans.filter((s) => s.parent === null).map((s) => s.name);
    expect(job.progress.map((p) => p.stage)).toEqual(stages);
    expect(stages).toEqual(['load', 'returns', 'holdings', 'assemble', 'solve', 'allocate', 'persist']);
    expect(job.progress.every((p) => p.fraction === null && p.message.length > 0)).toBe(true);
    expect(job.finishedEvents).toHaveLength(1);

    const direct = value<OptimizeResult>(await core.dispatch('portfolio/optimize', args));
    expect(result.status).toBe(direct.status);
    expect(result.objective).toBeCloseTo(direct.objective!, 10);
    expect(result.holdings.map((h) => [h.ticker, h.weight.toFixed(8)])).toEqual(direct.holdings.map((h) => [h.ticker, h.weight.toFixed(8)]));

    expect(value<Job>(await core.dispatch('jobs/show', { jobId: finished.id }))).toEqual(finished);
    expect(value<Job[]>(await core.dispatch('jobs/list', {}))[0]).toEqual(finished);
  });

  it('refuses to start a job with bad arguments: bad-input from jobs/start, and no job', async () => {
    const before = value<Job[]>(await core.dispatch('jobs/list', {})).length;
    const missing = await core.dispatch('jobs/start', { method: 'portfolio/optimize', args: { universe: 'demo', lookback: 0 } });
    expect(missing).toMatchObject({ ok: false, error: { code: 'bad-input', where: { field: 'useCase' } } });
    const notAJob = await core.dispatch('jobs/start', { method: 'usecases/list', args: {} });
    expect(notAJob).toMatchObject({ ok: false, error: { code: 'bad-input', where: { field: 'method' } } });
    expect(value<Job[]>(await core.dispatch('jobs/list', {}))).toHaveLength(before);
  });

  it('answers an unknown job id with not-found', async () => {
    for (const method of ['jobs/show', 'jobs/cancel']) {
      expect(await core.dispatch(method, { jobId: 'no-such-job' })).toMatchObject({
        ok: false,
        error: { code: 'not-found', message: expect.stringMatching(/^no job no-such-job/), where: { field: 'jobId' } },
      });
    }
  });

  it('cancels a long MILP solve long before its time limit; the run is stored cancelled and the pool still solves', async () => {
    const timeLimit = 30;
    const t0 = performance.now();
    const job = await startJob('portfolio/optimize', { universe: 'demo', useCase: 'small-account', accountValue: 100_000, timeLimit });
    await until(() => job.progress.some((p) => p.stage === 'solve'));
    // well into the solve: the heuristic and branch-and-bound run on the pool's one thread
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const asked = value<Job>(await core.dispatch('jobs/cancel', { jobId: job.started.id }));
    expect(asked.state).toBe('running');
    const finished = await job.finished;
    const elapsedSec = (performance.now() - t0) / 1000;
    // the solve would have run to its limit: ending sooner proves the cancel stopped it
    expect(elapsedSec).toBeLessThan(timeLimit);
    expect(finished.state).toBe('cancelled');
    expect(finished.outcome).toMatchObject({ ok: false, error: { code: 'cancelled', message: expect.stringMatching(/cancelled \[run \d+\]/) } });
    const runId = (finished.outcome as { error: { details: { runId: number } } }).error.details.runId;
    const run = value<StoredRun>(await core.dispatch('runs/show', { id: runId }));
    expect(run.status).toBe('cancelled');
    expect(run.spans.filter((s) => s.parent === null).map((s) => s.name)).toEqual(['load', 'returns', 'holdings', 'assemble', 'solve']);
    // stopped inside the solve (its thread terminated), not at the next stage boundary
    expect(run.spans.find((s) => s.name === 'solve')!.attrs).toMatchObject({ status: 'interrupted', solverStatus: 'Cancelled' });
    // a cancel of a job that has ended changes nothing
    expect(value<Job>(await core.dispatch('jobs/cancel', { jobId: finished.id }))).toEqual(finished);

    const after = value<OptimizeResult>(await core.dispatch('portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', lookback: 60 }));
    expect(after.status).toBe('optimal');
  });

  it('cancels a job solving with CBC (a heuristic start on the pool, then the cbc process) long before its limit too', async () => {
    const timeLimit = 30;
    const t0 = performance.now();
    const job = await startJob('portfolio/optimize', { universe: 'demo', useCase: 'small-account', accountValue: 100_000, solver: 'cbc', timeLimit });
    await until(() => job.progress.some((p) => p.stage === 'solve'));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    value(await core.dispatch('jobs/cancel', { jobId: job.started.id }));
    const finished = await job.finished;
    expect((performance.now() - t0) / 1000).toBeLessThan(timeLimit);
    expect(finished.state).toBe('cancelled');
    const runId = (finished.outcome as { error: { details: { runId: number } } }).error.details.runId;
    const run = value<StoredRun>(await core.dispatch('runs/show', { id: runId }));
    expect(run).toMatchObject({ status: 'cancelled', solver: 'cbc' });
    expect(run.spans.find((s) => s.name === 'solve')!.attrs).toMatchObject({ status: 'interrupted' });
  });

  it('stops a job cancelled before its first stage: nothing runs, the run is stored cancelled without spans', async () => {
    const job = await startJob('portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', lookback: 60 });
    value(await core.dispatch('jobs/cancel', { jobId: job.started.id }));
    const finished = await job.finished;
    expect(finished.state).toBe('cancelled');
    expect(job.progress).toEqual([]);
    const runId = (finished.outcome as { error: { details: { runId: number } } }).error.details.runId;
    expect(value<StoredRun>(await core.dispatch('runs/show', { id: runId }))).toMatchObject({ status: 'cancelled', spans: [] });
  });

  it('imports as a job with progress in price rows, and a cancelled import writes nothing', async () => {
    const pricesFile = path.join(home, 'tiny.csv');
    writeFileSync(pricesFile, 'date,ticker,close\n2021-01-04,AAA,10\n2021-01-05,AAA,11\n');
    const tiny = await startJob('data/import', { universe: 'tiny', pricesFile });
    const done = await tiny.finished;
    expect(done.state).toBe('done');
    expect(value<ImportSummary>(done.outcome!)).toMatchObject({ universe: 'tiny', rows: 2 });
    expect(tiny.progress).toEqual([{ stage: 'prices', fraction: null, message: '2 price rows read' }]);

    const sp500 = await startJob('data/import', {
      universe: 'sp500',
      pricesFile: path.join(SP500, 'prices.csv.gz'),
      constituentsFile: path.join(SP500, 'constituents.csv'),
      indexFile: path.join(SP500, 'index.csv'),
    });
    await until(() => sp500.progress.length > 0);
    expect(sp500.progress[0]).toEqual({ stage: 'prices', fraction: null, message: '100,000 price rows read' });
    value(await core.dispatch('jobs/cancel', { jobId: sp500.started.id }));
    const cancelled = await sp500.finished;
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.outcome).toMatchObject({ ok: false, error: { code: 'cancelled', message: 'the import of sp500 was cancelled: nothing was written' } });
    const universes = value<UniverseSummary[]>(await core.dispatch('data/list', {}));
    expect(universes.map((u) => u.name)).toEqual(['demo', 'tiny']);
    expect(core.services.db.prepare("SELECT count(*) FROM prices WHERE universe = 'sp500'").pluck().get()).toBe(0);
    expect(core.services.db.inTransaction).toBe(false);
  });
});

describe('JobRunner', () => {
  it('keeps every running job and the last finished ones, newest first', async () => {
    const events = new EventEmitter();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const handlers = {
      'data/import': async (args: { universe: string }) => {
        if (args.universe === 'held') await held;
        return { universe: args.universe } as ImportSummary;
      },
      'portfolio/optimize': async () => ({}) as OptimizeResult,
    } as unknown as JobHandlers;
    const runner = new JobRunner(handlers, events, 2);
    const ended: string[] = [];
    events.on('jobs/finished', ({ job }: EventPayloads['jobs/finished']) => ended.push(job.id));
    const heldJob = runner.start('data/import', { universe: 'held', pricesFile: 'x.csv' });
    const quick: Job[] = [];
    for (const universe of ['a', 'b', 'c']) {
      quick.push(runner.start('data/import', { universe, pricesFile: 'x.csv' }));
      await until(() => ended.includes(quick.at(-1)!.id));
    }
    expect(runner.list().map((j) => j.id)).toEqual([quick[2]!.id, quick[1]!.id, heldJob.id]);
    expect(() => runner.show(quick[0]!.id)).toThrow(/no job/);
    release();
    await until(() => ended.includes(heldJob.id));
    expect(runner.list().map((j) => j.id)).toEqual([quick[2]!.id, heldJob.id]);
    expect(runner.show(heldJob.id)).toMatchObject({ state: 'done', outcome: { ok: true, value: { universe: 'held' } } });
  });
});
