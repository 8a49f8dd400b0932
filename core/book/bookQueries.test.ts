import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountDetail, AccountOutcome, BatchResult, BatchRunSummary, ClusterDetail } from '../../api/book.ts';
import { generateAccounts } from '../accounts/demoBookFiles.ts';
import { createCore, type Core } from '../createCore.ts';
import { ensureDemoMarket } from '../market/demoMarket.ts';
import { openServices } from '../services.ts';

let home: string;
let core: Core;
let batch: BatchResult;
const out = () => path.join(home, 'out');

type Row = Record<string, string>;
const csv = (file: string): Row[] => parse(readFileSync(path.join(out(), file), 'utf8'), { columns: true }) as Row[];
async function call<T>(method: string, args: unknown): Promise<T> {
  const envelope = await core.dispatch(method, args);
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value as T;
}

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-book-queries-'));
  core = createCore(openServices({ home, highsWorkers: 2 }));
  ensureDemoMarket(core.services.db);
  generateAccounts(core.services.db, {
    count: 150,
    seed: 5,
    universe: 'demo',
    out: path.join(home, 'accounts.csv'),
    holdingsOut: path.join(home, 'holdings.csv'),
    restrictions: 'sets',
  });
  batch = await call<BatchResult>('book/batch', {
    accountsFile: path.join(home, 'accounts.csv'),
    holdingsFile: path.join(home, 'holdings.csv'),
    universe: 'demo',
    useCase: 'periodic-rebalance',
    timeLimit: 0.5,
    out: out(),
  });
}, 300_000);

afterAll(async () => {
  await core?.services.close();
  rmSync(home, { recursive: true, force: true });
});

describe('the book screens read a stored batch', () => {
  it('solved every cluster model', () => {
    expect(batch.failedModels, JSON.stringify(batch.failedModels)).toEqual([]);
  });

  it('book/runs lists the batch with its counts', async () => {
    const runs = await call<BatchRunSummary[]>('book/runs', {});
    const run = runs.find((r) => r.runId === batch.runId)!;
    expect(run).toBeDefined();
    expect(run.accounts).toBe(150);
    expect(run.clusters).toBe(batch.clusters.length);
    expect(run.useCase).toBe('periodic-rebalance');
    expect([run.fallback, run.unallocated]).toEqual([batch.fallback, batch.unallocated]);
    expect(run.trackingError.median).toBeCloseTo(batch.trackingError.median, 12);
    // the stored time covers the stages up to the store: more than nothing, at most what the batch reported
    expect(run.seconds).toBeGreaterThan(0);
    expect(run.seconds).toBeLessThanOrEqual(batch.seconds);
  });

  it('book/accounts filters by cluster, tax status and value, as accounts.csv and the input file say', async () => {
    const written = csv('accounts.csv');
    const all = await call<AccountOutcome[]>('book/accounts', { runId: batch.runId });
    expect(all.map((a) => a.accountId).sort()).toEqual(written.map((r) => r.account_id).sort());
    const cluster = batch.clusters[0]!;
    const members = await call<AccountOutcome[]>('book/accounts', { runId: batch.runId, clusterId: cluster.clusterId });
    expect(members.length).toBe(cluster.accounts);
    const input = new Map(csv('../accounts.csv').map((r) => [r.account_id!, r]));
    const deferred = await call<AccountOutcome[]>('book/accounts', { runId: batch.runId, taxStatus: 'deferred' });
    expect(deferred.length).toBe([...input.values()].filter((r) => r.tax_status === 'deferred').length);
    const mid = await call<AccountOutcome[]>('book/accounts', { runId: batch.runId, minValue: 100_000, maxValue: 1_000_000, limit: 5 });
    expect(mid.length).toBeLessThanOrEqual(5);
    for (const a of mid) expect(a.value >= 100_000 && a.value <= 1_000_000).toBe(true);
  });

  it('book/cluster gives the target summing to at most 1, its members and their spread', async () => {
    const cluster = batch.clusters.find((c) => c.accounts >= 3) ?? batch.clusters[0]!;
    const detail = await call<ClusterDetail>('book/cluster', { runId: batch.runId, clusterId: cluster.clusterId });
    expect(detail.summary).toEqual(cluster);
    expect(detail.target.length).toBe(cluster.names);
    const sum = detail.target.reduce((s, t) => s + t.weight, 0);
    expect(sum).toBeLessThanOrEqual(1 + 1e-9);
    expect(sum).toBeGreaterThan(0.5);
    expect(detail.target.every((t) => t.sector !== '' && t.benchmarkWeight > 0)).toBe(true);
    expect(detail.accounts.length).toBe(cluster.accounts);
    const te = detail.accounts.map((a) => a.trackingError);
    expect(detail.dispersion.trackingError.min).toBe(Math.min(...te));
    expect(detail.dispersion.trackingError.max).toBe(Math.max(...te));
    expect(detail.dispersion.trackingError.median).toBeGreaterThanOrEqual(detail.dispersion.trackingError.p10);
  });

  it('book/account gives the stored whole shares and trades of allocations.csv and trades.csv', async () => {
    // an account with legacy holdings, so that trades come from them
    const withLots = new Set(csv('../holdings.csv').map((r) => r.account_id));
    const accountId = csv('accounts.csv').find((r) => withLots.has(r.account_id) && Number(r.trades) > 0)!.account_id!;
    const detail = await call<AccountDetail>('book/account', { runId: batch.runId, accountId });
    const allocations = csv('allocations.csv').filter((r) => r.account_id === accountId);
    const held = detail.holdings.filter((h) => h.shares > 0);
    expect(held.map((h) => `${h.ticker} ${h.shares}`).sort()).toEqual(allocations.filter((r) => r.ticker !== 'CASH').map((r) => `${r.ticker} ${r.shares}`).sort());
    expect(detail.cash).toBeCloseTo(Number(allocations.find((r) => r.ticker === 'CASH')!.value), 2);
    const trades = csv('trades.csv').filter((r) => r.account_id === accountId);
    expect(detail.trades.map((t) => `${t.ticker} ${t.side} ${t.shares}`).sort()).toEqual(trades.map((r) => `${r.ticker} ${r.side} ${r.shares}`).sort());
    expect(held.every((h) => Number.isInteger(h.shares))).toBe(true);
    expect(detail.outcome.accountId).toBe(accountId);
    // every name of the target the account took appears, held or not (a model is named by its first cluster)
    expect(detail.outcome.target).not.toBeNull();
    const cluster = await call<ClusterDetail>('book/cluster', { runId: batch.runId, clusterId: detail.outcome.target! });
    const targetNames = new Set(detail.holdings.filter((h) => h.targetWeight > 0).map((h) => h.ticker));
    expect([...targetNames].sort()).toEqual(cluster.target.map((t) => t.ticker).sort());
  });

  it('names a missing run, cluster or account', async () => {
    const noRun = await core.dispatch('book/cluster', { runId: 99_999, clusterId: 'c001' });
    expect(noRun.ok).toBe(false);
    const noCluster = await core.dispatch('book/cluster', { runId: batch.runId, clusterId: 'zzz' });
    expect(!noCluster.ok && noCluster.error.message).toMatch(/no cluster "zzz"/);
    const noAccount = await core.dispatch('book/account', { runId: batch.runId, accountId: 'nobody' });
    expect(!noAccount.ok && noAccount.error.message).toMatch(/no account "nobody"/);
  });
});
