import type { AccountOutcome, AccountStatus, BatchRunSummary, ClusterSummary } from '../../api/book.ts';
import type { ParsedArgs } from '../../api/methods.ts';
import type { Database } from '../store/database.ts';
import type { StoredBatch, StoredClusterTarget } from './storedBatch.ts';

/**
 * A stored batch as rows the screens query (migration 008): the run's figures (`batch_summaries`), each cluster's
 * summary and target (`batch_cluster_summaries`), each account's outcome in the run's order (`batch_outcomes`).
 * The run's result JSON holds the same, whole: a page of accounts, one cluster or one account read from it cost a
 * parse of megabytes (a 10,000-account batch's result is 3 MB), read from these rows a range of an index.
 *
 * Written by the batch in its run's transaction (storeOutcomes); the runs stored before migration 008 were
 * backfilled by it. A run without rows (one a Jessica older than this step stored into this store) is read whole
 * from its result by the callers instead (hasOutcomeRows).
 */

/** Whether `runId` has its rows: a batch run that stored its accounts, since migration 008 or backfilled by it. */
export function hasOutcomeRows(db: Database, runId: number): boolean {
  return db.prepare('SELECT 1 FROM batch_summaries WHERE run_id = ?').get(runId) !== undefined;
}

/** What a batch stores in its result that the rows hold. */
export type OutcomeSource = Pick<
  StoredBatch['result'],
  'asOf' | 'accounts' | 'clusters' | 'belowMinimum' | 'fallback' | 'unallocated' | 'trackingError' | 'seconds' | 'targets'
> & { outcomes?: readonly AccountOutcome[] };

/**
 * Writes the run's rows; call it inside the transaction that stores the run. Rows the run had are replaced, as
 * saveRun replaces a run saved again under its id. The outcomes are the batch's as it gathered them (a batch's
 * result no longer holds them: 100,000 accounts are 20 MB of JSON), or those of a result stored before.
 */
export function storeOutcomes(db: Database, runId: number, result: OutcomeSource, outcomes: Iterable<AccountOutcome> = result.outcomes ?? []): void {
  for (const table of ['batch_summaries', 'batch_cluster_summaries', 'batch_outcomes']) db.prepare(`DELETE FROM ${table} WHERE run_id = ?`).run(runId);
  const te = result.trackingError;
  db.prepare(
    `INSERT INTO batch_summaries (run_id, as_of, accounts, clusters, below_minimum, fallback, unallocated, te_median, te_p90, te_max, seconds)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(runId, result.asOf, result.accounts, result.clusters.length, result.belowMinimum, result.fallback, result.unallocated, te.median, te.p90, te.max, result.seconds);

  // a cluster's target is the first the result lists for it (clusters sharing a model share its holdings)
  const targetOf = new Map<string, StoredClusterTarget>();
  for (const t of result.targets) if (!targetOf.has(t.clusterId)) targetOf.set(t.clusterId, t);
  const cluster = db.prepare(
    'INSERT INTO batch_cluster_summaries (run_id, cluster_id, position, strategy, tax_status, summary, model, target) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  result.clusters.forEach((c, position) => {
    const target = targetOf.get(c.clusterId);
    cluster.run(runId, c.clusterId, position, c.key.strategy, c.key.taxStatus, JSON.stringify(c), target?.model ?? null, target ? JSON.stringify(target) : null);
  });

  const outcome = db.prepare(
    `INSERT INTO batch_outcomes (run_id, position, account_id, cluster_id, value, cash, names, tracking_error, trades, below_minimum, status, target, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let position = 0;
  for (const o of outcomes) {
    outcome.run(runId, position++, o.accountId, o.clusterId, o.value, o.cash, o.names, o.trackingError, o.trades, o.belowMinimum ? 1 : 0, o.status, o.target, o.reason);
  }
}

interface SummaryRow {
  run_id: number;
  created_at: string;
  status: string;
  universe: string | null;
  use_case: string | null;
  as_of: string;
  accounts: number;
  clusters: number;
  below_minimum: number;
  fallback: number;
  unallocated: number;
  te_median: number | null;
  te_p90: number | null;
  te_max: number | null;
  seconds: number;
}

const summaryColumns = `r.id AS run_id, r.created_at, r.status, r.universe, r.use_case, s.as_of, s.accounts, s.clusters, s.below_minimum, s.fallback,
  s.unallocated, s.te_median, s.te_p90, s.te_max, s.seconds`;

function toRunSummary(r: SummaryRow): BatchRunSummary {
  const trackingError = r.te_median === null && r.te_p90 === null && r.te_max === null ? null : { median: r.te_median!, p90: r.te_p90!, max: r.te_max! };
  return {
    runId: r.run_id,
    createdAt: r.created_at,
    status: r.status,
    universe: r.universe ?? '',
    useCase: r.use_case ?? '',
    asOf: r.as_of,
    accounts: r.accounts,
    clusters: r.clusters,
    belowMinimum: r.below_minimum,
    fallback: r.fallback,
    unallocated: r.unallocated,
    // a run stored without the figures says so with null, as its result did
    trackingError: trackingError as BatchRunSummary['trackingError'],
    seconds: r.seconds,
  };
}

/** The batch runs with rows, newest first, at most `limit`. */
export function summaryRows(db: Database, limit: number): BatchRunSummary[] {
  const rows = db
    .prepare(`SELECT ${summaryColumns} FROM batch_summaries s JOIN runs r ON r.id = s.run_id ORDER BY r.created_at DESC, r.id DESC LIMIT ?`)
    .all(limit) as SummaryRow[];
  return rows.map(toRunSummary);
}

/** One batch run's figures; undefined when it has no rows. */
export function summaryRow(db: Database, runId: number): BatchRunSummary | undefined {
  const row = db.prepare(`SELECT ${summaryColumns} FROM batch_summaries s JOIN runs r ON r.id = s.run_id WHERE s.run_id = ?`).get(runId) as SummaryRow | undefined;
  return row === undefined ? undefined : toRunSummary(row);
}

/** Every cluster's summary, in the result's order. */
export function clusterRows(db: Database, runId: number): ClusterSummary[] {
  const texts = db.prepare('SELECT summary FROM batch_cluster_summaries WHERE run_id = ? ORDER BY position').pluck().all(runId) as string[];
  return texts.map((t) => JSON.parse(t) as ClusterSummary);
}

/** One cluster's summary and its target (undefined when the run kept none); undefined when the run has no such cluster. */
export function clusterRow(db: Database, runId: number, clusterId: string): { summary: ClusterSummary; target: StoredClusterTarget | undefined } | undefined {
  const row = db.prepare('SELECT summary, target FROM batch_cluster_summaries WHERE run_id = ? AND cluster_id = ?').get(runId, clusterId) as
    | { summary: string; target: string | null }
    | undefined;
  if (row === undefined) return undefined;
  return { summary: JSON.parse(row.summary) as ClusterSummary, target: row.target === null ? undefined : (JSON.parse(row.target) as StoredClusterTarget) };
}

/** The clusters the run has and the first of them, for a message naming a cluster it has not. */
export function clusterCount(db: Database, runId: number): { clusters: number; first: string } {
  const row = db.prepare('SELECT count(*) AS clusters, min(cluster_id) AS first FROM batch_cluster_summaries WHERE run_id = ?').get(runId) as { clusters: number; first: string | null };
  return { clusters: row.clusters, first: row.first ?? '' };
}

/**
 * The target an account took: the model's it names (every cluster of a model keeps the model's holdings), else its
 * own cluster's (an account no target served).
 */
export function accountTarget(db: Database, runId: number, outcome: AccountOutcome): StoredClusterTarget | undefined {
  const text =
    (outcome.target === null
      ? undefined
      : (db.prepare('SELECT target FROM batch_cluster_summaries WHERE run_id = ? AND model = ? ORDER BY position LIMIT 1').pluck().get(runId, outcome.target) as string | undefined)) ??
    (db.prepare('SELECT target FROM batch_cluster_summaries WHERE run_id = ? AND cluster_id = ?').pluck().get(runId, outcome.clusterId) as string | null | undefined);
  return text === undefined || text === null ? undefined : (JSON.parse(text) as StoredClusterTarget);
}

interface OutcomeRow {
  account_id: string;
  cluster_id: string;
  value: number;
  cash: number;
  names: number;
  tracking_error: number;
  trades: number;
  below_minimum: number;
  status: string;
  target: string | null;
  reason: string | null;
}

const outcomeColumns = 'o.account_id, o.cluster_id, o.value, o.cash, o.names, o.tracking_error, o.trades, o.below_minimum, o.status, o.target, o.reason';

function toOutcome(r: OutcomeRow): AccountOutcome {
  return {
    accountId: r.account_id,
    clusterId: r.cluster_id,
    value: r.value,
    cash: r.cash,
    names: r.names,
    trackingError: r.tracking_error,
    trades: r.trades,
    belowMinimum: r.below_minimum === 1,
    status: r.status as AccountStatus,
    target: r.target,
    reason: r.reason,
  };
}

/** Every account of a run from its rows, in the run's order (read one at a time: a run may have a million). */
export function* runOutcomes(db: Database, runId: number): Generator<AccountOutcome> {
  for (const r of db.prepare(`SELECT ${outcomeColumns} FROM batch_outcomes o WHERE o.run_id = ? ORDER BY o.position`).iterate(runId)) yield toOutcome(r as OutcomeRow);
}

export function outcomeCount(db: Database, runId: number): number {
  return db.prepare('SELECT count(*) FROM batch_outcomes WHERE run_id = ?').pluck().get(runId) as number;
}

/**
 * `book/accounts` from the rows: the filters as SQL (strategy and tax status from the account's cluster), in the
 * run's order, `limit` of them after the first `offset`. Only the filters given are in the statement, so a
 * cluster's members are a range of the cluster index and the whole book a range of the primary key.
 */
export function outcomeRows(db: Database, args: ParsedArgs<'book/accounts'>): AccountOutcome[] {
  const where = ['o.run_id = @runId'];
  const params: Record<string, unknown> = { runId: args.runId, limit: args.limit, offset: args.offset };
  const when = (value: unknown, condition: string, name: string, bound: unknown = value): void => {
    if (value === undefined) return;
    where.push(condition);
    params[name] = bound;
  };
  when(args.clusterId, 'o.cluster_id = @clusterId', 'clusterId');
  when(args.minValue, 'o.value >= @minValue', 'minValue');
  when(args.maxValue, 'o.value <= @maxValue', 'maxValue');
  when(args.belowMinimum, 'o.below_minimum = @belowMinimum', 'belowMinimum', args.belowMinimum ? 1 : 0);
  when(args.strategy, 'c.strategy = @strategy', 'strategy');
  when(args.taxStatus, 'c.tax_status = @taxStatus', 'taxStatus');
  const byCluster = args.strategy !== undefined || args.taxStatus !== undefined;
  const rows = db
    .prepare(
      `SELECT ${outcomeColumns} FROM batch_outcomes o
       ${byCluster ? 'JOIN batch_cluster_summaries c ON c.run_id = o.run_id AND c.cluster_id = o.cluster_id' : ''}
       WHERE ${where.join(' AND ')} ORDER BY o.position LIMIT @limit OFFSET @offset`,
    )
    .all(params) as OutcomeRow[];
  return rows.map(toOutcome);
}

/** One account's outcome; undefined when the run has no such account. */
export function outcomeRow(db: Database, runId: number, accountId: string): AccountOutcome | undefined {
  const row = db.prepare(`SELECT ${outcomeColumns} FROM batch_outcomes o WHERE o.run_id = ? AND o.account_id = ?`).get(runId, accountId) as OutcomeRow | undefined;
  return row === undefined ? undefined : toOutcome(row);
}

/** The figures of a cluster's every member its dispersion is taken over. */
export function memberFigures(db: Database, runId: number, clusterId: string): { trackingError: number; cash: number; value: number }[] {
  return db
    .prepare('SELECT tracking_error AS trackingError, cash, value FROM batch_outcomes WHERE run_id = ? AND cluster_id = ? ORDER BY position')
    .all(runId, clusterId) as { trackingError: number; cash: number; value: number }[];
}
