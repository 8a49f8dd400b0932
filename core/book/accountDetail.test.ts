import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountDetail, AccountRow, BatchResult, ClusterDetail } from '../../api/book.ts';
import { generateAccounts } from '../accounts/demoBookFiles.ts';
import { createCore, type Core } from '../createCore.ts';
import { ensureDemoMarket } from '../market/demoMarket.ts';
import { openServices } from '../services.ts';
import { keepOutcomesInResult } from './testing/olderBatchResult.ts';

/**
 * A stored batch run is immutable: book/account shows what the run stored, whatever happens to the book and
 * the use case afterwards (issue 14). The batch runs on a stored book, as `jessica batch --book` does.
 */
let home: string;
let core: Core;
let batch: BatchResult;
/** the accounts read before anything changed, by id */
const before = new Map<string, AccountDetail>();
/** an account holding a name outside the universe, which it sells whole */
const OUTSIDE = 'OLDCO';

type Row = Record<string, string>;
const file = (name: string) => path.join(home, name);
const csv = (name: string): Row[] => parse(readFileSync(file(name), 'utf8'), { columns: true }) as Row[];
const dollars = (v: number) => Math.round(v * 100) / 100;
const fraction = (v: number) => Math.round(v * 1e10) / 1e10;
async function call<T>(method: string, args: unknown): Promise<T> {
  const envelope = await core.dispatch(method, args);
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value as T;
}

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-account-detail-'));
  core = createCore(openServices({ home, highsWorkers: 2 }));
  ensureDemoMarket(core.services.db);
  generateAccounts(core.services.db, { count: 150, seed: 11, universe: 'demo', out: file('accounts.csv'), holdingsOut: file('holdings.csv'), restrictions: 'sets' });
  const withLots = csv('holdings.csv')[0]!.account_id!;
  appendFileSync(file('holdings.csv'), `${withLots},${OUTSIDE},40,,\n`);
  await call('accounts/import', { file: file('accounts.csv'), holdingsFile: file('holdings.csv'), book: 'held' });
  batch = await call<BatchResult>('book/batch', { book: 'held', universe: 'demo', useCase: 'periodic-rebalance', timeLimit: 2, out: file('out') });
}, 300_000);

afterAll(async () => {
  await core?.services.close();
  rmSync(home, { recursive: true, force: true });
});

/** Accounts that cover the cases: legacy lots, a name outside the universe, exclusions, no lots, the smallest and largest, any fallback or unallocated. */
function chosenAccounts(): string[] {
  const outcomes = csv('out/accounts.csv');
  const lots = csv('holdings.csv');
  const withLots = new Set(lots.map((r) => r.account_id));
  const excluding = new Set(csv('accounts.csv').filter((r) => r.exclude !== '').map((r) => r.account_id));
  const byValue = [...outcomes].sort((a, b) => Number(a.value) - Number(b.value));
  const ids = [
    lots.find((r) => r.ticker === OUTSIDE)!.account_id,
    outcomes.find((r) => withLots.has(r.account_id) && Number(r.trades) > 0 && r.account_id !== lots.at(-1)!.account_id)?.account_id,
    outcomes.find((r) => excluding.has(r.account_id) && !withLots.has(r.account_id))?.account_id,
    outcomes.find((r) => !withLots.has(r.account_id) && !excluding.has(r.account_id))?.account_id,
    byValue[0]!.account_id,
    byValue.at(-1)!.account_id,
    outcomes.find((r) => r.status !== 'allocated')?.account_id,
  ];
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}

describe('book/account reads the allocation the batch stored', () => {
  it('gives the holdings, cash and trades of allocations.csv and trades.csv, exactly', async () => {
    const allocations = csv('out/allocations.csv');
    const trades = csv('out/trades.csv');
    const ids = chosenAccounts();
    expect(ids.length).toBeGreaterThanOrEqual(5);
    for (const accountId of ids) {
      const detail = await call<AccountDetail>('book/account', { runId: batch.runId, accountId });
      before.set(accountId, detail);
      const rows = allocations.filter((r) => r.account_id === accountId);
      const held = detail.holdings.filter((h) => h.shares > 0);
      const asWritten = (h: { ticker: string; shares: number | string; price: number | string; value: number | string; weight: number | string }) => ({
        ticker: h.ticker,
        shares: Number(h.shares),
        price: Number(h.price),
        value: Number(h.value),
        weight: Number(h.weight),
      });
      const byTicker = (a: { ticker: string }, b: { ticker: string }) => a.ticker.localeCompare(b.ticker);
      expect(held.map((h) => asWritten({ ...h, value: dollars(h.value), weight: fraction(h.weight) })).sort(byTicker), accountId).toEqual(
        rows.filter((r) => r.ticker !== 'CASH').map((r) => asWritten(r as never)).sort(byTicker),
      );
      const cash = rows.find((r) => r.ticker === 'CASH')!;
      expect([dollars(detail.cash), fraction(detail.cash / detail.value)]).toEqual([Number(cash.value), Number(cash.weight)]);
      const tradeOf = (t: { ticker: string; side: string; shares: number | string; price: number | string | null; value: number | string | null }) =>
        `${t.ticker} ${t.side} ${t.shares} ${t.price ?? ''} ${t.value === null || t.value === '' ? '' : dollars(Number(t.value))}`;
      expect(detail.trades.map(tradeOf).sort(), accountId).toEqual(trades.filter((r) => r.account_id === accountId).map((r) => tradeOf(r as never)).sort());
      expect(detail.outcome.accountId).toBe(accountId);
      expect(detail.account.accountId).toBe(accountId);
    }
    const outside = before.get(csv('holdings.csv').find((r) => r.ticker === OUTSIDE)!.account_id!)!;
    expect(outside.trades).toContainEqual({ ticker: OUTSIDE, side: 'sell', shares: 40, price: null, value: null });
  });

  it('holds every name of the target the account took, held or not, at its stored weight', async () => {
    const detail = [...before.values()].find((d) => d.outcome.target !== null)!;
    const cluster = await call<ClusterDetail>('book/cluster', { runId: batch.runId, clusterId: detail.outcome.target! });
    const inTarget = detail.holdings.filter((h) => h.targetWeight > 0).map((h) => `${h.ticker} ${h.targetWeight}`);
    expect(inTarget.sort()).toEqual(cluster.target.map((t) => `${t.ticker} ${t.weight}`).sort());
  });

  it('is unchanged after the book is imported again (an account revalued within its band with other lots, one removed) and the use case edited', async () => {
    const ids = [...before.keys()];
    const outcomes = new Map(batch.clusters.map((c) => [c.clusterId, c]));
    const lots = csv('holdings.csv');
    // an account of the chosen ones with lots, worth 3 % more and still inside its cluster's band
    const revalued = [...before.values()].find((d) => {
      const band = outcomes.get(d.outcome.clusterId)!.band;
      return lots.some((l) => l.account_id === d.account.accountId && l.ticker !== OUTSIDE) && d.account.value * 1.03 < band.maxValue;
    })!;
    expect(revalued).toBeDefined();
    const removed = ids.find((id) => id !== revalued.account.accountId)!;
    const accounts = csv('accounts.csv')
      .filter((r) => r.account_id !== removed)
      .map((r) => (r.account_id === revalued.account.accountId ? { ...r, value: String(Math.round(Number(r.value) * 103) / 100) } : r));
    writeFileSync(file('accounts2.csv'), stringify(accounts, { header: true }));
    const own = lots.filter((l) => l.account_id === revalued.account.accountId);
    const otherLots = [
      ...lots.filter((l) => l.account_id !== revalued.account.accountId && l.account_id !== removed),
      // every lot of the revalued account doubled, and a new name it did not hold
      ...own.map((l) => ({ ...l, shares: String(2 * Number(l.shares)) })),
      { account_id: revalued.account.accountId, ticker: revalued.holdings.find((h) => !own.some((l) => l.ticker === h.ticker))!.ticker, shares: '7', cost_basis: '', acquired: '' },
    ];
    writeFileSync(file('holdings2.csv'), stringify(otherLots, { header: true, columns: ['account_id', 'ticker', 'shares', 'cost_basis', 'acquired'] }));
    await call('accounts/import', { file: file('accounts2.csv'), holdingsFile: file('holdings2.csv'), book: 'held' });
    const book = await call<AccountRow[]>('accounts/list', { book: 'held' });
    expect(book.some((a) => a.accountId === removed)).toBe(false);
    expect(book.find((a) => a.accountId === revalued.account.accountId)!.value).not.toBe(revalued.account.value);
    await call('usecases/enable', { id: 'periodic-rebalance', component: 'con.cash-buffer', params: { minCash: 0.05 } });
    await call('usecases/set', { id: 'periodic-rebalance', values: { 'con.min-trade.minTrade': 0.02 } });

    // the revalued account first: an Account screen that mapped it again would show other shares and trades
    for (const accountId of [revalued.account.accountId, ...ids.filter((id) => id !== revalued.account.accountId)]) {
      expect(await call<AccountDetail>('book/account', { runId: batch.runId, accountId }), accountId).toEqual(before.get(accountId));
    }
  });

  it('refuses a run stored before allocations were kept, and still shows its clusters', async () => {
    const db = core.services.db;
    keepOutcomesInResult(db, batch.runId);
    // the same run as an older release stored it: the run's row (its outcomes in its result) without its names and allocations
    const older = Number(
      db
        .prepare(
          `INSERT INTO runs (created_at, kind, status, universe, use_case, solver, options, result, machine)
           SELECT created_at, kind, status, universe, use_case, solver, options, result, machine FROM runs WHERE id = ? RETURNING id`,
        )
        .pluck()
        .get(batch.runId),
    );
    const accountId = [...before.keys()][0]!;
    const refused = await core.dispatch('book/account', { runId: older, accountId });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.code).toBe('not-found');
    expect(!refused.ok && refused.error.message).toBe(`batch run ${older} was stored before allocations were kept: run the batch again`);
    const cluster = await call<ClusterDetail>('book/cluster', { runId: older, clusterId: batch.clusters[0]!.clusterId });
    const kept = await call<ClusterDetail>('book/cluster', { runId: batch.runId, clusterId: batch.clusters[0]!.clusterId });
    expect(cluster.target).toEqual(kept.target);
  });

  it('keeps a row per account, and deleting the run deletes them', () => {
    const db = core.services.db;
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table} WHERE run_id = ?`).pluck().get(batch.runId);
    expect(count('batch_allocations')).toBe(batch.accounts);
    expect(count('batch_names')).toBeGreaterThan(0);
    db.prepare('DELETE FROM runs WHERE id = ?').run(batch.runId);
    expect([count('batch_allocations'), count('batch_names')]).toEqual([0, 0]);
  });
});
