import type { Account } from '../../api/book.ts';
import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';
import type { Database } from '../store/database.ts';
import type { MappedBookAccount } from './bookMapping.ts';

/**
 * Every account's allocation as the batch decided it, kept with the run (migration 005), so the Account
 * screen shows what the run did and not what a mapping of today's book under today's use case would do.
 *
 * Layout: `batch_names`, the run's universe once (position, ticker, sector, close at the as-of date,
 * benchmark weight), and `batch_allocations`, one row per account whose JSON points at names by position:
 *   {"account":{…},"names":[p…],"shares":[n…],"trades":[p…],"tradeShares":[±n…],"sold":[["TICKER",n]…]}
 * (`trades` left out when they are the holdings bought from cash; `sold`: names outside the universe, sold
 * whole). Value, cash, tracking error and status are the outcome's, stored in the run's own result in the
 * same transaction; a holding's value and weight are shares × price and that over the value, the products
 * allocations.csv rounds.
 *
 * One row per account rather than one per holding or trade: the screens only ever read one account whole,
 * and a 10,000-account S&P 500 book has 2.5 million holdings and trades, which as rows of their own took 5.1 s
 * to insert and 50 MB of the store, against 0.3 s and 13 MB for these rows (measured side by side on that
 * book's allocations). JSON rather than a packed binary: about 1.06 kB per account (1.33 kB in the store with
 * the key index), where Uint16 positions and Int32 shares with the same shortcut for trades would still be
 * about 1 kB, and JSON stays readable to SQL (json_each) and to a person.
 */
export interface StoredAllocation {
  account: Account;
  /** positions in batch_names held after the trades, and their shares */
  names: number[];
  shares: number[];
  /**
   * positions traded and their signed shares (> 0 bought); both absent when the trades are the holdings
   * themselves, bought from cash (an account holding nothing before): most accounts, whose rows this nearly halves
   */
  trades?: number[];
  tradeShares?: number[];
  /** lots of names outside the universe, sold whole */
  sold: [ticker: string, shares: number][];
}

/** The account's trades as positions and signed shares: the stored ones, or its holdings bought from cash. */
export function tradesOf(stored: StoredAllocation): { names: number[]; shares: number[] } {
  return stored.trades !== undefined ? { names: stored.trades, shares: stored.tradeShares! } : { names: stored.names, shares: stored.shares };
}

/** One name of a stored run's universe. */
export interface BatchName {
  ticker: string;
  sector: string;
  price: number;
  benchmarkWeight: number;
}

/** One account's row, encoded where the account is mapped (a pool thread, a worker) so that the store's transaction stays short. */
export function encodeAllocation(m: MappedBookAccount): string {
  const { names, shares, trades } = m.allocation;
  const boughtFromCash = trades.length === names.length && trades.every((t, k) => t.name === names[k] && t.shares === shares[k]);
  const stored: StoredAllocation = {
    account: m.account,
    names,
    shares,
    ...(boughtFromCash ? {} : { trades: trades.map((t) => t.name), tradeShares: trades.map((t) => t.shares) }),
    sold: m.outside.map((o) => [o.ticker, o.shares]),
  };
  return JSON.stringify(stored);
}

/**
 * Writes the run's names and every account's row; call it inside the transaction that stores the run.
 * Rows the run had are replaced, as saveRun replaces a run saved again under its id.
 */
export function storeAllocations(db: Database, runId: number, problem: TrackingProblem, rows: Iterable<{ accountId: string; allocation: string }>): void {
  db.prepare('DELETE FROM batch_names WHERE run_id = ?').run(runId);
  db.prepare('DELETE FROM batch_allocations WHERE run_id = ?').run(runId);
  const name = db.prepare('INSERT INTO batch_names (run_id, position, ticker, sector, price, benchmark_weight) VALUES (?, ?, ?, ?, ?, ?)');
  problem.tickers.forEach((ticker, i) => name.run(runId, i, ticker, problem.sectors[i]!, problem.prices[i]!, problem.benchmarkWeights[i]!));
  const row = db.prepare('INSERT INTO batch_allocations (run_id, account_id, allocation) VALUES (?, ?, ?)');
  for (const r of rows) row.run(runId, r.accountId, r.allocation);
}

/** The run's universe by position; empty for a run stored before allocations were kept. */
export function batchNames(db: Database, runId: number): BatchName[] {
  return db
    .prepare('SELECT ticker, sector, price, benchmark_weight AS benchmarkWeight FROM batch_names WHERE run_id = ? ORDER BY position')
    .all(runId) as BatchName[];
}

export function storedAllocation(db: Database, runId: number, accountId: string): StoredAllocation | undefined {
  const text = db.prepare('SELECT allocation FROM batch_allocations WHERE run_id = ? AND account_id = ?').pluck().get(runId, accountId) as string | undefined;
  return text === undefined ? undefined : (JSON.parse(text) as StoredAllocation);
}
