import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchResult } from '../../api/book.ts';
import type { HighsBackend } from '../../solver/highsPool/highsBackend.ts';
import { accountsCsv } from '../accounts/demoBookFiles.ts';
import { createCore, type Core } from '../createCore.ts';
import { ensureDemoMarket } from '../market/demoMarket.ts';
import { universeMembers } from '../market/universeMembers.ts';
import { DemoRandom } from '../market/demoRandom.ts';
import { openServices, type CoreServices } from '../services.ts';

/**
 * Issue 13 on the demo market: a book where every account excludes a name of its own is served by a number
 * of models that does not grow with the accounts, no excluded name is held or bought, and a cluster model
 * that fails leaves no account uninvested.
 */
let home: string;
let services: CoreServices;
let core: Core;
type Row = Record<string, string>;
const csv = (dir: string, file: string): Row[] => parse(readFileSync(path.join(dir, file), 'utf8'), { columns: true }) as Row[];

/** `count` accounts from $12k to $3M, each excluding one name of its own (distinct while there are names), a few a sector too. */
function individualBook(count: number, seed: number): { file: string; exclude: Map<string, string[]> } {
  const members = universeMembers(services.db, 'demo').members.filter((m) => m.weight > 0).sort((a, b) => b.weight - a.weight);
  const random = new DemoRandom(seed);
  const accounts = [...Array(count).keys()].map((k) => {
    const ticker = members[k % members.length]!.ticker;
    const exclude = k % 9 === 4 ? [ticker, 'sector:Energy'] : [ticker];
    return {
      accountId: `B${String(k + 1).padStart(4, '0')}`,
      strategy: 'demo-core',
      value: Math.round(12_000 * Math.exp(random.uniform() * Math.log(250)) * 100) / 100,
      taxStatus: k % 2 === 0 ? ('taxable' as const) : ('deferred' as const),
      exclude: exclude.sort(),
      cash: null,
    };
  });
  const file = path.join(home, `individual-${count}.csv`);
  writeFileSync(file, accountsCsv(accounts));
  return { file, exclude: new Map(accounts.map((a) => [a.accountId, a.exclude])) };
}

async function batch(args: Record<string, unknown>, on: Core = core): Promise<BatchResult> {
  const envelope = await on.dispatch('book/batch', { universe: 'demo', useCase: 'index-tracking', timeLimit: 2, ...args });
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value as BatchResult;
}

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-restrictions-'));
  services = openServices({ home, highsWorkers: 2 });
  core = createCore(services);
  ensureDemoMarket(services.db);
});

afterAll(async () => {
  await services.close();
  rmSync(home, { recursive: true, force: true });
});

describe('a book of individual restrictions', () => {
  it('is served by as many models as the few-accounts book, and holds or buys no excluded name', async () => {
    const small = individualBook(40, 5);
    const large = individualBook(240, 5);
    const outSmall = path.join(home, 'out-40');
    const outLarge = path.join(home, 'out-240');
    const a = await batch({ accountsFile: small.file, out: outSmall });
    const b = await batch({ accountsFile: large.file, out: outLarge });
    const optimize = (r: BatchResult) => r.spans.find((s) => s.name === 'optimize' && s.parent === null)!.attrs as { models: number };
    // 240 accounts, 240 distinct exclusion sets: the models are one per size band and screen family (none, Energy)
    expect(new Set([...large.exclude.values()].map((e) => e.join(';'))).size).toBe(240);
    // one model per size band and screen family at most, with 40 accounts as with 240: nothing per exclusion set
    for (const r of [a, b]) expect(optimize(r).models).toBeLessThanOrEqual(2 * new Set(r.clusters.map((c) => c.band.minValue)).size);
    expect(optimize(b).models).toBeLessThan(240 / 10);
    expect(b.unallocated).toBe(0);
    expect(b.partial).toBe(false);

    const sectorOf = new Map(universeMembers(services.db, 'demo').members.map((m) => [m.ticker, m.sector]));
    const excluded = (id: string, ticker: string) =>
      large.exclude.get(id)!.some((e) => (e.startsWith('sector:') ? sectorOf.get(ticker) === e.slice(7) : e === ticker));
    const held = csv(outLarge, 'allocations.csv').filter((r) => r.ticker !== 'CASH');
    expect(held.length).toBeGreaterThan(240 * 10);
    for (const r of held) expect(excluded(r.account_id!, r.ticker!), `${r.account_id} holds ${r.ticker}`).toBe(false);
    for (const t of csv(outLarge, 'trades.csv')) if (t.side === 'buy') expect(excluded(t.account_id!, t.ticker!)).toBe(false);
    // every account is invested: cash under 5 % of its value
    for (const r of csv(outLarge, 'accounts.csv')) {
      expect(r.status).toBe('allocated');
      expect(Number(r.cash)).toBeLessThan(0.05 * Number(r.value));
    }
  }, 300_000);

  it('leaves no account uninvested when cluster models fail: accounts fall back to the nearest target and say why', async () => {
    const book = individualBook(120, 9);
    // the real pool, except that the max-names heuristic fails: every name-limited (small-account) model has no target
    const real = services.highs();
    const failing: HighsBackend = Object.assign(Object.create(real) as HighsBackend, {
      primalStart: async () => ({ ok: false as const, reason: 'forced to fail by the test' }),
    });
    const forced = createCore({ ...services, highs: () => failing });
    const out = path.join(home, 'out-forced');
    const r = await batch({ accountsFile: book.file, out }, forced);
    expect(r.failedModels.length).toBeGreaterThan(0);
    expect(r.partial).toBe(true);
    const rows = csv(out, 'accounts.csv');
    expect(rows.length).toBe(120);
    const fellBack = rows.filter((x) => x.status === 'fallback');
    expect(fellBack.length).toBe(r.fallback);
    expect(fellBack.length).toBeGreaterThan(0);
    for (const x of fellBack) expect(x.reason).toMatch(/served by model/);
    // nobody left in cash: every account holds names and keeps under 5 % cash, or is listed unallocated with a reason
    for (const x of rows) {
      if (x.status === 'unallocated') expect(x.reason).not.toBe('');
      else {
        expect(Number(x.names)).toBeGreaterThan(0);
        expect(Number(x.cash)).toBeLessThan(0.05 * Number(x.value));
      }
    }
    expect(r.unallocated).toBe(rows.filter((x) => x.status === 'unallocated').length);
  }, 300_000);
});
