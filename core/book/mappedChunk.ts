import type { Account, AccountLot, AccountOutcome } from '../../api/book.ts';
import { BatchCsvLines, type BatchCsvNames } from './batchCsvLines.ts';
import type { AccountMapper } from './bookMapping.ts';
import { encodeAllocation } from './storedAllocations.ts';

/**
 * The unit of mapping work: consecutive accounts of the book (500 by default), each with its lots and its
 * cluster. A chunk maps to the same text and rows wherever it runs (the caller's thread, a pool thread, a worker
 * process on another machine), and the files are the chunks' text in chunk order: so a local batch, a pooled one
 * and a distributed one write the same bytes.
 */
export interface BookChunk {
  /** 0, 1, …: the chunk's place in the book */
  index: number;
  /** the book position of its first account */
  first: number;
  accounts: Account[];
  /** each account's lots, in the order of `accounts` */
  lots: AccountLot[][];
  /** each account's cluster, as an index into the plan's clusters */
  clusters: number[];
}

/** A chunk mapped: the three large files' text, the store's rows and what the batch's summary counts. */
export interface MappedChunk {
  index: number;
  first: number;
  /** allocations.csv, trades.csv and accounts.csv lines of the chunk's accounts, in book order; empty without files */
  allocationsCsv: Uint8Array;
  tradesCsv: Uint8Array;
  accountsCsv: Uint8Array;
  /** each account's stored allocation (storedAllocations.ts) */
  allocations: string[];
  outcomes: AccountOutcome[];
  /** milliseconds spent writing the chunk's lines (the rest of its time is the mapping) */
  formatMs: number;
  /** accounts whose holdings were worth more than their value, and the first few of them */
  stale: number;
  staleIds: string[];
}

export const CHUNK_ACCOUNTS = 500;

/** The book cut into chunks of `size` consecutive accounts, each account with its lots and its cluster. */
export function* bookChunks(
  accounts: readonly Account[],
  lotsOf: (accountId: string) => AccountLot[],
  clusterOf: ArrayLike<number>,
  size: number = CHUNK_ACCOUNTS,
): Generator<BookChunk> {
  for (let first = 0, index = 0; first < accounts.length; first += size, index++) {
    const slice = accounts.slice(first, first + size);
    yield { index, first, accounts: slice, lots: slice.map((a) => lotsOf(a.accountId)), clusters: slice.map((_, k) => clusterOf[first + k]!) };
  }
}

export function mapChunk(mapper: AccountMapper, chunk: BookChunk, csv: BatchCsvNames | null): MappedChunk {
  const { tickers, prices } = mapper.problem;
  const lines = csv ? new BatchCsvLines(tickers, prices, csv) : null;
  const none = new Uint8Array(0);
  const out: MappedChunk = { index: chunk.index, first: chunk.first, allocationsCsv: none, tradesCsv: none, accountsCsv: none, allocations: [], outcomes: [], formatMs: 0, stale: 0, staleIds: [] };
  chunk.accounts.forEach((account, k) => {
    const m = mapper.map(account, chunk.lots[k]!, mapper.plan.clusters[chunk.clusters[k]!]!);
    const outcome = mapper.outcome(m);
    if (m.stale) {
      out.stale++;
      if (out.staleIds.length < 5) out.staleIds.push(account.accountId);
    }
    out.outcomes.push(outcome);
    out.allocations.push(encodeAllocation(m));
    if (lines) {
      const started = performance.now();
      lines.add(m, outcome);
      out.formatMs += performance.now() - started;
    }
  });
  if (lines) {
    out.allocationsCsv = lines.allocations.take();
    out.tradesCsv = lines.trades.take();
    out.accountsCsv = lines.accounts.take();
  }
  return out;
}
