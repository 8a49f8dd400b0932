import type { BatchRunDetail, BatchRunSummary } from '../../api/book.ts';
import type { Database } from '../store/database.ts';
import { loadStoredBatch } from './storedBatch.ts';
import { clusterRows, summaryRow, summaryRows } from './storedOutcomes.ts';

interface Row {
  id: number;
  created_at: string;
  status: string;
  universe: string | null;
  use_case: string | null;
  summary: string | null;
}

/**
 * `book/runs`: the batch runs that stored their accounts, newest first, with the figures the Book screen's
 * run picker shows: a row each (storedOutcomes.ts), and for a run without its rows (stored by a Jessica older
 * than migration 008) the figures SQLite's JSON functions pick out of its result.
 */
export function listBatchRuns(db: Database, limit: number): BatchRunSummary[] {
  const runs = [...summaryRows(db, limit), ...runsWithoutRows(db, limit)];
  return runs.sort((a, b) => (a.createdAt === b.createdAt ? b.runId - a.runId : a.createdAt < b.createdAt ? 1 : -1)).slice(0, limit);
}

/** The batch runs whose rows are missing, from their result JSON (each parsed once by SQLite, never by Node). */
function runsWithoutRows(db: Database, limit: number): BatchRunSummary[] {
  const rows = db
    .prepare(
      // the runs without rows found first: the JSON test would otherwise read every batch run's result
      `WITH missing AS MATERIALIZED (SELECT id FROM runs WHERE kind = 'batch' AND NOT EXISTS (SELECT 1 FROM batch_summaries s WHERE s.run_id = runs.id))
       SELECT id, created_at, status, universe, use_case,
              json_object('asOf', json_extract(result, '$.asOf'), 'accounts', json_extract(result, '$.accounts'),
                          'clusters', json_array_length(result, '$.clusters'), 'belowMinimum', json_extract(result, '$.belowMinimum'),
                          'fallback', coalesce(json_extract(result, '$.fallback'), 0), 'unallocated', coalesce(json_extract(result, '$.unallocated'), 0),
                          'trackingError', json_extract(result, '$.trackingError'), 'seconds', json_extract(result, '$.seconds')) AS summary
       FROM runs WHERE id IN missing AND json_type(result, '$.outcomes') = 'array'
       ORDER BY created_at DESC, id DESC LIMIT ?`,
    )
    .all(limit) as Row[];
  return rows.map((r) => {
    const s = JSON.parse(r.summary ?? '{}') as Omit<BatchRunSummary, 'runId' | 'createdAt' | 'status' | 'universe' | 'useCase'>;
    return { runId: r.id, createdAt: r.created_at, status: r.status, universe: r.universe ?? '', useCase: r.use_case ?? '', ...s };
  });
}

/**
 * `book/run`: what the Book screen shows of one batch run: its figures and every cluster's summary, never its
 * accounts (a page of them is book/accounts). NotFoundError as loadStoredBatch says it.
 */
export function batchRun(db: Database, runId: number): BatchRunDetail {
  const summary = summaryRow(db, runId);
  if (summary !== undefined) return { ...summary, clusters: clusterRows(db, runId) };
  const { run, result } = loadStoredBatch(db, runId);
  return {
    runId,
    createdAt: run.createdAt,
    status: run.status,
    universe: run.universe ?? '',
    useCase: run.useCase ?? '',
    asOf: result.asOf,
    accounts: result.accounts,
    belowMinimum: result.belowMinimum,
    fallback: result.fallback ?? 0,
    unallocated: result.unallocated ?? 0,
    trackingError: result.trackingError,
    seconds: result.seconds,
    clusters: result.clusters,
  };
}
