import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Span } from '../../api/domain.ts';
import type { RunEnvironment, StoredRun } from '../../api/runs.ts';
import { createCore, type Core } from '../createCore.ts';
import { YahooStandIn } from '../market/yahoo/testing/yahooStandIn.ts';
import { openServices } from '../services.ts';
import { getRun, listRuns } from '../store/runStore.ts';
import { loadDemoSlice } from '../sync/testing/demoSlice.ts';
import { createScratchDatabase } from '../sync/testing/scratchDatabase.ts';

/*
 * Every job kind, run small on the real components through the core (the demo market cut to every 5th name over its
 * last 300 days, short time limits, real HiGHS pool and CBC, the Yahoo stand-in answering from recordings, the test
 * PostgreSQL), stores a run whose spans nest: every child inside its parent's time on the run's clock (work in pool
 * threads and child processes included, placed by the times they reported), ids unique, parents present, at least
 * two levels; with its resource track and its environment.
 */

/** A child may start or end this much outside its parent: clocks read in different threads round apart. */
const TOLERANCE_MS = 1;
/** The sampler's first interval: a job longer than this has a sample. */
const FIRST_INTERVAL_MS = 100;

let home: string;
let core: Core;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
const standIn = new YahooStandIn({ asOf: '2020-10-30', delayMs: 5 });

async function call<T>(method: string, args: unknown): Promise<T> {
  const envelope = await core.dispatch(method, args);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.value as T;
}

/** The newest stored run of `kind`, whole. */
function latest(kind: string): StoredRun {
  const [summary] = listRuns(core.services.db, { kind, limit: 1 });
  expect(summary, `a stored ${kind} run`).toBeDefined();
  return getRun(core.services.db, summary!.id)!;
}

function depthOf(span: Span, byId: ReadonlyMap<number, Span>): number {
  let depth = 0;
  for (let p = span.parent; p !== null; p = byId.get(p)?.parent ?? null) depth++;
  return depth;
}

/** What every stored run must be: nested spans inside their parents, a resource track, its environment. */
function expectWellFormed(run: StoredRun): void {
  const ids = run.spans.map((s) => s.id);
  expect(new Set(ids).size, 'span ids are unique').toBe(ids.length);
  const byId = new Map(run.spans.map((s) => [s.id, s]));
  for (const span of run.spans) {
    expect(span.durationMs, span.name).toBeGreaterThanOrEqual(0);
    expect(span.startMs, span.name).toBeGreaterThanOrEqual(-TOLERANCE_MS);
    if (span.parent === null) continue;
    const parent = byId.get(span.parent);
    expect(parent, `the parent ${span.parent} of ${span.name}`).toBeDefined();
    const where = `${span.name} [${span.startMs.toFixed(2)}, ${(span.startMs + span.durationMs).toFixed(2)}] in ${parent!.name} [${parent!.startMs.toFixed(2)}, ${(parent!.startMs + parent!.durationMs).toFixed(2)}]`;
    expect(span.startMs, where).toBeGreaterThanOrEqual(parent!.startMs - TOLERANCE_MS);
    expect(span.startMs + span.durationMs, where).toBeLessThanOrEqual(parent!.startMs + parent!.durationMs + TOLERANCE_MS);
  }
  const depth = Math.max(...run.spans.map((s) => depthOf(s, byId)));
  expect(depth + 1, `levels of nesting in the ${run.kind} run`).toBeGreaterThanOrEqual(2);

  if (run.durationMs > FIRST_INTERVAL_MS) expect(run.samples.length, `samples of a ${run.durationMs.toFixed(0)} ms ${run.kind} run`).toBeGreaterThan(0);
  const times = run.samples.map((s) => s.tMs);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  for (const s of run.samples) {
    expect(s.tMs).toBeGreaterThan(0);
    expect(s.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(s.rssMiB).toBeGreaterThan(0);
    expect(s.heapUsedMiB).toBeGreaterThan(0);
  }

  const machine = run.machine as RunEnvironment;
  expect(machine.cores).toBe(os.cpus().length);
  expect(machine.node).toBe(process.versions.node);
  expect(machine.packages.jessica).toMatch(/^\d+\.\d+\.\d+/);
  expect(machine.packages['better-sqlite3']).toMatch(/^\d+\.\d+\.\d+/);
}

function named(run: StoredRun, name: string): Span[] {
  return run.spans.filter((s) => s.name === name);
}

function childrenOf(run: StoredRun, span: Span): Span[] {
  return run.spans.filter((s) => s.parent === span.id);
}

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-span-nesting-'));
  core = createCore(openServices({ home, highsWorkers: 2, fetch: standIn.fetch }));
  loadDemoSlice(core.services.db, 5, 300);
  scratch = await createScratchDatabase();
}, 60_000);

afterAll(async () => {
  core?.cancelJobs();
  await core?.services.close();
  await scratch?.drop();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('every job kind stores spans that nest, its resource track and its environment', () => {
  it('optimize: the solve, the pool thread that ran it and the solver phases inside it', async () => {
    await call('portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', maxNames: 15, timeLimit: 2 });
    const run = latest('optimize');
    expectWellFormed(run);
    const solve = named(run, 'solve').find((s) => s.parent === null)!;
    const [worker] = childrenOf(run, solve).filter((s) => s.name === 'worker');
    expect(worker!.attrs).toMatchObject({ thread: expect.any(Number) as unknown, lane: 0 });
    expect(childrenOf(run, worker!).map((s) => s.name)).toEqual(expect.arrayContaining(['heuristic', 'pass', 'mip']));
    expect((run.machine as RunEnvironment).solvers.highs).toMatch(/^\d+\.\d+/);
  });

  it("batch: each cluster's solve on its pool thread's lane, inside the optimize stage", async () => {
    await call('accounts/demo', { count: 40, seed: 3, book: 'demo', universe: 'demo', restrictions: 'sets' });
    await call('book/batch', { book: 'demo', universe: 'demo', useCase: 'index-tracking', timeLimit: 1 });
    const run = latest('batch');
    expectWellFormed(run);
    const optimize = named(run, 'optimize').find((s) => s.parent === null)!;
    const clusters = childrenOf(run, optimize);
    expect(clusters.length).toBeGreaterThan(1);
    const solved = clusters.filter((c) => c.attrs?.source === 'solved');
    expect(solved.length).toBeGreaterThan(0);
    for (const c of solved) expect(c.attrs).toMatchObject({ thread: expect.any(Number) as unknown, lane: expect.any(Number) as unknown });
    // lanes are the pool's threads numbered from 0 in the order they first worked, one per thread
    const lanes = new Map(clusters.filter((c) => c.attrs?.lane !== undefined).map((c) => [c.attrs!.thread, c.attrs!.lane]));
    expect([...new Set(lanes.values())].sort()).toEqual([...lanes.values()].map((_, k) => k));
  });

  it("minimums: each target's solve on the pool inside the target stage", async () => {
    await call('book/minimums', { universe: 'demo', useCase: 'index-tracking', teTarget: 0.02, sizes: [50_000, 250_000, 1_000_000], timeLimit: 2 });
    const run = latest('minimums');
    expectWellFormed(run);
    const target = named(run, 'target').find((s) => s.parent === null)!;
    expect(childrenOf(run, target).map((s) => s.name)).toContain('use case');
  });

  it('compare: each solve with its pool thread or its CBC process from spawn to exit, the log phases inside', async () => {
    await call('solvers/compare', { universe: 'demo', useCase: 'index-tracking', maxNames: 15, solvers: ['highs', 'cbc'], timeLimit: 2 });
    const run = latest('compare');
    expectWellFormed(run);
    const cbc = run.spans.find((s) => s.name === 'cbc')!;
    const process = childrenOf(run, cbc).find((s) => s.name === 'process')!;
    expect(process.attrs).toMatchObject({ solver: 'cbc', pid: expect.any(Number) as unknown });
    expect(childrenOf(run, cbc).map((s) => s.name)).toEqual(['pass', 'process']);
    expect(childrenOf(run, process).length).toBeGreaterThan(0);
    const highs = run.spans.find((s) => s.name === 'highs')!;
    expect(childrenOf(run, highs).map((s) => s.name)).toEqual(['worker']);
    expect((run.machine as RunEnvironment).solvers).toMatchObject({ highs: expect.any(String) as unknown, cbc: expect.stringMatching(/^\d+\.\d+/) as unknown });
  });

  it('import: the files read into staging, then the universe published', async () => {
    const days = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'];
    const tickers = ['AAA', 'BBB', 'CCC'];
    const prices = ['date,ticker,close', ...days.flatMap((d, i) => tickers.map((t, k) => `${d},${t},${10 + i + k}`))];
    const files = { pricesFile: path.join(home, 'prices.csv'), constituentsFile: path.join(home, 'constituents.csv'), indexFile: path.join(home, 'index.csv') };
    writeFileSync(files.pricesFile, `${prices.join('\n')}\n`);
    writeFileSync(files.constituentsFile, `ticker,name,sector\n${tickers.map((t) => `${t},${t} Inc,Energy`).join('\n')}\n`);
    writeFileSync(files.indexFile, `date,close\n${days.map((d, i) => `${d},${100 + i}`).join('\n')}\n`);
    await call('data/import', { universe: 'mini', ...files });
    const run = latest('import');
    expectWellFormed(run);
    expect(run).toMatchObject({ status: 'done', universe: 'mini', result: { rows: 15, members: 3, indexRows: 5 } });
    const load = named(run, 'load')[0]!;
    expect(childrenOf(run, load).map((s) => [s.name, s.attrs?.rows ?? s.attrs?.members])).toEqual([['prices', 15], ['constituents', 3], ['index', 5]]);
    expect(childrenOf(run, named(run, 'publish')[0]!).map((s) => s.name)).toEqual(['commit', 'replace']);

    // a bad row fails the import: stored as failed, with its message and the spans it got through
    writeFileSync(files.pricesFile, `${prices.join('\n')}\n2024-01-09,AAA,abc\n`);
    const failed = await core.dispatch('data/import', { universe: 'mini', ...files });
    expect(failed.ok).toBe(false);
    const stored = latest('import');
    expect(stored).toMatchObject({ status: 'failed', result: { message: expect.stringMatching(/line 17.*close/) as unknown } });
    expectWellFormed(stored);
  });

  it('yahoo: per batch, the fetch, the quotes and the write, with ticker and row counts', async () => {
    await call('data/yahoo', { universe: 'yh', tickers: ['AAPL', 'MSFT', 'TSLA', 'BRK-B'], from: '2020-08-17', concurrency: 2 });
    const run = latest('yahoo');
    expectWellFormed(run);
    const batch = run.spans.find((s) => s.name === 'batch 1')!;
    expect(batch.attrs).toMatchObject({ tickers: 4 });
    const steps = childrenOf(run, batch);
    expect(steps.map((s) => s.name)).toEqual(['fetch', 'quotes', 'write']);
    expect(steps[0]!.attrs).toMatchObject({ tickers: 4, failed: 0 });
    expect(steps[2]!.attrs).toMatchObject({ tickers: 4, rows: expect.any(Number) as unknown });
    expect(steps[2]!.attrs!.rows).toBeGreaterThan(100);
  });

  it('sync: connect, schema, and per scope each table copied with its rows', async () => {
    await call('sync/run', { url: scratch.url });
    const run = latest('sync');
    expectWellFormed(run);
    expect(run.spans.filter((s) => s.parent === null).map((s) => s.name)).toEqual(['connect', 'schema', 'lock', 'plan', 'send']);
    const scope = run.spans.find((s) => s.name === 'universe demo')!;
    const prices = childrenOf(run, scope).find((s) => s.name === 'prices')!;
    expect(prices.attrs).toMatchObject({ mode: 'full', rows: core.services.db.prepare("SELECT count(*) FROM prices WHERE universe = 'demo'").pluck().get() });
    expect(JSON.stringify(run)).not.toContain('password');
  });
});
