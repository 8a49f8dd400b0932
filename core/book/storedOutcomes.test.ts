import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountDetail, AccountOutcome, BatchResult, BatchRunDetail, BatchRunSummary, ClusterDetail } from '../../api/book.ts';
import type { ParsedArgs } from '../../api/methods.ts';
import type { StoredRun } from '../../api/runs.ts';
import { generateAccounts } from '../accounts/demoBookFiles.ts';
import { createCore, type Core } from '../createCore.ts';
import { ensureDemoMarket } from '../market/demoMarket.ts';
import { openServices } from '../services.ts';
import { applyMigrations, readMigrations, type Database } from '../store/database.ts';
import { accountDetail, accountDetailFromResult } from './accountDetail.ts';
import { batchRun, listBatchRuns } from './batchRuns.ts';
import { bookAccounts, bookAccountsFromResult } from './bookAccounts.ts';
import { clusterDetail, clusterDetailFromResult } from './clusterDetail.ts';
import { loadStoredBatch } from './storedBatch.ts';
import { hasOutcomeRows, storeOutcomes } from './storedOutcomes.ts';
import { keepOutcomesInResult } from './testing/olderBatchResult.ts';

/**
 * The Book, Cluster and Account screens' queries answer from the batch's rows (migration 008) exactly what they
 * answered reading the run's result whole: on a real batch of the demo book, every filter of book/accounts, every
 * cluster and every account, both ways; a store made before the migration is backfilled to the same answers; a
 * deleted run leaves no rows behind.
 */
let home: string;
let core: Core;
let db: Database;
let batch: BatchResult;
let stored: ReturnType<typeof loadStoredBatch>['result'];
const migrationsDir = fileURLToPath(new URL('../store/migrations/', import.meta.url));
const TABLES = ['batch_summaries', 'batch_cluster_summaries', 'batch_outcomes'] as const;

async function call<T>(method: string, args: unknown): Promise<T> {
  const envelope = await core.dispatch(method, args);
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value as T;
}
const rowsOf = (d: Database, runId: number) => Object.fromEntries(TABLES.map((t) => [t, d.prepare(`SELECT count(*) FROM ${t} WHERE run_id = ?`).pluck().get(runId) as number]));

/** book/accounts arguments covering every filter, alone and together, with pages that start and end inside the matches. */
function filterCases(runId: number): ParsedArgs<'book/accounts'>[] {
  const base = { runId, limit: 1000, offset: 0 };
  const values = stored.outcomes.map((o) => o.value).sort((a, b) => a - b);
  const mid = values[Math.floor(values.length / 2)]!;
  const strategies = [...new Set(stored.clusters.map((c) => c.key.strategy))];
  return [
    base,
    { ...base, limit: 7 },
    { ...base, limit: 20, offset: 13 },
    { ...base, offset: stored.outcomes.length - 3 },
    { ...base, offset: stored.outcomes.length + 5 },
    ...stored.clusters.map((c) => ({ ...base, clusterId: c.clusterId })),
    { ...base, clusterId: stored.clusters[0]!.clusterId, limit: 2, offset: 1 },
    { ...base, clusterId: 'no-such-cluster' },
    ...strategies.flatMap((strategy) => [{ ...base, strategy }, { ...base, strategy, taxStatus: 'taxable' as const, offset: 3, limit: 10 }]),
    { ...base, strategy: 'no-such-strategy' },
    { ...base, taxStatus: 'taxable' as const },
    { ...base, taxStatus: 'deferred' as const },
    { ...base, minValue: mid },
    { ...base, maxValue: mid },
    // both ends inclusive: an account worth exactly the bound is in
    { ...base, minValue: mid, maxValue: mid },
    { ...base, minValue: values[3]!, maxValue: values.at(-4)!, limit: 30, offset: 10 },
    { ...base, belowMinimum: true },
    { ...base, belowMinimum: false },
    { ...base, belowMinimum: true, taxStatus: 'deferred' as const, maxValue: mid },
  ];
}

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-stored-outcomes-'));
  core = createCore(openServices({ home, highsWorkers: 2 }));
  db = core.services.db;
  ensureDemoMarket(db);
  generateAccounts(db, { count: 160, seed: 3, universe: 'demo', out: path.join(home, 'accounts.csv'), holdingsOut: path.join(home, 'holdings.csv'), restrictions: 'sets' });
  // a target tracking error flags the accounts below their cluster's minimum: the belowMinimum filter has both kinds
  batch = await call<BatchResult>('book/batch', {
    accountsFile: path.join(home, 'accounts.csv'),
    holdingsFile: path.join(home, 'holdings.csv'),
    universe: 'demo',
    useCase: 'index-tracking',
    timeLimit: 0.5,
    teTarget: 0.005,
  });
  // the result of a batch holds no outcomes (the rows do); put them in, as older runs had them, to compare both reads
  const outcomes = keepOutcomesInResult(db, batch.runId);
  expect(outcomes).toHaveLength(160);
  stored = loadStoredBatch(db, batch.runId).result;
}, 300_000);

afterAll(async () => {
  await core?.services.close();
  rmSync(home, { recursive: true, force: true });
});

describe('a stored batch read from its rows', () => {
  it('stores a row per account and cluster in the run’s transaction', () => {
    expect(rowsOf(db, batch.runId)).toEqual({ batch_summaries: 1, batch_cluster_summaries: batch.clusters.length, batch_outcomes: 160 });
    // the filters below have something to tell apart
    expect(new Set(stored.outcomes.map((o) => o.belowMinimum)).size, 'accounts both below and above their minimum').toBe(2);
    expect(new Set(stored.clusters.map((c) => c.key.taxStatus)).size).toBe(2);
  });

  it('book/accounts answers every filter and page as the full read did', async () => {
    for (const args of filterCases(batch.runId)) {
      const rows = await call<AccountOutcome[]>('book/accounts', args);
      expect(rows, JSON.stringify(args)).toEqual(bookAccountsFromResult(db, args));
      expect(rows).toEqual(bookAccounts(db, args));
    }
    // the pages are the full list cut where the offsets say
    const all = await call<AccountOutcome[]>('book/accounts', { runId: batch.runId });
    expect(all.map((o) => o.accountId)).toEqual(stored.outcomes.map((o) => o.accountId));
    const page = await call<AccountOutcome[]>('book/accounts', { runId: batch.runId, limit: 50, offset: 50 });
    expect(page).toEqual(all.slice(50, 100));
  });

  it('book/cluster answers every cluster as the full read did, its members cut at a limit and its dispersion over all of them', async () => {
    for (const c of stored.clusters) {
      const detail = await call<ClusterDetail>('book/cluster', { runId: batch.runId, clusterId: c.clusterId });
      expect(detail, c.clusterId).toEqual(clusterDetailFromResult(db, batch.runId, c.clusterId));
      expect(detail.accounts).toHaveLength(c.accounts);
      const limited = await call<ClusterDetail>('book/cluster', { runId: batch.runId, clusterId: c.clusterId, limit: 3 });
      expect(limited).toEqual(clusterDetailFromResult(db, batch.runId, c.clusterId, 3));
      expect(limited).toEqual({ ...detail, accounts: detail.accounts.slice(0, 3) });
    }
    const refused = await core.dispatch('book/cluster', { runId: batch.runId, clusterId: 'zzz' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not-found', where: { field: 'clusterId' } } });
    expect(!refused.ok && refused.error.message).toContain(`it has ${stored.clusters.length}: c001`);
  });

  it('book/account answers every account as the full read did', async () => {
    for (const o of stored.outcomes) {
      const detail = await call<AccountDetail>('book/account', { runId: batch.runId, accountId: o.accountId });
      expect(detail, o.accountId).toEqual(await accountDetailFromResult(db, batch.runId, o.accountId));
      expect(detail.outcome).toEqual(o);
    }
    expect(await core.dispatch('book/account', { runId: batch.runId, accountId: 'nobody' })).toMatchObject({ ok: false, error: { code: 'not-found', where: { field: 'accountId' } } });
  });

  it('book/run gives the run picker’s figures and every cluster, as the stored run says them', async () => {
    const run = await call<BatchRunDetail>('book/run', { runId: batch.runId });
    const whole = await call<StoredRun>('runs/show', { id: batch.runId });
    const listed = (await call<BatchRunSummary[]>('book/runs', {})).find((r) => r.runId === batch.runId)!;
    expect(run).toEqual({ ...listed, clusters: stored.clusters });
    expect(listed).toEqual({
      runId: batch.runId,
      createdAt: whole.createdAt,
      status: whole.status,
      universe: 'demo',
      useCase: 'index-tracking',
      asOf: stored.asOf,
      accounts: 160,
      clusters: stored.clusters.length,
      belowMinimum: stored.belowMinimum,
      fallback: stored.fallback,
      unallocated: stored.unallocated,
      trackingError: stored.trackingError,
      seconds: stored.seconds,
    });
    expect(await core.dispatch('book/run', { runId: 99_999 })).toMatchObject({ ok: false, error: { code: 'not-found', where: { field: 'runId' } } });
  });
});

describe('a store made before migration 008', () => {
  it('is backfilled from the runs’ results to the same answers', async () => {
    const file = path.join(home, 'before-008.sqlite');
    const old = new BetterSqlite3(file);
    try {
      old.pragma('foreign_keys = ON');
      const all = readMigrations(migrationsDir);
      applyMigrations(old, all.filter((m) => m.version < 8));
      // the batch run as a store at 007 held it: the run (result JSON and all), its names and allocations
      old.exec(`ATTACH DATABASE '${db.name.replaceAll("'", "''")}' AS live`);
      const columns = (old.prepare("SELECT name FROM pragma_table_info('runs')").pluck().all() as string[]).join(', ');
      old.exec(`INSERT INTO runs (${columns}) SELECT ${columns} FROM live.runs WHERE id = ${batch.runId}`);
      old.exec(`INSERT INTO batch_names SELECT * FROM live.batch_names WHERE run_id = ${batch.runId}`);
      old.exec(`INSERT INTO batch_allocations SELECT * FROM live.batch_allocations WHERE run_id = ${batch.runId}`);
      // and a cancelled batch run, which stored no accounts: it gets no rows
      old.exec(`INSERT INTO runs (created_at, kind, status, options, result) VALUES ('2020-01-01T00:00:00Z', 'batch', 'cancelled', '{}', '{"message":"cancelled by the user"}')`);
      old.exec('DETACH DATABASE live');
      const cancelled = old.prepare("SELECT id FROM runs WHERE status = 'cancelled'").pluck().get() as number;
      const changes = old.prepare('SELECT count(*) FROM sync_changes').pluck().get();

      expect(applyMigrations(old, all)).toContain(8);
      expect(rowsOf(old, batch.runId)).toEqual(rowsOf(db, batch.runId));
      expect(rowsOf(old, cancelled)).toEqual({ batch_summaries: 0, batch_cluster_summaries: 0, batch_outcomes: 0 });
      // derived rows, not a change of the run: nothing new to sync
      expect(old.prepare('SELECT count(*) FROM sync_changes').pluck().get()).toBe(changes);

      // the backfilled rows answer as the batch's own rows and as the full read, to the bit
      expect(listBatchRuns(old, 10)).toEqual(listBatchRuns(db, 10));
      expect(batchRun(old, batch.runId)).toEqual(batchRun(db, batch.runId));
      for (const args of filterCases(batch.runId)) expect(bookAccounts(old, args), JSON.stringify(args)).toEqual(bookAccountsFromResult(db, args));
      for (const c of stored.clusters) expect(clusterDetail(old, batch.runId, c.clusterId)).toEqual(clusterDetail(db, batch.runId, c.clusterId));
      for (const o of stored.outcomes) expect(await accountDetail(old, batch.runId, o.accountId)).toEqual(await accountDetail(db, batch.runId, o.accountId));
    } finally {
      old.close();
    }
  });
});

describe('a run without its rows, a run deleted', () => {
  it('reads a batch run stored without rows (by a Jessica older than the store) from its result, as before', async () => {
    const runId = batch.runId;
    const clusterId = stored.clusters.at(-1)!.clusterId;
    const accountId = stored.outcomes.at(-1)!.accountId;
    const answers = async () => ({
      runs: await call<BatchRunSummary[]>('book/runs', {}),
      run: await call<BatchRunDetail>('book/run', { runId }),
      accounts: await call<AccountOutcome[]>('book/accounts', { runId, taxStatus: 'deferred', limit: 25, offset: 4 }),
      cluster: await call<ClusterDetail>('book/cluster', { runId, clusterId, limit: 5 }),
      account: await call<AccountDetail>('book/account', { runId, accountId }),
    });
    const fromRows = await answers();
    for (const t of TABLES) db.prepare(`DELETE FROM ${t} WHERE run_id = ?`).run(runId);
    expect(hasOutcomeRows(db, runId)).toBe(false);
    expect(await answers()).toEqual(fromRows);
    // the batch's writer puts them back, replacing whatever the run had
    db.transaction(() => {
      storeOutcomes(db, runId, stored);
      storeOutcomes(db, runId, stored);
    })();
    expect(rowsOf(db, runId)).toEqual({ batch_summaries: 1, batch_cluster_summaries: stored.clusters.length, batch_outcomes: 160 });
    expect(await answers()).toEqual(fromRows);
  });

  it('deletes a run’s rows with it, and the deletion is a change to sync', async () => {
    const before = db.prepare("SELECT max(seq) FROM sync_changes").pluck().get() as number;
    expect(await call<{ deleted: number }>('runs/delete', { id: batch.runId })).toEqual({ deleted: 1 });
    expect(rowsOf(db, batch.runId)).toEqual({ batch_summaries: 0, batch_cluster_summaries: 0, batch_outcomes: 0 });
    expect(db.prepare('SELECT entity, scope, kind FROM sync_changes WHERE seq > ?').all(before)).toEqual([{ entity: 'run', scope: String(batch.runId), kind: 'delete' }]);
    expect((await call<BatchRunSummary[]>('book/runs', {})).some((r) => r.runId === batch.runId)).toBe(false);
    expect(await core.dispatch('book/accounts', { runId: batch.runId })).toMatchObject({ ok: false, error: { code: 'not-found', where: { field: 'runId' } } });
  });
});
