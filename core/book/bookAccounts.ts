import type { AccountOutcome } from '../../api/book.ts';
import type { ParsedArgs } from '../../api/methods.ts';
import type { Database } from '../store/database.ts';
import { loadStoredBatch } from './storedBatch.ts';

/**
 * `book/accounts`: a batch run's accounts after the batch, filtered by cluster, value range and the
 * minimum flag, and by strategy and tax status (read from the clusters' keys), in the run's order, at most
 * `limit` of them.
 */
export function bookAccounts(db: Database, args: ParsedArgs<'book/accounts'>): AccountOutcome[] {
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
  for (const o of result.outcomes) {
    if (out.length >= args.limit) break;
    if (keep(o)) out.push(o);
  }
  return out;
}
