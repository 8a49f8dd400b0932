import { bookBatchArgs } from '../../api/methods.ts';
import { bookBatch } from '../book/batch.ts';
import { clusterRows } from '../book/storedOutcomes.ts';
import type { JobControl } from '../jobs/jobControl.ts';
import type { CoreServices } from '../services.ts';

/** The stored batch run a screens row shows, and what it holds, as the row's `data` says it. */
export interface ScreensBatch {
  runId: number;
  /** `demo: 10,000 accounts, 92 clusters (largest c021: 1,124 accounts, 175 target names), batch run 2` */
  description: string;
}

export interface ScreensBatchRequest {
  /** the stored book the batch runs on */
  book: string;
  universe: string;
  accounts: number;
  useCase: string;
  /** seconds per cluster model and size bands per cluster key, for a batch made here */
  timeLimit: number;
  clusters?: number;
}

/**
 * The batch the screens read: the newest batch run of `book` on the universe and use case that stored its rows
 * (batch_summaries, which the screens' queries answer from), ran after the book was imported and ended with every
 * cluster (`done`) or some accounts unserved (`partial`, which the screens show alike), reused as it is; without one,
 * a batch of the book run now through book/batch on the shared pool (its run stays in the store, for the next bench).
 */
export async function screensBatch(services: CoreServices, request: ScreensBatchRequest, control: JobControl = {}): Promise<ScreensBatch> {
  const { db } = services;
  const stored = db
    .prepare(
      `SELECT r.id FROM runs r
         JOIN batch_summaries s ON s.run_id = r.id
         JOIN books b ON b.name = json_extract(r.options, '$.book')
       WHERE r.kind = 'batch' AND r.status IN ('done', 'partial') AND r.universe = ? AND r.use_case = ?
         AND b.name = ? AND s.accounts = ? AND r.created_at >= b.imported_at
       ORDER BY r.id DESC LIMIT 1`,
    )
    .pluck()
    .get(request.universe, request.useCase, request.book, request.accounts) as number | undefined;
  const runId =
    stored ??
    (
      await bookBatch(
        services,
        bookBatchArgs.parse({
          book: request.book,
          universe: request.universe,
          useCase: request.useCase,
          timeLimit: request.timeLimit,
          ...(request.clusters === undefined ? {} : { clusters: request.clusters }),
        }),
        control,
      )
    ).runId;
  const clusters = clusterRows(db, runId);
  if (clusters.length === 0) throw new Error(`batch run ${runId} of book ${request.book} stored no clusters: the screens have nothing to show`);
  const largest = clusters.reduce((a, b) => (b.accounts > a.accounts ? b : a));
  const count = (n: number) => n.toLocaleString('en-US');
  return {
    runId,
    description:
      `${request.universe}: ${count(request.accounts)} accounts, ${count(clusters.length)} clusters ` +
      `(largest ${largest.clusterId}: ${count(largest.accounts)} accounts, ${count(largest.names)} target names), batch run ${runId}`,
  };
}
