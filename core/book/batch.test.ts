import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchResult } from '../../api/book.ts';
import { generateAccounts } from '../accounts/demoBookFiles.ts';
import { createCore, type Core } from '../createCore.ts';
import { ensureDemoMarket } from '../market/demoMarket.ts';
import { universeMembers } from '../market/universeMembers.ts';
import { openServices } from '../services.ts';

let home: string;
let core: Core;
let result: BatchResult;
const out = () => path.join(home, 'out');

type Row = Record<string, string>;
const csv = (file: string): Row[] => parse(readFileSync(path.join(out(), file), 'utf8'), { columns: true }) as Row[];

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-batch-'));
  core = createCore(openServices({ home, highsWorkers: 2 }));
  ensureDemoMarket(core.services.db);
  generateAccounts(core.services.db, {
    count: 240,
    seed: 3,
    universe: 'demo',
    out: path.join(home, 'accounts.csv'),
    holdingsOut: path.join(home, 'holdings.csv'),
    // the few-sets book: a handful of clusters keeps the batch quick
    restrictions: 'sets',
  });
  // periodic-rebalance: every trade at least 0.5 % of the account (con.min-trade), mapped per account
  const envelope = await core.dispatch('book/batch', {
    accountsFile: path.join(home, 'accounts.csv'),
    holdingsFile: path.join(home, 'holdings.csv'),
    universe: 'demo',
    useCase: 'periodic-rebalance',
    timeLimit: 2,
    audit: 3,
    out: out(),
  });
  if (!envelope.ok) throw new Error(envelope.error.message);
  result = envelope.value as BatchResult;
}, 300_000);

afterAll(async () => {
  await core?.services.close();
  rmSync(home, { recursive: true, force: true });
});

describe('book/batch on a demo book', () => {
  it('writes every account once to accounts.csv and at least its CASH row to allocations.csv', () => {
    const accounts = csv('../accounts.csv').map((r) => r.account_id!);
    const outcomes = csv('accounts.csv');
    expect(outcomes.map((r) => r.account_id).sort()).toEqual([...accounts].sort());
    const allocated = new Set(csv('allocations.csv').map((r) => r.account_id));
    expect([...allocated].sort()).toEqual([...accounts].sort());
    expect(result.accounts).toBe(accounts.length);
  });

  it('holds whole shares worth their price, cash ≥ 0, and adds up to each account value', () => {
    const values = new Map(csv('accounts.csv').map((r) => [r.account_id!, Number(r.value)]));
    const sums = new Map<string, number>();
    for (const r of csv('allocations.csv')) {
      if (r.ticker === 'CASH') expect(Number(r.value)).toBeGreaterThanOrEqual(0);
      else {
        const shares = Number(r.shares);
        expect(Number.isInteger(shares) && shares > 0).toBe(true);
        expect(Number(r.value)).toBeCloseTo(shares * Number(r.price), 1);
      }
      sums.set(r.account_id!, (sums.get(r.account_id!) ?? 0) + Number(r.value));
    }
    for (const [id, v] of values) expect(sums.get(id)!).toBeCloseTo(v, 0);
  });

  it('never holds or buys an excluded name, and sells the excluded names an account held', () => {
    const sectorOf = new Map(universeMembers(core.services.db, 'demo').members.map((m) => [m.ticker, m.sector]));
    const excludes = new Map(
      csv('../accounts.csv').map((r) => [r.account_id!, (r.exclude ?? '').split(';').filter((e) => e !== '')]),
    );
    const excluded = (id: string, ticker: string) =>
      excludes.get(id)!.some((e) => (e.startsWith('sector:') ? sectorOf.get(ticker) === e.slice(7) : e === ticker));
    for (const r of csv('allocations.csv')) if (r.ticker !== 'CASH') expect(excluded(r.account_id!, r.ticker!), `${r.account_id} ${r.ticker}`).toBe(false);
    for (const r of csv('trades.csv')) if (r.side === 'buy') expect(excluded(r.account_id!, r.ticker!)).toBe(false);
    const heldExcluded = csv('../holdings.csv').filter((l) => excluded(l.account_id!, l.ticker!));
    expect(heldExcluded.length).toBeGreaterThan(0);
    const sells = new Set(csv('trades.csv').filter((t) => t.side === 'sell').map((t) => `${t.account_id} ${t.ticker}`));
    for (const l of heldExcluded) expect(sells.has(`${l.account_id} ${l.ticker}`)).toBe(true);
  });

  it('trades from the holdings to the allocation, none below 0.5 % of the account but whole sales', () => {
    const held = new Map<string, number>();
    for (const l of csv('../holdings.csv')) held.set(`${l.account_id} ${l.ticker}`, (held.get(`${l.account_id} ${l.ticker}`) ?? 0) + Number(l.shares));
    const final = new Map<string, number>();
    for (const r of csv('allocations.csv')) if (r.ticker !== 'CASH') final.set(`${r.account_id} ${r.ticker}`, Number(r.shares));
    const values = new Map(csv('accounts.csv').map((r) => [r.account_id!, Number(r.value)]));
    const traded = new Map<string, number>();
    for (const t of csv('trades.csv')) {
      const key = `${t.account_id} ${t.ticker}`;
      const shares = Number(t.shares);
      expect(Number.isInteger(shares) && shares > 0).toBe(true);
      traded.set(key, (t.side === 'buy' ? 1 : -1) * shares);
      const wholeSale = t.side === 'sell' && !final.has(key);
      if (!wholeSale) expect(Number(t.value)).toBeGreaterThanOrEqual(0.005 * values.get(t.account_id!)! - 0.01);
    }
    for (const key of new Set([...held.keys(), ...final.keys()])) {
      expect((held.get(key) ?? 0) + (traded.get(key) ?? 0), key).toBe(final.get(key) ?? 0);
    }
  });

  it('clusters.csv lists every cluster, and run.json has a span per cluster under optimize', () => {
    const clusters = csv('clusters.csv');
    expect(clusters.length).toBe(result.clusters.length);
    expect(clusters.reduce((s, c) => s + Number(c.accounts), 0)).toBe(result.accounts);
    const run = JSON.parse(readFileSync(path.join(out(), 'run.json'), 'utf8')) as BatchResult;
    const optimize = run.spans.find((s) => s.name === 'optimize' && s.parent === null)!;
    const children = run.spans.filter((s) => s.parent === optimize.id).map((s) => s.name).sort();
    expect(children).toEqual(clusters.map((c) => c.cluster_id).sort());
    for (const stage of ['load', 'returns', 'cluster', 'optimize', 'map', 'audit', 'write', 'persist']) {
      expect(run.spans.some((s) => s.name === stage && s.parent === null), stage).toBe(true);
    }
    // every account's tracking error is what its allocation earns: the reported median is one of them
    const te = csv('accounts.csv').map((r) => Number(r.tracking_error));
    expect(te.every((x) => x > 0 && x < 0.2)).toBe(true);
    expect(run.audit!.ratios.length).toBe(3);
    for (const r of run.audit!.ratios) {
      expect(r.individual).not.toBeNull();
      expect(r.ratio).toBeCloseTo(r.batch / r.individual!, 10);
      expect(r.ratioOwnLp).toBeCloseTo(r.batch / r.ownLpRounded!, 10);
    }
  });

  it('runs a book stored by accounts/import, as the same accounts from the file', async () => {
    const small = path.join(home, 'small.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(small, readFileSync(path.join(home, 'accounts.csv'), 'utf8').split('\n').slice(0, 31).join('\n') + '\n');
    const imported = await core.dispatch('accounts/import', { file: small, book: 'small' });
    expect(imported.ok).toBe(true);
    const envelope = await core.dispatch('book/batch', { book: 'small', universe: 'demo', useCase: 'index-tracking', timeLimit: 2 });
    if (!envelope.ok) throw new Error(envelope.error.message);
    const r = envelope.value as BatchResult;
    expect(r.accounts).toBe(30);
    expect(r.clusters.reduce((s, c) => s + c.accounts, 0)).toBe(30);
    expect(r.files).toEqual([]);
  }, 180_000);

  it('rejects bad account rows with their line and writes nothing', async () => {
    const bad = path.join(home, 'bad.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bad, 'account_id,strategy,value,tax_status,exclude\nA1,core,50000,taxable,\nA2,core,-3,taxable,\n');
    const dir = path.join(home, 'bad-out');
    const envelope = await core.dispatch('book/batch', { accountsFile: bad, universe: 'demo', useCase: 'index-tracking', out: dir });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.code).toBe('bad-input');
      expect(envelope.error.message).toMatch(/line 3/);
    }
    expect(existsSync(dir)).toBe(false);
  });
});
