import type { AccountOutcome, BatchResult } from '../../api/book.ts';
import type { ParsedArgs } from '../../api/methods.ts';
import type { RunSummary } from '../../api/runs.ts';
import { NotFoundError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { getRun } from '../store/runStore.ts';

/** A cluster's fractional target as the batch stored it: tickers and weights, and the model it came from. */
export interface StoredClusterTarget {
  clusterId: string;
  model: string;
  holdings: { ticker: string; weight: number }[];
}

/**
 * What a finished batch run stored (batch.ts) in its result: every account's outcome and each cluster's
 * target. Each account's holdings and trades are kept beside it (storedAllocations.ts).
 */
export interface StoredBatch {
  run: RunSummary;
  options: ParsedArgs<'book/batch'>;
  result: Omit<BatchResult, 'spans'> & { outcomes: AccountOutcome[]; targets: StoredClusterTarget[] };
}

/** The batch run `runId`; NotFoundError when there is none, it is another kind of run, or it stored no result (cancelled). */
export function loadStoredBatch(db: Database, runId: number): StoredBatch {
  const run = getRun(db, runId);
  if (run === undefined || run.kind !== 'batch') throw new NotFoundError(`no batch run ${runId} (see book/runs)`, { field: 'runId' });
  const result = run.result as StoredBatch['result'] | null;
  if (result === null || !Array.isArray(result.outcomes)) {
    throw new NotFoundError(`batch run ${runId} has no accounts (status ${run.status})`, { field: 'runId' });
  }
  return { run, options: run.options as ParsedArgs<'book/batch'>, result };
}
