import type { AccountDetail, AccountHolding, AccountOutcome, AccountTrade } from '../../api/book.ts';
import { NotFoundError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { batchNames, storedAllocation, tradesOf } from './storedAllocations.ts';
import { loadStoredBatch, type StoredClusterTarget } from './storedBatch.ts';
import { accountTarget, hasOutcomeRows, outcomeRow } from './storedOutcomes.ts';

/**
 * `book/account`: one account of a stored batch as the run left it: the whole shares, cash and trades it
 * stored (storedAllocations.ts), priced at the run's closes, against the fractional target of the model the
 * account took (`targetWeight`, before the account's own exclusions and size). Nothing is mapped again and
 * nothing is read from the book, the use case or the market as they stand now, so a stored run never
 * changes under the user; the holdings and trades are those of the run's allocations.csv and trades.csv.
 * A run stored before allocations were kept is refused: only running the batch again can say what it did.
 * The outcome and target come from the run's rows (storedOutcomes.ts), or its result read whole for a run without them.
 */
export async function accountDetail(db: Database, runId: number, accountId: string): Promise<AccountDetail> {
  if (!hasOutcomeRows(db, runId)) return accountDetailFromResult(db, runId, accountId);
  const outcome = outcomeRow(db, runId, accountId);
  if (outcome === undefined) throw noAccount(runId, accountId);
  return detail(db, runId, outcome, accountTarget(db, runId, outcome));
}

/** The same from the run's result JSON, parsed whole. */
export async function accountDetailFromResult(db: Database, runId: number, accountId: string): Promise<AccountDetail> {
  const batch = loadStoredBatch(db, runId);
  const outcome = batch.result.outcomes.find((o) => o.accountId === accountId);
  if (outcome === undefined) throw noAccount(runId, accountId);
  // a model is named by its first cluster; an account no target served shows its own cluster's
  const target =
    batch.result.targets.find((t) => t.model === outcome.target) ?? batch.result.targets.find((t) => t.clusterId === outcome.clusterId);
  return detail(db, runId, outcome, target);
}

function noAccount(runId: number, accountId: string): NotFoundError {
  return new NotFoundError(`batch run ${runId} has no account "${accountId}"`, { field: 'accountId' });
}

function detail(db: Database, runId: number, outcome: AccountOutcome, target: StoredClusterTarget | undefined): AccountDetail {
  const names = batchNames(db, runId);
  const stored = names.length > 0 ? storedAllocation(db, runId, outcome.accountId) : undefined;
  if (stored === undefined) throw new NotFoundError(`batch run ${runId} was stored before allocations were kept: run the batch again`, { field: 'runId' });

  const targetWeight = new Map((target?.holdings ?? []).map((h) => [h.ticker, h.weight]));
  const holding = (position: number, shares: number): AccountHolding => {
    const { ticker, price } = names[position]!;
    const value = shares * price;
    return { ticker, shares, price, value, weight: value / outcome.value, targetWeight: targetWeight.get(ticker) ?? 0 };
  };
  const holdings = stored.names.map((p, k) => holding(p, stored.shares[k]!));
  // names of the target the account does not hold (excluded, or too small for a whole share)
  const held = new Set(holdings.map((h) => h.ticker));
  const positionOf = new Map(names.map((n, p) => [n.ticker, p]));
  for (const ticker of targetWeight.keys()) {
    if (!held.has(ticker)) holdings.push(holding(positionOf.get(ticker)!, 0));
  }
  holdings.sort((a, b) => b.targetWeight - a.targetWeight || b.weight - a.weight || a.ticker.localeCompare(b.ticker));
  const traded = tradesOf(stored);
  const trades: AccountTrade[] = [
    ...stored.sold.map(([ticker, shares]): AccountTrade => ({ ticker, side: 'sell', shares, price: null, value: null })),
    ...traded.names.map((p, k): AccountTrade => {
      const { ticker, price } = names[p]!;
      const shares = Math.abs(traded.shares[k]!);
      return { ticker, side: traded.shares[k]! > 0 ? 'buy' : 'sell', shares, price, value: shares * price };
    }),
  ];
  return { runId, account: stored.account, outcome, value: outcome.value, cash: outcome.cash, holdings, trades };
}
