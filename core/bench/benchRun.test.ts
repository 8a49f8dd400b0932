import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchMatrix, BenchResult } from '../../api/bench.ts';
import type { EventPayloads } from '../../api/events.ts';
import type { Job } from '../../api/jobs.ts';
import type { RunSummary, StoredRun } from '../../api/runs.ts';
import { createCore, type Core } from '../createCore.ts';
import { openServices } from '../services.ts';
import { loadDemoSlice } from '../sync/testing/demoSlice.ts';
import { createScratchDatabase } from '../sync/testing/scratchDatabase.ts';
import { findUseCase } from '../usecases/findUseCase.ts';
import { BENCH_CSV_COLUMNS } from './benchCsv.ts';

/*
 * The bench on a real store (the demo market cut to 101 names over 300 days, so each run is a fraction of a second),
 * real HiGHS and CBC, real book batches and, for the postgres store variant, the test PostgreSQL.
 */
let home: string;
let core: Core;
const savedUrl = process.env.JESSICA_PG_URL;

async function call<T>(method: string, args: unknown): Promise<T> {
  const envelope = await core.dispatch(method, args);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.value as T;
}

beforeAll(() => {
  // the postgres variant must find no team database unless a test gives one
  delete process.env.JESSICA_PG_URL;
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-bench-'));
  core = createCore(openServices({ home, highsWorkers: 2 }));
  loadDemoSlice(core.services.db, 5, 300);
});

afterAll(async () => {
  if (savedUrl !== undefined) process.env.JESSICA_PG_URL = savedUrl;
  await core?.services.close();
  fs.rmSync(home, { recursive: true, force: true });
});

/** Two factors with two values each and the store against PostgreSQL; a book of 40 accounts on one and two threads. */
const TINY: BenchMatrix = {
  name: 'tiny test',
  repeats: 2,
  workloads: [
    { kind: 'optimize', baseline: { universe: 'demo' }, factors: { solver: ['highs', 'cbc'], lookback: [60, 120], store: ['sqlite', 'postgres'] } },
    { kind: 'batch', baseline: { universe: 'demo', accounts: 40, lookback: 60 }, factors: { workers: [1, 2] }, settings: { timeLimit: 0.05, clusters: 1 } },
  ],
};

describe('bench/run', () => {
  it('runs every row of a tiny matrix, each repeat a stored run with spans, and writes bench.csv and bench.md', async () => {
    const out = path.join(home, 'out');
    const result = await call<BenchResult>('bench/run', { matrix: TINY, out });

    // one factor at a time: optimize 1 + (2−1) + (2−1) + (2−1), batch 1 + (2−1)
    expect(result.rows.map((r) => r.label)).toEqual([
      'optimize · baseline',
      'optimize · solver=cbc',
      'optimize · lookback=120',
      'optimize · store=postgres',
      'batch · baseline',
      'batch · workers=2',
    ]);
    const postgres = result.rows[3]!;
    expect(postgres).toMatchObject({ status: 'skipped', repeats: 0, runIds: [], medianMs: null });
    expect(postgres.reason).toMatch(/^no team database is configured .*JESSICA_PG_URL/);
    expect(result).toMatchObject({ failed: 0, skipped: 1, repeats: 2, matrix: 'tiny test' });

    for (const row of result.rows.filter((r) => r.status !== 'skipped')) {
      expect(row, row.label).toMatchObject({ status: 'ok', reason: null, repeats: 2 });
      expect(row.minMs!).toBeLessThanOrEqual(row.medianMs!);
      expect(row.medianMs!).toBeLessThanOrEqual(row.maxMs!);
      expect(row.peakRssMiB!).toBeGreaterThan(0);
      expect(row.data).toMatch(new RegExp(`^demo: 101 names × ${row.setup.lookback === 120 ? 121 : 61} dates to 2025-12-31`));
      expect(row.runIds).toHaveLength(2);
      const runs = await Promise.all(row.runIds.map((id) => call<StoredRun>('runs/show', { id })));
      for (const run of runs) {
        expect(run.kind).toBe(row.kind);
        expect(run.spans.filter((s) => s.parent === null).map((s) => s.name)).toEqual(
          expect.arrayContaining(row.kind === 'optimize' ? ['load', 'returns', 'assemble', 'solve', 'persist'] : ['load', 'returns', 'cluster', 'optimize', 'map', 'persist']),
        );
        // a run's own stages fit inside the wall time the bench measured around its handler
        expect(run.durationMs).toBeLessThanOrEqual(row.maxMs! + 1);
      }
      expect(Object.keys(row.stageMedianMs)).toEqual(expect.arrayContaining(['load', 'returns']));
    }
    expect(result.rows[0]!.environment).toMatch(/^highs \d+\.\d+\.\d+ \(pool of 2 threads\)$/);
    expect(result.rows[1]!.environment).toMatch(/^cbc \d+\.\d+/);
    expect(result.rows[4]!.environment).toMatch(/pool of 1 thread\)$/);
    // the same LP on HiGHS and on CBC: the same objective
    expect(result.rows[1]!.answer).toBe(result.rows[0]!.answer);

    // the warm-ups were not kept: the runs of the workloads are the timed repeats
    const optimizeRuns = await call<RunSummary[]>('runs/list', { kind: 'optimize' });
    expect(optimizeRuns.map((r) => r.id).sort((a, b) => a - b)).toEqual(result.rows.filter((r) => r.kind === 'optimize').flatMap((r) => r.runIds).sort((a, b) => a - b));

    // the bench itself is a run of kind bench: its rows in its result, a span per row with its warm-up and repeats
    const [listed] = await call<RunSummary[]>('runs/list', { kind: 'bench' });
    expect(listed!.id).toBe(result.runId);
    const bench = await call<StoredRun>('runs/show', { id: result.runId });
    expect(bench.status).toBe('done');
    expect((bench.result as BenchResult).rows).toHaveLength(6);
    expect((bench.result as BenchResult).runId).toBe(result.runId);
    const top = bench.spans.filter((s) => s.parent === null);
    expect(top.map((s) => s.name)).toEqual(['setup', ...result.rows.map((r) => r.label)]);
    const baselineSpan = top[1]!;
    expect(bench.spans.filter((s) => s.parent === baselineSpan.id).map((s) => s.name)).toEqual(['warm-up', 'repeat 1', 'repeat 2']);

    expect(result.files).toEqual(['bench.csv', 'bench.md', 'run.json'].map((f) => path.join(out, f)));
    const csv = parse(fs.readFileSync(path.join(out, 'bench.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(csv[0]!)).toEqual([...BENCH_CSV_COLUMNS]);
    expect(csv.map((r) => r.variant)).toEqual(result.rows.map((r) => r.label));
    expect(csv[3]).toMatchObject({ status: 'skipped', median_ms: '', run_ids: '' });
    expect(Number(csv[0]!.median_ms)).toBeCloseTo(result.rows[0]!.medianMs!, 0);
    expect(csv[0]!.run_ids).toBe(result.rows[0]!.runIds.join(';'));
    expect(csv[0]!.setup).toBe('solver=highs;universe=demo;lookback=60;objective=mad;store=sqlite');
    const md = fs.readFileSync(path.join(out, 'bench.md'), 'utf8');
    expect(md).toMatch(/^# Bench: tiny test\n/);
    expect(md).toMatch(/^\| workload +\| variant +\| data +\| median s +\| spread s \(min–max\) +\| peak RSS MiB +\| runs +\| status +\| environment +\|$/m);
    expect(md).toMatch(/^\| optimize +\| solver=cbc +\| demo: 101 names × 61 dates to 2025-12-31 +\| \d+\.\d{3} +\| \d+\.\d{3}–\d+\.\d{3} +\| \d+ +\| 2 +\| ok +\|/m);
    expect(md).toMatch(/^- optimize · store=postgres: skipped: no team database is configured/m);
    expect(md).toMatch(/^- CPU: .+, \d+ cores/m);
    expect(md).toMatch(/^- solvers: .*highs \d/m);
  }, 120_000);

  it('runs the postgres store variant on the same model when a team database is given: the same answer, prices from PostgreSQL', async () => {
    const scratch = await createScratchDatabase();
    try {
      const matrix: BenchMatrix = { repeats: 1, workloads: [{ kind: 'optimize', baseline: { universe: 'demo', lookback: 60 }, factors: { store: ['sqlite', 'postgres'], objective: ['mad', 'variance'] } }] };
      // into the first test's output directory: a previous bench's output is replaced whole
      const out = path.join(home, 'out');
      const result = await call<BenchResult>('bench/run', { matrix, pgUrl: scratch.url, out });
      expect(fs.readFileSync(path.join(out, 'bench.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + result.rows.length);
      const [sqlite, postgres, variance] = [result.rows[0]!, result.rows.find((r) => r.value === 'postgres')!, result.rows.find((r) => r.value === 'variance')!];
      expect(result.rows.every((r) => r.status === 'ok')).toBe(true);
      expect(postgres.answer).toBe(sqlite.answer);
      expect(postgres.data).toBe('demo: 101 names × 61 dates to 2025-12-31, prices from the team database');
      expect(postgres.environment).toMatch(/^highs .*, prices from PostgreSQL \d+[.\d]*$/);
      const run = await call<StoredRun>('runs/show', { id: postgres.runIds[0] });
      expect(run.spans.find((s) => s.name === 'load')!.attrs).toMatchObject({ members: 101, dates: 61, source: 'team database' });
      // the variance row ran a copy of index-tracking with the other objective, made for it
      const components = findUseCase(core.services.db, 'index-tracking-variance').components.map((c) => c.id);
      expect(components).toContain('obj.tracking-variance');
      expect(components).not.toContain('obj.tracking-mad');
      expect(variance.answer).not.toBe(sqlite.answer);
    } finally {
      await scratch.drop();
    }
  }, 120_000);

  it('skips the screens rows with the reason when no shell gave it a browser, and makes none of their data', async () => {
    const batches = (await call<RunSummary[]>('runs/list', { kind: 'batch' })).length;
    const matrix: BenchMatrix = {
      repeats: 1,
      workloads: [
        { kind: 'screens', baseline: { universe: 'demo', accounts: 45 }, factors: { screen: ['book-load', 'cluster'] } },
        { kind: 'optimize', baseline: { universe: 'demo', lookback: 60 } },
      ],
    };
    const result = await call<BenchResult>('bench/run', { matrix });
    expect(result.rows.map((r) => [r.label, r.status])).toEqual([
      ['screens · baseline', 'skipped'],
      ['screens · screen=cluster', 'skipped'],
      ['optimize · baseline', 'ok'],
    ]);
    for (const row of result.rows.slice(0, 2)) {
      expect(row).toMatchObject({ kind: 'screens', repeats: 0, medianMs: null, runIds: [], data: '' });
      expect(row.reason).toMatch(/^no browser to time the screens in: only the jessica bench command drives one/);
    }
    expect(result).toMatchObject({ failed: 0, skipped: 2 });
    // neither the book nor a batch of it was made for rows that could not run
    expect(core.services.db.prepare("SELECT count(*) FROM books WHERE name = 'bench-demo-45-individual-s1'").pluck().get()).toBe(0);
    expect((await call<RunSummary[]>('runs/list', { kind: 'batch' })).length).toBe(batches);
  }, 60_000);

  it('refuses a bad matrix before any work, naming the field (and the file)', async () => {
    const before = (await call<RunSummary[]>('runs/list', {})).length;
    const whole = await core.dispatch('bench/run', { matrix: { workloads: [{ kind: 'optimize', factors: { solver: [] } }] } });
    expect(whole.ok).toBe(false);
    if (!whole.ok) expect(whole.error).toMatchObject({ code: 'bad-input', message: 'matrix.workloads.0.factors.solver: give at least one value' });
    const file = path.join(home, 'nasdaq.yaml');
    fs.writeFileSync(file, 'workloads:\n  - kind: optimize\n    factors: { universe: [demo, nasdaq] }\n');
    const missing = await core.dispatch('bench/run', { matrixFile: file });
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.error.code).toBe('bad-input');
      expect(missing.error.message).toMatch(new RegExp(`^${file}, field workloads\\[0\\]\\.factors\\.universe: universe nasdaq is not in the store, and the bench imports only sp500 and r2000`));
    }
    expect((await call<RunSummary[]>('runs/list', {})).length).toBe(before);
  });

  it('stops between repeats when its job is cancelled, and is stored as cancelled', async () => {
    const matrix: BenchMatrix = { repeats: 20, workloads: [{ kind: 'optimize', baseline: { universe: 'demo', lookback: 60 }, factors: { solver: ['highs', 'cbc'] } }] };
    let jobId = '';
    const ended = new Promise<Job>((resolve) => {
      const off = core.subscribe('jobs/progress', (payload) => {
        const { progress } = payload as EventPayloads['jobs/progress'];
        if (progress.message.includes('run 2 of 20')) {
          off();
          void core.dispatch('jobs/cancel', { jobId });
        }
      });
      const offEnd = core.subscribe('jobs/finished', (payload) => {
        const { job } = payload as EventPayloads['jobs/finished'];
        if (job.id === jobId) {
          offEnd();
          resolve(job);
        }
      });
    });
    jobId = (await call<Job>('jobs/start', { method: 'bench/run', args: { matrix } })).id;
    const job = await ended;
    expect(job.state).toBe('cancelled');
    const [bench] = await call<RunSummary[]>('runs/list', { kind: 'bench', limit: 1 });
    expect(bench!.status).toBe('cancelled');
    const stored = await call<StoredRun>('runs/show', { id: bench!.id });
    // it stopped in its first row: the second never started
    expect(stored.spans.filter((s) => s.parent === null).map((s) => s.name)).toEqual(['setup', 'optimize · baseline']);
  }, 60_000);
});
