import type { AccountOutcome } from '../../../api/book.ts';
import type { Database } from '../../store/database.ts';

/**
 * Puts a batch run's outcomes (as its rows hold them) into its result JSON, as a Jessica before the streamed batch
 * stored them: the tests of the screens' reads of older runs make such a run out of a new one.
 */
export function keepOutcomesInResult(db: Database, runId: number): AccountOutcome[] {
  const rows = db
    .prepare(
      `SELECT account_id, cluster_id, value, cash, names, tracking_error, trades, below_minimum, status, target, reason
       FROM batch_outcomes WHERE run_id = ? ORDER BY position`,
    )
    .all(runId) as Record<string, string | number | null>[];
  const outcomes: AccountOutcome[] = rows.map((r) => ({
    accountId: r.account_id as string,
    clusterId: r.cluster_id as string,
    value: r.value as number,
    cash: r.cash as number,
    names: r.names as number,
    trackingError: r.tracking_error as number,
    trades: r.trades as number,
    belowMinimum: r.below_minimum === 1,
    status: r.status as AccountOutcome['status'],
    target: r.target as string | null,
    reason: r.reason as string | null,
  }));
  db.prepare("UPDATE runs SET result = json_set(result, '$.outcomes', json(?)) WHERE id = ?").run(JSON.stringify(outcomes), runId);
  return outcomes;
}
