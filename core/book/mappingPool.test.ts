import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, AccountLot, AccountOutcome } from '../../api/book.ts';
import { clusterAccounts, type BookCluster } from '../../solver/book/clustering.ts';
import { TrackingCovariance } from '../../solver/tracking/trackingCovariance.ts';
import { buildTrackingProblem } from '../../solver/tracking/trackingUniverse.ts';
import { readAccountBook } from '../accounts/accountBook.ts';
import { generateAccounts } from '../accounts/demoBookFiles.ts';
import { Cancelled } from '../errors.ts';
import { ensureDemoMarket } from '../market/demoMarket.ts';
import { readPricePanel } from '../market/pricePanelReader.ts';
import { openServices, type CoreServices } from '../services.ts';
import { findUseCase } from '../usecases/findUseCase.ts';
import { ACCOUNT_COLUMNS, ALLOCATION_COLUMNS, TRADE_COLUMNS, type BatchCsvNames } from './batchCsvLines.ts';
import { AccountMapper, mappingPlan, type MappingPlan } from './bookMapping.ts';
import { clusterModels, solveClusterTargets } from './clusterTargets.ts';
import { bookChunks } from './mappedChunk.ts';
import { CallerThreadMapping, chunkMapping, mapChunks, MappingThreads } from './mappingPool.ts';

/**
 * The book mapped in chunks gives the same bytes whoever maps them: the caller's thread, two pool threads, chunks of
 * another size; and those bytes are what csv-stringify writes for each account mapped on its own (the format the
 * batch files had before chunks). On a demo book of 1,300 accounts, each with restrictions of its own.
 */
let home: string;
let services: CoreServices;
let plan: MappingPlan;
let accounts: Account[];
let lotsOf: (id: string) => AccountLot[];
let clusterOf: Int32Array;
const names: BatchCsvNames = { allocations: 'out/allocations.csv', trades: 'out/trades.csv', accounts: 'out/accounts.csv' };

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-mapping-'));
  services = openServices({ home, highsWorkers: 2 });
  ensureDemoMarket(services.db);
  const files = { out: path.join(home, 'accounts.csv'), holdingsOut: path.join(home, 'lots.csv') };
  generateAccounts(services.db, { count: 1300, seed: 11, universe: 'demo', ...files, restrictions: 'individual' });
  const book = await readAccountBook(files.out, files.holdingsOut);
  accounts = book.accounts;
  const lots = new Map<string, AccountLot[]>();
  for (const lot of book.lots) lots.set(lot.accountId, [...(lots.get(lot.accountId) ?? []), lot]);
  lotsOf = (id) => lots.get(id) ?? [];
  const problem = buildTrackingProblem(readPricePanel(services.db, 'demo', { lookback: 252 }));
  const covariance = new TrackingCovariance(problem);
  const useCase = findUseCase(services.db, 'index-tracking');
  const { clusters } = clusterAccounts(accounts, { universe: problem });
  const { models } = clusterModels(clusters, problem, useCase);
  const targets = await solveClusterTargets(models, { pool: services.highs(), cache: services.assemblyCache, problem, budgetSec: 1, lpTimeLimitSec: 10 });
  plan = mappingPlan({ clusters, models, targets, problem, covariance, useCase });
  clusterOf = new Int32Array(accounts.length);
  clusters.forEach((c: BookCluster, k) => c.members.forEach((i) => (clusterOf[i] = k)));
}, 300_000);

afterAll(async () => {
  await services?.close();
  rmSync(home, { recursive: true, force: true });
});

interface Mapped {
  allocations: Buffer;
  trades: Buffer;
  accounts: Buffer;
  outcomes: AccountOutcome[];
  rows: string[];
  chunks: number[];
}

async function mapBook(threads: number, size: number, signal?: AbortSignal): Promise<Mapped> {
  const parts = { allocations: [] as Uint8Array[], trades: [] as Uint8Array[], accounts: [] as Uint8Array[] };
  const out: Mapped = { allocations: Buffer.alloc(0), trades: Buffer.alloc(0), accounts: Buffer.alloc(0), outcomes: [], rows: [], chunks: [] };
  await mapChunks(plan, bookChunks(accounts, lotsOf, clusterOf, size), {
    threads,
    csv: names,
    ...(signal ? { signal } : {}),
    onChunk: (chunk) => {
      out.chunks.push(chunk.index);
      parts.allocations.push(chunk.allocationsCsv);
      parts.trades.push(chunk.tradesCsv);
      parts.accounts.push(chunk.accountsCsv);
      out.outcomes.push(...chunk.outcomes);
      out.rows.push(...chunk.allocations);
    },
  });
  return { ...out, allocations: Buffer.concat(parts.allocations), trades: Buffer.concat(parts.trades), accounts: Buffer.concat(parts.accounts) };
}

const dollars = (v: number) => Math.round(v * 100) / 100;
const fraction = (v: number) => Math.round(v * 1e10) / 1e10;

describe('the book mapped in chunks', () => {
  it('gives the same bytes on one thread, on two pool threads and in chunks of another size, in book order', async () => {
    const alone = await mapBook(1, 500);
    const pooled = await mapBook(2, 500);
    const small = await mapBook(2, 97);
    expect(pooled.chunks).toEqual([0, 1, 2]);
    expect(small.chunks).toEqual(Array.from({ length: 14 }, (_, k) => k));
    for (const other of [pooled, small]) {
      expect(other.allocations.equals(alone.allocations)).toBe(true);
      expect(other.trades.equals(alone.trades)).toBe(true);
      expect(other.accounts.equals(alone.accounts)).toBe(true);
      expect(other.outcomes).toEqual(alone.outcomes);
      expect(other.rows).toEqual(alone.rows);
    }
    expect(alone.outcomes.map((o) => o.accountId)).toEqual(accounts.map((a) => a.accountId));
    // most accounts have restrictions of their own, and most are served by their own cluster's model
    expect(alone.outcomes.filter((o) => o.status === 'allocated').length).toBeGreaterThan(1200);
  }, 120_000);

  it('writes what csv-stringify writes for every account mapped on its own', async () => {
    const chunked = await mapBook(2, 250);
    const mapper = new AccountMapper(plan);
    const { tickers, prices } = plan.problem;
    const rows = { allocations: [] as unknown[][], trades: [] as unknown[][], accounts: [] as unknown[][] };
    accounts.forEach((account, k) => {
      const m = mapper.map(account, lotsOf(account.accountId), plan.clusters[clusterOf[k]!]!);
      const o = mapper.outcome(m);
      const id = account.accountId;
      m.allocation.names.forEach((i, j) => {
        const value = m.allocation.shares[j]! * prices[i]!;
        rows.allocations.push([id, tickers[i], m.allocation.shares[j], prices[i], dollars(value), fraction(value / m.value)]);
      });
      rows.allocations.push([id, 'CASH', '', 1, dollars(m.allocation.cash), fraction(m.allocation.cash / m.value)]);
      for (const s of m.outside) rows.trades.push([id, s.ticker, 'sell', s.shares, '', '']);
      for (const t of m.allocation.trades) {
        const shares = Math.abs(t.shares);
        rows.trades.push([id, tickers[t.name], t.shares > 0 ? 'buy' : 'sell', shares, prices[t.name], dollars(shares * prices[t.name]!)]);
      }
      rows.accounts.push([id, o.clusterId, dollars(o.value), dollars(o.cash), o.names, fraction(o.trackingError), o.trades, o.belowMinimum, o.status, o.target ?? '', o.reason ?? '']);
    });
    const written = (r: unknown[][]) => stringify(r, { cast: { boolean: (b: boolean) => String(b) } });
    expect(chunked.allocations.toString('utf8')).toBe(written(rows.allocations));
    expect(chunked.trades.toString('utf8')).toBe(written(rows.trades));
    expect(chunked.accounts.toString('utf8')).toBe(written(rows.accounts));
    // the headers the files start with are the columns each row above has
    expect([ALLOCATION_COLUMNS.length, TRADE_COLUMNS.length, ACCOUNT_COLUMNS.length]).toEqual([rows.allocations[0]!.length, rows.trades[0]!.length, rows.accounts[0]!.length]);
    // and the whole shares are an allocation: each account's weights with its cash sum to 1
    const weight = new Map<string, number>();
    for (const r of rows.allocations) weight.set(r[0] as string, (weight.get(r[0] as string) ?? 0) + (r[5] as number));
    for (const [id, w] of weight) expect(w, id).toBeCloseTo(1, 6);
  }, 120_000);

  it("maps a worker's chunks on its own thread with one thread, on pool threads with more, the same bytes either way", async () => {
    const alone = await mapBook(1, 500);
    for (const threads of [1, 2]) {
      const mapping = chunkMapping(plan, names, threads);
      expect(mapping).toBeInstanceOf(threads === 1 ? CallerThreadMapping : MappingThreads);
      try {
        // the chunks in reverse, as a worker may be handed them
        const chunks = [...bookChunks(accounts, lotsOf, clusterOf, 500)].reverse();
        const mapped = (await Promise.all(chunks.map((c) => mapping.map(c)))).map((m) => m.chunk).sort((a, b) => a.index - b.index);
        expect(Buffer.concat(mapped.map((m) => m.allocationsCsv)).equals(alone.allocations)).toBe(true);
        expect(Buffer.concat(mapped.map((m) => m.tradesCsv)).equals(alone.trades)).toBe(true);
        expect(mapped.flatMap((m) => m.outcomes)).toEqual(alone.outcomes);
        const cancelled = new AbortController();
        cancelled.abort();
        await expect(mapping.map(chunks[0]!, cancelled.signal)).rejects.toThrow();
      } finally {
        await mapping.close();
      }
    }
  }, 120_000);

  it('stops on a cancel between chunks, the pool closed', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(mapBook(2, 100, controller.signal)).rejects.toBeInstanceOf(Cancelled);
    await expect(mapBook(1, 100, controller.signal)).rejects.toBeInstanceOf(Cancelled);
  });
});
