import type { AccountOutcome, ClusterDetail, ClusterSummary, Quantiles } from '../../api/book.ts';
import { NotFoundError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { quantile } from './batchAudit.ts';
import { batchProblem } from './batchProblem.ts';
import { batchNames } from './storedAllocations.ts';
import { loadStoredBatch, type StoredClusterTarget } from './storedBatch.ts';
import { clusterCount, clusterRow, hasOutcomeRows, memberFigures, outcomeRows } from './storedOutcomes.ts';

/**
 * `book/cluster`: one cluster of a stored batch: its summary, its fractional target beside the benchmark
 * (largest weight first), its accounts (the first `limit` when asked), and how they all spread: quantiles of their
 * whole-share tracking error and of their cash weight (cash / value), the two figures the mapping trades against
 * each other. From the run's rows (storedOutcomes.ts), or its result read whole for a run without them.
 */
export function clusterDetail(db: Database, runId: number, clusterId: string, limit?: number): ClusterDetail {
  if (!hasOutcomeRows(db, runId)) return clusterDetailFromResult(db, runId, clusterId, limit);
  const row = clusterRow(db, runId, clusterId);
  if (row === undefined) throw noCluster(runId, clusterId, clusterCount(db, runId));
  // LIMIT -1: SQLite's no limit
  const accounts = outcomeRows(db, { runId, clusterId, limit: limit ?? -1, offset: 0 });
  return detail(db, runId, row.summary, row.target, accounts, memberFigures(db, runId, clusterId));
}

/** The same from the run's result JSON, parsed whole. */
export function clusterDetailFromResult(db: Database, runId: number, clusterId: string, limit?: number): ClusterDetail {
  const batch = loadStoredBatch(db, runId);
  const summary = batch.result.clusters.find((c) => c.clusterId === clusterId);
  if (summary === undefined) throw noCluster(runId, clusterId, { clusters: batch.result.clusters.length, first: batch.result.clusters[0]?.clusterId ?? '' });
  const members = batch.result.outcomes.filter((o) => o.clusterId === clusterId);
  const stored = batch.result.targets.find((t) => t.clusterId === clusterId);
  return detail(db, runId, summary, stored, limit === undefined ? members : members.slice(0, limit), members);
}

function noCluster(runId: number, clusterId: string, has: { clusters: number; first: string }): NotFoundError {
  return new NotFoundError(`batch run ${runId} has no cluster "${clusterId}" (it has ${has.clusters}: ${has.first}…)`, { field: 'clusterId' });
}

function detail(
  db: Database,
  runId: number,
  summary: ClusterSummary,
  stored: StoredClusterTarget | undefined,
  accounts: AccountOutcome[],
  members: readonly { trackingError: number; cash: number; value: number }[],
): ClusterDetail {
  const names = runNames(db, runId);
  const target = (stored?.holdings ?? [])
    .map((h) => {
      const n = names.get(h.ticker);
      return { ticker: h.ticker, sector: n?.sector ?? '', weight: h.weight, benchmarkWeight: n?.benchmarkWeight ?? 0 };
    })
    .sort((a, b) => b.weight - a.weight || a.ticker.localeCompare(b.ticker));
  return {
    runId,
    summary,
    model: stored?.model ?? summary.clusterId,
    target,
    accounts,
    dispersion: {
      trackingError: quantilesOf(members.map((a) => a.trackingError)),
      cashWeight: quantilesOf(members.map((a) => (a.value > 0 ? a.cash / a.value : 0))),
    },
  };
}

/**
 * Sectors and benchmark weights as the run saw them (storedAllocations.ts); a run stored before they were
 * kept reads them from the market as it is now, which is the run's as long as the universe was not re-imported.
 */
function runNames(db: Database, runId: number): Map<string, { sector: string; benchmarkWeight: number }> {
  const kept = batchNames(db, runId);
  if (kept.length > 0) return new Map(kept.map((n) => [n.ticker, n]));
  const problem = batchProblem(db, loadStoredBatch(db, runId));
  return new Map(problem.tickers.map((t, i) => [t, { sector: problem.sectors[i]!, benchmarkWeight: problem.benchmarkWeights[i]! }]));
}

function quantilesOf(values: number[]): Quantiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0] ?? 0, p10: quantile(sorted, 0.1), median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), max: sorted.at(-1) ?? 0 };
}
