import { tradesOf, type StoredAllocation } from '../book/storedAllocations.ts';
import { copyRow } from './copyText.ts';
import type { ScopeSource, TeamTable } from './teamTables.ts';

/**
 * A batch run's allocations as rows: the store keeps one JSON row per account pointing at the run's names by
 * position (core/book/storedAllocations.ts); the team database has a row per holding and per trade, which is what
 * a dashboard aggregates. Read one account at a time: 10,000 accounts are 2.5 million rows.
 */
interface RunNames {
  tickers: string[];
  prices: number[];
}

function runNames(s: ScopeSource): RunNames {
  return s.memo('names', () => {
    const tickers: string[] = [];
    const prices: number[] = [];
    for (const [position, ticker, price] of s.iterate('SELECT position, ticker, price FROM batch_names WHERE run_id = ?', Number(s.scope))) {
      tickers[position as number] = ticker as string;
      prices[position as number] = price as number;
    }
    return { tickers, prices };
  });
}

/** Every account's allocation, parsed one at a time, with the run's names read before the first. */
function* allocations(s: ScopeSource): Generator<[string, StoredAllocation, RunNames]> {
  const names = runNames(s);
  for (const [accountId, text] of s.iterate('SELECT account_id, allocation FROM batch_allocations WHERE run_id = ?', Number(s.scope))) {
    yield [accountId as string, JSON.parse(text as string) as StoredAllocation, names];
  }
}

function nameAt(names: RunNames, position: number, accountId: string): string {
  const ticker = names.tickers[position];
  if (ticker === undefined) throw new Error(`account ${accountId} holds name ${position}, which the run's batch_names lack`);
  return ticker;
}

export const batchAllocationTables: readonly TeamTable[] = [
  {
    name: 'batch_holdings',
    entity: 'run',
    columns: ['store_id', 'run_id', 'account_id', 'ticker', 'shares', 'price'],
    scopeColumn: 'run_id',
    *lines(s) {
      const id = Number(s.scope);
      for (const [accountId, a, names] of allocations(s)) {
        for (let k = 0; k < a.names.length; k++) {
          const p = a.names[k]!;
          yield copyRow([id, accountId, nameAt(names, p, accountId), a.shares[k], names.prices[p]]);
        }
      }
    },
    estimate: (s) => s.number("SELECT sum(json_array_length(allocation, '$.names')) FROM batch_allocations WHERE run_id = ?", Number(s.scope)),
  },
  {
    name: 'batch_trades',
    entity: 'run',
    columns: ['store_id', 'run_id', 'account_id', 'ticker', 'shares', 'price'],
    scopeColumn: 'run_id',
    // shares signed (> 0 bought); names outside the run's universe are sold whole, at no price the run knew
    *lines(s) {
      const id = Number(s.scope);
      for (const [accountId, a, names] of allocations(s)) {
        const trades = tradesOf(a);
        for (let k = 0; k < trades.names.length; k++) {
          const p = trades.names[k]!;
          yield copyRow([id, accountId, nameAt(names, p, accountId), trades.shares[k], names.prices[p]]);
        }
        const sold = new Map<string, number>();
        for (const [ticker, shares] of a.sold) sold.set(ticker, (sold.get(ticker) ?? 0) + shares);
        for (const [ticker, shares] of sold) yield copyRow([id, accountId, ticker, -shares, null]);
      }
    },
    estimate: (s) =>
      s.number(
        `SELECT sum(coalesce(json_array_length(allocation, '$.trades'), json_array_length(allocation, '$.names')) + coalesce(json_array_length(allocation, '$.sold'), 0))
         FROM batch_allocations WHERE run_id = ?`,
        Number(s.scope),
      ),
  },
];
