import { setTimeout as sleep } from 'node:timers/promises';
import { isConnectionLoss } from './connectionLoss.ts';
import { JobQueue, type QueueEvent, workerId } from './jobQueue.ts';
import { type JobHandler, SlotPermits } from './jobSlots.ts';

export type WorkerEvent =
  | QueueEvent
  | { type: 'worker-waiting-for-database'; worker: string; error: string; retryInMs: number }
  | { type: 'worker-started'; worker: string; queues: string[]; concurrency: number }
  | { type: 'queue-missing'; worker: string; queue: string }
  | { type: 'worker-stopped'; worker: string };

export interface RunWorkerOptions {
  url: string;
  /** jobs at once in this process, across all its queues */
  concurrency: number;
  /** one handler per queue name */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each queue's handler reads its own job data
  handlers: Record<string, JobHandler<any>>;
  /** abort to stop: no new job is taken, the jobs in hand finish and are recorded, then runWorker resolves */
  signal: AbortSignal;
  onEvent?: (event: WorkerEvent) => void;
  /** how long an idle slot waits before asking again (pg-boss's minimum: 0.5 s) */
  pollingIntervalSeconds?: number;
  maintenanceIntervalSeconds?: number;
  /** how long the stop waits for the jobs in hand before it aborts them */
  stopTimeoutMs?: number;
  worker?: string;
}

/** The longest wait between two tries to reach the database at start. */
const OPEN_RETRY_MAX_MS = 5_000;

/**
 * A worker process's life: connect (waiting for the database if it is not up yet), serve every queue of
 * `handlers` with `concurrency` permits shared between them, and stop gracefully when `signal` aborts.
 *
 * A PostgreSQL restart is ridden out without a restart of pg-boss: its pool drops the ended connections (reported
 * as 'error' events, which are forwarded, never thrown), the slots' fetches answer nothing until the server is back,
 * and a job that finishes meanwhile is recorded once it is (jobSlots' settle). pg-boss itself holds no session
 * state (no LISTEN, no session lock) that a new connection would have to rebuild.
 */
export async function runWorker(options: RunWorkerOptions): Promise<void> {
  const worker = options.worker ?? workerId();
  const emit = options.onEvent ?? (() => {});
  const queues = Object.keys(options.handlers);
  if (queues.length === 0) throw new Error('runWorker needs at least one handler');
  const permits = new SlotPermits(options.concurrency);

  let jobs: JobQueue | undefined;
  for (let tries = 0; !options.signal.aborted; tries++) {
    try {
      jobs = await JobQueue.open({
        url: options.url,
        worker,
        onEvent: emit,
        ...(options.maintenanceIntervalSeconds !== undefined ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds } : {}),
        // a connection per slot (fetch, then complete or fail) and one for maintenance
        maxConnections: options.concurrency + 2,
      });
      break;
    } catch (error) {
      if (!isConnectionLoss(error)) throw error;
      const retryInMs = Math.min(OPEN_RETRY_MAX_MS, 500 * 2 ** tries);
      emit({ type: 'worker-waiting-for-database', worker, error: (error as Error).message, retryInMs });
      await sleep(retryInMs, undefined, { signal: options.signal }).catch(() => {});
    }
  }
  if (!jobs) return;

  try {
    for (const queue of queues) {
      // a worker may start before the coordinator creates its queues: it polls them all the same
      if (!(await jobs.queueExists(queue))) emit({ type: 'queue-missing', worker, queue });
    }
    for (const [queue, handler] of Object.entries(options.handlers)) {
      jobs.work(queue, { concurrency: options.concurrency, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, permits }, handler);
    }
    emit({ type: 'worker-started', worker, queues, concurrency: options.concurrency });
    if (!options.signal.aborted) await new Promise((resolve) => options.signal.addEventListener('abort', resolve, { once: true }));
  } finally {
    await jobs.stop({ graceful: true, ...(options.stopTimeoutMs !== undefined ? { timeoutMs: options.stopTimeoutMs } : {}) });
    emit({ type: 'worker-stopped', worker });
  }
}
