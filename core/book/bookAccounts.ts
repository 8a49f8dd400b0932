import type { AccountOutcome } from '../../api/book.ts';
import type { ParsedArgs } from '../../api/methods.ts';
import type { Database } from '../store/database.ts';
import { loadStoredBatch } from './storedBatch.ts';
import { hasOutcomeRows, outcomeRows } from './storedOutcomes.ts';

/**
 * `book/accounts`: a batch run's accounts after the batch, filtered by cluster, value range and the
 * minimum flag, and by strategy and tax status (read from the clusters' keys), in the run's order, at most
 * `limit` of them after the first `offset` that match: from the run's rows (storedOutcomes.ts), or its
 * result read whole for a run without them.
 */
export function bookAccounts(db: Database, args: ParsedArgs<'book/accounts'>): AccountOutcome[] {
  return hasOutcomeRows(db, args.runId) ? outcomeRows(db, args) : bookAccountsFromResult(db, args);
}

/** The same from the run's result JSON, parsed whole. */
export function bookAccountsFromResult(db: Database, args: ParsedArgs<'book/accounts'>): AccountOutcome[] {
  const { result } = loadStoredBatch(db, args.runId);
  const keyOf = new Map(result.clusters.map((c) => [c.clusterId, c.key]));
  const keep = (o: AccountOutcome): boolean => {
    if (args.clusterId !== undefined && o.clusterId !== args.clusterId) return false;
    if (args.minValue !== undefined && o.value < args.minValue) return false;
    if (args.maxValue !== undefined && o.value > args.maxValue) return false;
    if (args.belowMinimum !== undefined && o.belowMinimum !== args.belowMinimum) return false;
    const key = keyOf.get(o.clusterId);
    if (args.strategy !== undefined && key?.strategy !== args.strategy) return false;
    if (args.taxStatus !== undefined && key?.taxStatus !== args.taxStatus) return false;
    return true;
  };
  const out: AccountOutcome[] = [];
  let skipped = 0;
  for (const o of result.outcomes) {
    if (out.length >= args.limit) break;
    if (!keep(o)) continue;
    if (skipped < args.offset) skipped++;
    else out.push(o);
  }
  return out;
}
