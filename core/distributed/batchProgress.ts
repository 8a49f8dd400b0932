import { setTimeout as sleep } from 'node:timers/promises';
import type { BatchStore } from './batchStore.ts';
import { isConnectionLoss } from './connectionLoss.ts';
import type { BatchJobData, FailedJob, JobCounts, JobQueue } from './jobQueue.ts';

export interface WaitForResultsOptions {
  store: BatchStore;
  jobs: JobQueue;
  /** the queue(s) whose jobs write results of `kind` for this batch */
  queues: string | readonly string[];
  batchId: string;
  kind: string;
  expectedKeys: readonly number[];
  /** called with the first count and whenever it changes */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** between two looks at the results and the jobs */
  pollMs?: number;
  /** no new result and no job running for this long (or the database unreachable this long) is an error */
  stallSeconds?: number;
  /** reject at the first job failed for good instead of waiting for the others to finish */
  failFast?: boolean;
}

/** Keys named in a message before "… and N more". */
const KEYS_NAMED = 20;
export const STALL_SECONDS = 300;

export function keyList(keys: readonly number[]): string {
  const named = keys.slice(0, KEYS_NAMED).join(', ');
  return keys.length > KEYS_NAMED ? `${named} … and ${keys.length - KEYS_NAMED} more` : named;
}

export interface KeyFailure {
  /** the key from the job's data, null when its data has none */
  key: number | null;
  jobId: string;
  queue: string;
  error: string;
  attempts: number;
}

/** Some keys of a batch have no result because their jobs failed after every retry (and, maybe, others have no job). */
export class BatchJobsFailed extends Error {
  constructor(
    readonly batchId: string,
    readonly kind: string,
    readonly failures: readonly KeyFailure[],
    readonly missingKeys: readonly number[],
  ) {
    const named = failures
      .slice(0, KEYS_NAMED)
      .map((f) => `key ${f.key ?? `? (job ${f.jobId})`} after ${f.attempts} attempt${f.attempts === 1 ? '' : 's'}: ${f.error}`)
      .join('; ');
    const more = failures.length > KEYS_NAMED ? `; … and ${failures.length - KEYS_NAMED} more` : '';
    const failedKeys = new Set(failures.map((f) => f.key));
    const unexplained = missingKeys.filter((k) => !failedKeys.has(k));
    const rest = unexplained.length > 0 ? `; ${unexplained.length} other key(s) have no result and no job left: ${keyList(unexplained)}` : '';
    super(`batch "${batchId}": ${failures.length} job(s) of kind "${kind}" failed with their retries exhausted: ${named}${more}${rest}`);
    this.name = 'BatchJobsFailed';
  }
}

/** Results stopped coming with no job running: no worker is serving the queues, or the jobs are gone. */
export class BatchStalled extends Error {
  constructor(
    readonly batchId: string,
    readonly kind: string,
    readonly missingKeys: readonly number[],
    reason: string,
  ) {
    super(`batch "${batchId}": ${missingKeys.length} result(s) of kind "${kind}" missing (keys ${keyList(missingKeys)}): ${reason}`);
    this.name = 'BatchStalled';
  }
}

/**
 * Resolves when every expected key of `kind` has a result in the store; rejects, never hangs:
 * - BatchJobsFailed when jobs failed for good, once nothing of the batch is waiting or running (at the first
 *   failure with failFast), naming each key with its last error;
 * - Error when keys are missing and no job of the batch is left to write them (never enqueued, or completed
 *   without writing);
 * - BatchStalled after `stallSeconds` with no new result and no job running (no worker on the queue), or with the
 *   database unreachable; a lost connection before that is waited out.
 * The jobs' states are read before the results: a job completed by then wrote its result before it completed, so
 * "nothing pending and a key missing" is never a result still in flight.
 */
export async function waitForResults(options: WaitForResultsOptions): Promise<void> {
  const { store, jobs, batchId, kind, signal } = options;
  const queues = typeof options.queues === 'string' ? [options.queues] : [...options.queues];
  const expected = [...new Set(options.expectedKeys)];
  const total = expected.length;
  const pollMs = options.pollMs ?? 1_000;
  const stallMs = (options.stallSeconds ?? STALL_SECONDS) * 1000;
  let lastDone = -1;
  let lastMove = Date.now();
  let lastMissing = expected;

  for (;;) {
    signal?.throwIfAborted();
    let counts: JobCounts;
    let have: Set<number>;
    try {
      counts = await jobs.jobCounts(queues, batchId);
      have = await store.resultKeys(batchId, kind);
    } catch (error) {
      if (!isConnectionLoss(error)) throw error;
      if (Date.now() - lastMove > stallMs) {
        throw new BatchStalled(batchId, kind, lastMissing, `no new result for ${Math.round((Date.now() - lastMove) / 1000)} s and the database unreachable: ${(error as Error).message}`);
      }
      await pause(pollMs, signal);
      continue;
    }
    const missing = expected.filter((k) => !have.has(k));
    lastMissing = missing;
    const done = total - missing.length;
    if (done !== lastDone) {
      if (done > lastDone) lastMove = Date.now();
      lastDone = done;
      options.onProgress?.(done, total);
    }
    if (missing.length === 0) return;

    const pending = counts.created + counts.retry + counts.active;
    if (counts.active > 0) lastMove = Date.now();
    if (pending === 0 || (options.failFast && counts.failed > 0)) {
      const missingSet = new Set(missing);
      const failed: FailedJob<BatchJobData>[] = [];
      for (const queue of queues) failed.push(...(await jobs.failedJobs(queue, batchId)));
      const failures: KeyFailure[] = failed
        .map((f) => ({ key: typeof f.data.key === 'number' ? f.data.key : null, jobId: f.jobId, queue: f.queue, error: f.error, attempts: f.attempts }))
        .filter((f) => f.key === null || missingSet.has(f.key))
        .sort((a, b) => (a.key ?? -Infinity) - (b.key ?? -Infinity));
      if (failures.length > 0) throw new BatchJobsFailed(batchId, kind, failures, missing);
      if (pending === 0) {
        throw new Error(
          `batch "${batchId}": ${missing.length} result(s) of kind "${kind}" missing with no job of the batch left on queue(s) ${queues.join(', ')} to write them ` +
            `(keys ${keyList(missing)}; jobs completed ${counts.completed}, cancelled ${counts.cancelled}, failed ${counts.failed}): never enqueued, or completed without writing a result`,
        );
      }
    }
    const quietMs = Date.now() - lastMove;
    if (quietMs > stallMs) {
      throw new BatchStalled(
        batchId,
        kind,
        missing,
        `no new result and no job running for ${Math.round(quietMs / 1000)} s while ${counts.created + counts.retry} job(s) wait on queue(s) ${queues.join(', ')}: is a worker serving them?`,
      );
    }
    await pause(pollMs, signal);
  }
}

/** Waits `ms`; an abort rejects with the signal's own reason, as throwIfAborted does. */
async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : {});
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  }
}
