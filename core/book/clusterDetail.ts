import type { ClusterDetail, Quantiles } from '../../api/book.ts';
import { NotFoundError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { quantile } from './batchAudit.ts';
import { batchProblem } from './batchProblem.ts';
import { batchNames } from './storedAllocations.ts';
import { loadStoredBatch, type StoredBatch } from './storedBatch.ts';

/**
 * `book/cluster`: one cluster of a stored batch: its summary, its fractional target beside the benchmark
 * (largest weight first), its accounts, and how they spread: quantiles of their whole-share tracking
 * error and of their cash weight (cash / value), the two figures the mapping trades against each other.
 */
export function clusterDetail(db: Database, runId: number, clusterId: string): ClusterDetail {
  const batch = loadStoredBatch(db, runId);
  const summary = batch.result.clusters.find((c) => c.clusterId === clusterId);
  if (summary === undefined) {
    throw new NotFoundError(`batch run ${runId} has no cluster "${clusterId}" (it has ${batch.result.clusters.length}: ${batch.result.clusters[0]?.clusterId ?? ''}…)`, {
      field: 'clusterId',
    });
  }
  const stored = batch.result.targets.find((t) => t.clusterId === clusterId);
  const names = runNames(db, batch);
  const target = (stored?.holdings ?? [])
    .map((h) => {
      const n = names.get(h.ticker);
      return { ticker: h.ticker, sector: n?.sector ?? '', weight: h.weight, benchmarkWeight: n?.benchmarkWeight ?? 0 };
    })
    .sort((a, b) => b.weight - a.weight || a.ticker.localeCompare(b.ticker));
  const accounts = batch.result.outcomes.filter((o) => o.clusterId === clusterId);
  return {
    runId,
    summary,
    model: stored?.model ?? clusterId,
    target,
    accounts,
    dispersion: {
      trackingError: quantilesOf(accounts.map((a) => a.trackingError)),
      cashWeight: quantilesOf(accounts.map((a) => (a.value > 0 ? a.cash / a.value : 0))),
    },
  };
}

/**
 * Sectors and benchmark weights as the run saw them (storedAllocations.ts); a run stored before they were
 * kept reads them from the market as it is now, which is the run's as long as the universe was not re-imported.
 */
function runNames(db: Database, batch: StoredBatch): Map<string, { sector: string; benchmarkWeight: number }> {
  const kept = batchNames(db, batch.run.id);
  if (kept.length > 0) return new Map(kept.map((n) => [n.ticker, n]));
  const problem = batchProblem(db, batch);
  return new Map(problem.tickers.map((t, i) => [t, { sector: problem.sectors[i]!, benchmarkWeight: problem.benchmarkWeights[i]! }]));
}

function quantilesOf(values: number[]): Quantiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0] ?? 0, p10: quantile(sorted, 0.1), median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9), max: sorted.at(-1) ?? 0 };
}
