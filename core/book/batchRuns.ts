import type { BatchRunSummary } from '../../api/book.ts';
import type { Database } from '../store/database.ts';

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
 * run picker shows. SQLite's JSON functions pick the figures out, so the outcomes (a row per account) are
 * never parsed here.
 */
export function listBatchRuns(db: Database, limit: number): BatchRunSummary[] {
  const rows = db
    .prepare(
      `SELECT id, created_at, status, universe, use_case,
              json_object('asOf', json_extract(result, '$.asOf'), 'accounts', json_extract(result, '$.accounts'),
                          'clusters', json_array_length(result, '$.clusters'), 'belowMinimum', json_extract(result, '$.belowMinimum'),
                          'fallback', coalesce(json_extract(result, '$.fallback'), 0), 'unallocated', coalesce(json_extract(result, '$.unallocated'), 0),
                          'trackingError', json_extract(result, '$.trackingError'), 'seconds', json_extract(result, '$.seconds')) AS summary
       FROM runs WHERE kind = 'batch' AND json_type(result, '$.outcomes') = 'array'
       ORDER BY created_at DESC, id DESC LIMIT ?`,
    )
    .all(limit) as Row[];
  return rows.map((r) => {
    const s = JSON.parse(r.summary ?? '{}') as Omit<BatchRunSummary, 'runId' | 'createdAt' | 'status' | 'universe' | 'useCase'>;
    return { runId: r.id, createdAt: r.created_at, status: r.status, universe: r.universe ?? '', useCase: r.use_case ?? '', ...s };
  });
}
