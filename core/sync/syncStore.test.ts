import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchResult } from '../../api/book.ts';
import type { OptimizeResult } from '../../api/domain.ts';
import type { Job } from '../../api/jobs.ts';
import type { ConnectionTest, Settings, SyncStatus, SyncSummary } from '../../api/sync.ts';
import { createCore, type Core } from '../createCore.ts';
import { DEMO_UNIVERSE, generateDemoMarket, loadDemoMarket, type DemoMarket } from '../market/demoMarket.ts';
import { openServices } from '../services.ts';
import { openDatabase } from '../store/database.ts';
import { getRun, listRuns, saveRun } from '../store/runStore.ts';
import { storeId } from './storeReader.ts';
import { syncStore } from './syncStore.ts';
import { loadDemoSlice } from './testing/demoSlice.ts';
import { createScratchDatabase, queryRows } from './testing/scratchDatabase.ts';
import { storeSums, teamSums } from './testing/tableChecksums.ts';

/*
 * Store a holds the demo market cut to every 5th name over its last 300 days (30k price rows, named `demo` as the
 * whole market is): what these tests prove does not depend on volume, and every sync and checksum of its tables is
 * then a fraction of a second. Store b holds the whole demo market (400k price rows): its first sync is the one at
 * full volume, and under the same universe name as a's different rows. A cancelled COPY needs only more than one
 * chunk of COPY text (64 KiB, about 600 price rows) to be cancelled midway, which 30k rows are many times over.
 */

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
const homes: string[] = [];
const cores: Core[] = [];
let a: Core;
let optimizeRun: number;
let optimizeRunCopy: NonNullable<ReturnType<typeof getRun>>;
/** the demo market, generated once: a's slice of it, b's whole */
let demoMarket: DemoMarket;
let batchRun: number;

async function call<T>(core: Core, method: string, args: unknown): Promise<T> {
  const envelope = await core.dispatch(method, args);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.value as T;
}

function newCore(): Core {
  const home = mkdtempSync(path.join(os.tmpdir(), 'jessica-sync-'));
  homes.push(home);
  const core = createCore(openServices({ home, highsWorkers: 2 }));
  cores.push(core);
  return core;
}

const sync = (core: Core) => call<SyncSummary>(core, 'sync/run', { url: scratch.url });
const idOf = (core: Core) => storeId(core.services.db);
const rowsOf = (s: SyncSummary, table: string) => s.tables.find((t) => t.table === table)?.rows ?? 0;

/** Count and checksum of every table agree between the store and the team database. */
async function expectSynced(core: Core): Promise<void> {
  expect(await teamSums(scratch.url, idOf(core))).toEqual(storeSums(core.services.db));
}

/** A universe as CSV files: `tickers` over `days` trading days. */
function writeUniverse(dir: string, tickers: string[], days: string[]): { pricesFile: string; constituentsFile: string } {
  const prices = ['date,ticker,open,high,low,close,adj_close,volume'];
  days.forEach((d, i) => tickers.forEach((t, k) => prices.push(`${d},${t},${10 + i},${11 + i},${9 + i},${10.5 + i + k / 7},${10.25 + i},${1000 * (k + 1)}`)));
  const pricesFile = path.join(dir, `prices-${tickers.length}x${days.length}.csv`);
  const constituentsFile = path.join(dir, `constituents-${tickers.length}.csv`);
  writeFileSync(pricesFile, `${prices.join('\n')}\n`);
  // a backslash and quotes in a name: COPY's escapes on the real path
  writeFileSync(constituentsFile, `ticker,name,sector\n${tickers.map((t) => `${t},"${t} \\ ""Inc""",Energy`).join('\n')}\n`);
  return { pricesFile, constituentsFile };
}

beforeAll(async () => {
  scratch = await createScratchDatabase();
  a = newCore();
  demoMarket = generateDemoMarket();
  loadDemoSlice(a.services.db, 5, 300, demoMarket);
  // an account value gives the run's holdings shares and values (fractional: an LP, solved in well under a second)
  optimizeRun = (await call<OptimizeResult>(a, 'portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', accountValue: 250_000, fractional: true })).runId;
  optimizeRunCopy = getRun(a.services.db, optimizeRun)!;
  await call(a, 'accounts/demo', { count: 60, seed: 3, book: 'demo', universe: 'demo', restrictions: 'sets' });
  batchRun = (await call<BatchResult>(a, 'book/batch', { book: 'demo', universe: 'demo', useCase: 'index-tracking', timeLimit: 1 })).runId;
}, 300_000);

afterAll(async () => {
  for (const core of cores) await core.services.close();
  for (const home of homes) rmSync(home, { recursive: true, force: true });
  await scratch?.drop();
});

describe('jessica sync into the team database', () => {
  it('sends every table of a store with a universe, a book, an optimize run and a batch run: counts and checksums match SQLite', async () => {
    const before = storeSums(a.services.db);
    const s = await sync(a);
    expect(s.upToDate).toBe(false);
    expect(s.timescale).toBeNull();
    const local = storeSums(a.services.db);
    // every table has rows, so that agreeing means something
    for (const [table, sum] of Object.entries(local)) expect(sum.rows, table).toBeGreaterThan(0);
    expect(await teamSums(scratch.url, idOf(a))).toEqual(local);
    // the summary counts the store's changes; the sync's own run, stored and sent after them, is not one of them
    for (const [table, sum] of Object.entries(before)) expect(rowsOf(s, table), table).toBe(sum.rows);
    expect(s.rows).toBe(Object.values(before).reduce((n, t) => n + t.rows, 0));
    expect(local.runs!.rows).toBe(before.runs!.rows + 1);
    // the derived rows say what the stored JSON says
    const run = await queryRows(scratch.url, 'SELECT kind, duration_ms FROM jessica.runs WHERE store_id = $1 AND run_id = $2', [idOf(a), batchRun]);
    expect(run[0]![0]).toBe('batch');
    expect(Number(run[0]![1])).toBeGreaterThan(0);
    const held = await queryRows(scratch.url, 'SELECT count(*) FROM jessica.run_portfolios WHERE store_id = $1 AND run_id = $2', [idOf(a), optimizeRun]);
    expect(Number(held[0]![0])).toBeGreaterThan(0);
  }, 240_000);

  it("sends a run's resource track as the store holds it, and the sync's own run with its spans and track", async () => {
    const samples = getRun(a.services.db, batchRun)!.samples;
    expect(samples.length).toBeGreaterThan(0);
    const team = await queryRows(
      scratch.url,
      'SELECT t_ms, cpu_percent, rss_mib, heap_used_mib, child_cpu_percent, child_rss_mib FROM jessica.run_samples WHERE store_id = $1 AND run_id = $2 ORDER BY t_ms',
      [idOf(a), batchRun],
    );
    const orNull = (v: string | null) => (v === null ? null : Number(v));
    expect(team.map((r) => ({ tMs: Number(r[0]), cpuPercent: Number(r[1]), rssMiB: Number(r[2]), heapUsedMiB: Number(r[3]), childCpuPercent: orNull(r[4]!), childRssMiB: orNull(r[5]!) }))).toEqual(samples);
    const [syncRun] = listRuns(a.services.db, { kind: 'sync', limit: 1 });
    expect(syncRun).toMatchObject({ status: 'done', options: { target: expect.stringContaining(scratch.name) as unknown } });
    const spans = await queryRows(scratch.url, 'SELECT name FROM jessica.spans WHERE store_id = $1 AND run_id = $2 AND parent IS NULL ORDER BY span_id', [idOf(a), syncRun!.id]);
    expect(spans.map((r) => r[0])).toEqual(['connect', 'schema', 'lock', 'plan', 'send']);
  }, 240_000);

  it("sends nothing when nothing changed: the last sync's own run went with it, and this one's goes with it too", async () => {
    const runs = listRuns(a.services.db).length;
    const s = await sync(a);
    expect(s).toMatchObject({ upToDate: true, rows: 0, tables: [] });
    expect(listRuns(a.services.db)).toHaveLength(runs + 1);
    await expectSynced(a);
    // measured, not asserted (shared test machine): the bench holds the < 1 s target
    console.info(`sync with nothing new: ${(s.seconds * 1000).toFixed(0)} ms`);
  }, 240_000);

  it("sends only an incremental update's price rows (the Yahoo writer's contract), upserted, and the universe's small tables whole", async () => {
    const db = a.services.db;
    const before = storeSums(db);
    const [lastDate, tickers] = [db.prepare("SELECT max(date) FROM prices WHERE universe = 'demo'").pluck().get() as string, db.prepare("SELECT ticker FROM universe_members WHERE universe = 'demo' ORDER BY ticker").pluck().all() as string[]];
    const newDate = '2026-01-02';
    db.transaction(() => {
      db.prepare("UPDATE universes SET last_date = ?, trading_days = trading_days + 1, price_rows = price_rows + ?, index_rows = index_rows + 1 WHERE name = 'demo'").run(newDate, tickers.length);
      const seq = db.prepare("SELECT max(seq) FROM sync_changes WHERE entity = 'universe' AND scope = 'demo'").pluck().get() as number;
      const add = db.prepare("INSERT INTO prices (universe, date, ticker, close, adj_close, volume, revision) VALUES ('demo', ?, ?, ?, ?, ?, ?)");
      tickers.forEach((t, k) => add.run(newDate, t, 50 + k, 49 + k, 1000 + k, seq));
      db.prepare("INSERT INTO index_closes (universe, date, close) VALUES ('demo', ?, 4321.5)").run(newDate);
      // a correction of a row the team database already has
      db.prepare("UPDATE prices SET close = close * 1.01, revision = ? WHERE universe = 'demo' AND date = ? AND ticker = ?").run(seq, lastDate, tickers[0]);
    })();
    const s = await sync(a);
    expect(rowsOf(s, 'prices')).toBe(tickers.length + 1);
    expect(rowsOf(s, 'universes')).toBe(1);
    expect(rowsOf(s, 'universe_members')).toBe(before.universe_members!.rows);
    expect(rowsOf(s, 'index_closes')).toBe(before.index_closes!.rows + 1);
    expect(s.tables.filter((t) => t.table.startsWith('batch') || t.table === 'runs')).toEqual([]);
    await expectSynced(a);
    const cursor = await queryRows(scratch.url, "SELECT rows FROM jessica.sync_cursors WHERE store_id = $1 AND table_name = 'prices' AND scope = 'demo'", [idOf(a)]);
    expect(Number(cursor[0]![0])).toBe(before.prices!.rows + tickers.length);
  }, 240_000);

  it('replaces a universe a CSV import wrote again: the rows it no longer has are gone from the team database too', async () => {
    const dir = homes[0]!;
    const days = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
    await call(a, 'data/import', { universe: 'mini', ...writeUniverse(dir, ['AAA', 'BBB', 'CCC'], days) });
    expect(rowsOf(await sync(a), 'prices')).toBe(12);
    await call(a, 'data/import', { universe: 'mini', ...writeUniverse(dir, ['AAA', 'DDD'], days.slice(0, 2)) });
    const s = await sync(a);
    expect(rowsOf(s, 'prices')).toBe(4);
    expect(s.tables.find((t) => t.table === 'prices')?.scopes).toBe(1);
    await expectSynced(a);
    const tickers = await queryRows(scratch.url, "SELECT DISTINCT ticker FROM jessica.prices WHERE store_id = $1 AND universe = 'mini' ORDER BY 1", [idOf(a)]);
    expect(tickers.map((r) => r[0])).toEqual(['AAA', 'DDD']);
  }, 240_000);

  it('removes a deleted run and resends a book imported again', async () => {
    a.services.db.prepare('DELETE FROM runs WHERE id = ?').run(optimizeRun);
    await call(a, 'accounts/demo', { count: 25, seed: 9, book: 'demo', universe: 'demo', restrictions: 'sets' });
    const s = await sync(a);
    expect(s.tables.find((t) => t.table === 'runs')).toMatchObject({ scopes: 1, rows: 0 });
    expect(rowsOf(s, 'accounts')).toBe(25);
    await expectSynced(a);
    const gone = await queryRows(scratch.url, 'SELECT (SELECT count(*) FROM jessica.runs WHERE store_id = $1 AND run_id = $2) + (SELECT count(*) FROM jessica.spans WHERE store_id = $1 AND run_id = $2) + (SELECT count(*) FROM jessica.run_portfolios WHERE store_id = $1 AND run_id = $2)', [idOf(a), optimizeRun]);
    expect(gone[0]![0]).toBe('0');
    expect((await sync(a)).upToDate).toBe(true);
  }, 240_000);

  it('sends a table whose cursor is missing (a table a new release adds) without resending the rest of its scope', async () => {
    await queryRows(scratch.url, "DELETE FROM jessica.sync_cursors WHERE store_id = $1 AND table_name = 'batch_trades'", [idOf(a)]);
    await queryRows(scratch.url, 'DELETE FROM jessica.batch_trades WHERE store_id = $1', [idOf(a)]);
    const s = await sync(a);
    expect(s.tables.map((t) => t.table)).toEqual(['batch_trades']);
    await expectSynced(a);
  }, 240_000);

  it("keeps two stores' rows apart in one team database: same universe name, same run ids", async () => {
    // b: the whole demo market, 400k price rows under the name of a's slice, and as its first run a copy of a's
    // optimize run as the store holds it (a core of its own would start a HiGHS pool of its own to solve one)
    const b = newCore();
    loadDemoMarket(b.services.db, demoMarket, DEMO_UNIVERSE);
    const runB = saveRun(b.services.db, { ...optimizeRunCopy, id: undefined });
    expect(runB).toBe(1);
    const synced = await sync(b);
    expect(rowsOf(synced, 'prices')).toBe(b.services.db.prepare("SELECT count(*) FROM prices WHERE universe = 'demo'").pluck().get());
    // nothing writes to b from here on: its store's sums, taken once, are what its team rows must match both times
    const bSums = storeSums(b.services.db);
    expect(await teamSums(scratch.url, idOf(b))).toEqual(bSums);
    await expectSynced(a);
    // a change in one store leaves the other's rows as they were
    a.services.db.prepare("DELETE FROM universes WHERE name = 'mini'").run();
    await sync(a);
    await expectSynced(a);
    expect(await teamSums(scratch.url, idOf(b))).toEqual(bSums);
    const stores = await queryRows(scratch.url, 'SELECT count(*) FROM jessica.stores');
    expect(stores[0]![0]).toBe('2');
  }, 240_000);

  it('sends each scope as one snapshot of the store while the app writes to it', async () => {
    // the app rewrites the demo universe's prices while the sync is copying that scope's index closes: the sync sends
    // the scope as it was when it began reading it, and the next sync the new state
    const db = a.services.db;
    db.transaction(() => db.prepare("UPDATE universes SET source = 'edited before' WHERE name = 'demo'").run())();
    const before = storeSums(db);
    let wrote = false;
    const s = await syncStore(a.services, {
      url: scratch.url,
      onProgress: (p) => {
        if (wrote || p.stage !== 'index_closes') return;
        wrote = true;
        db.transaction(() => {
          db.prepare("UPDATE universes SET source = 'edited during' WHERE name = 'demo'").run();
          const seq = db.prepare("SELECT max(seq) FROM sync_changes WHERE entity = 'universe' AND scope = 'demo'").pluck().get() as number;
          db.prepare("UPDATE prices SET close = close + 1, revision = ? WHERE universe = 'demo' AND date = '2025-12-31'").run(seq);
        })();
      },
    });
    expect(wrote).toBe(true);
    expect(rowsOf(s, 'universes')).toBe(1);
    const after = storeSums(db);
    // the scope as it was when the sync began reading it; the run tables hold the sync's own run, sent after it
    expect(await teamSums(scratch.url, idOf(a))).toEqual({ ...before, runs: after.runs, spans: after.spans, run_samples: after.run_samples });
    expect(after.prices!.checksum).not.toBe(before.prices!.checksum);
    const next = await sync(a);
    expect(rowsOf(next, 'prices')).toBeGreaterThan(0);
    await expectSynced(a);
  }, 240_000);

  it('a sync job cancelled during a COPY keeps nothing of the scope it was writing; the next sync sends it', async () => {
    // as if the team database had lost the demo universe's prices: the next sync resends them whole
    await queryRows(scratch.url, "DELETE FROM jessica.sync_cursors WHERE store_id = $1 AND table_name = 'prices' AND scope = 'demo'", [idOf(a)]);
    const job = await call<Job>(a, 'jobs/start', { method: 'sync/run', args: { url: scratch.url } });
    const finished = new Promise<Job>((resolve) => {
      const offProgress = a.subscribe('jobs/progress', (p) => {
        const { jobId, progress } = p as { jobId: string; progress: { stage: string } };
        if (jobId === job.id && progress.stage === 'prices') void a.dispatch('jobs/cancel', { jobId: job.id });
      });
      const off = a.subscribe('jobs/finished', (p) => {
        if ((p as { job: Job }).job.id !== job.id) return;
        off();
        offProgress();
        resolve((p as { job: Job }).job);
      });
    });
    expect((await finished).state).toBe('cancelled');
    const cursor = await queryRows(scratch.url, "SELECT count(*) FROM jessica.sync_cursors WHERE store_id = $1 AND table_name = 'prices' AND scope = 'demo'", [idOf(a)]);
    expect(cursor[0]![0]).toBe('0');
    const s = await sync(a);
    expect(rowsOf(s, 'prices')).toBe(a.services.db.prepare("SELECT count(*) FROM prices WHERE universe = 'demo'").pluck().get());
    await expectSynced(a);
  }, 240_000);

  it('answers sync/status and sync/test, and syncs to the URL stored by settings/set', async () => {
    const url = new URL(scratch.url);
    url.password = 'not-checked-under-trust';
    const settings = await call<Settings>(a, 'settings/set', { pgUrl: url.toString() });
    expect(settings.pgUrl).toBe(url.toString().replace(':not-checked-under-trust@', ':***@'));
    const status = await call<SyncStatus>(a, 'sync/status', {});
    expect(status).toMatchObject({ reachable: true, message: null, storeId: idOf(a), target: settings.pgUrl });
    const sums = storeSums(a.services.db);
    for (const t of status.tables) {
      expect(t.pendingScopes, t.table).toBe(0);
      expect(t.syncedRows, t.table).toBe(sums[t.table]!.rows);
    }
    const test = await call<ConnectionTest>(a, 'sync/test', {});
    expect(test).toMatchObject({ ok: true, target: settings.pgUrl, timescale: null });
    expect(test.server).toMatch(/^PostgreSQL \d+\.\d+/);
    // a new run is pending until sync/run, here as a job with progress by table
    await call(a, 'portfolio/optimize', { universe: 'demo', useCase: 'index-tracking' });
    const pending = await call<SyncStatus>(a, 'sync/status', {});
    expect(pending.tables.find((t) => t.table === 'runs')!.pendingScopes).toBe(1);
    const stages: string[] = [];
    const finished = new Promise<Job>((resolve) => {
      const off = a.subscribe('jobs/finished', (p) => {
        off();
        resolve((p as { job: Job }).job);
      });
    });
    const offProgress = a.subscribe('jobs/progress', (p) => stages.push((p as { progress: { stage: string } }).progress.stage));
    await call<Job>(a, 'jobs/start', { method: 'sync/run', args: {} });
    const job = await finished;
    offProgress();
    expect(job.state).toBe('done');
    expect(stages).toEqual(expect.arrayContaining(['connect', 'runs', 'done']));
    expect((await call<SyncStatus>(a, 'sync/status', {})).tables.every((t) => t.pendingScopes === 0)).toBe(true);
    await expectSynced(a);
  }, 240_000);

  it('syncs an in-memory store (no file a second connection could open) from a copy taken at the start', async () => {
    const db = openDatabase(':memory:');
    try {
      saveRun(db, { kind: 'optimize', status: 'optimal', universe: 'demo', options: { note: 'tab\there, back\\slash' }, result: { holdings: [] }, spans: [{ id: 1, parent: null, name: 'load', startMs: 0, durationMs: 12.5 }] });
      const s = await syncStore({ db, home: ':memory:' }, { url: scratch.url });
      expect(rowsOf(s, 'runs')).toBe(1);
      expect(rowsOf(s, 'spans')).toBe(1);
      expect(await teamSums(scratch.url, storeId(db))).toEqual(storeSums(db));
    } finally {
      db.close();
    }
  });

  it('where the server lists TimescaleDB but refuses CREATE EXTENSION, syncs into plain tables and says so in a warning', async () => {
    const db = openDatabase(':memory:');
    try {
      saveRun(db, { kind: 'optimize', status: 'optimal', universe: 'demo', options: {}, result: { holdings: [] }, spans: [] });
      // this server has no TimescaleDB: told it is offered, the sync tries it and is refused, as where it is not preloaded
      const s = await syncStore({ db, home: ':memory:' }, { url: scratch.url, detectTimescale: async () => ({ version: '2.17.2', installed: false }) });
      expect(s.timescale).toBeNull();
      expect(s.warnings).toHaveLength(1);
      expect(s.warnings[0]).toMatch(/^the server lists TimescaleDB 2\.17\.2 but CREATE EXTENSION failed: .*; the tables are plain PostgreSQL tables$/);
      expect(rowsOf(s, 'runs')).toBe(1);
      expect(await teamSums(scratch.url, storeId(db))).toEqual(storeSums(db));
    } finally {
      db.close();
    }
  });

  it('says in one line what failed when the team database cannot be reached, and never echoes the password', async () => {
    const closed = 'postgres://analyst:hunter2@127.0.0.1:9/team';
    const envelope = await a.dispatch('sync/run', { url: closed });
    expect(envelope.ok).toBe(false);
    const message = envelope.ok ? '' : envelope.error.message;
    expect(message).toBe('team database postgres://analyst:***@127.0.0.1:9/team: connection refused at 127.0.0.1:9 (is PostgreSQL running there, listening on that port?)');
    const status = await call<SyncStatus>(a, 'sync/status', { url: closed });
    expect(status).toMatchObject({ reachable: false, message });
    const test = await call<ConnectionTest>(a, 'sync/test', { url: closed });
    expect(test).toMatchObject({ ok: false, message: 'connection refused at 127.0.0.1:9 (is PostgreSQL running there, listening on that port?)' });
  }, 240_000);
});
