import { setTimeout as sleep } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import { isConnectionLoss } from './connectionLoss.ts';

/** What a handler knows of the job it runs. */
export interface JobMeta {
  jobId: string;
  queue: string;
  /** pg-boss's retry count: 0 on the first delivery, 1 on the first retry (also after a worker died holding it) */
  attempt: number;
  /** this process: hostname:pid */
  worker: string;
  /** aborted when the job runs past its expiry (another worker will be given it) or the worker stops at once */
  signal: AbortSignal;
}

export type JobHandler<T = unknown> = (data: T, meta: JobMeta) => Promise<void>;

export type SlotEvent =
  | { type: 'job-started'; queue: string; jobId: string; attempt: number }
  | { type: 'job-completed'; queue: string; jobId: string; attempt: number; ms: number }
  | { type: 'job-failed'; queue: string; jobId: string; attempt: number; ms: number; error: string }
  /** completing or failing a job waits for the database to come back */
  | { type: 'settle-retry'; queue: string; jobId: string; error: string; retryInMs: number }
  /** completing or failing a job was given up: the job stays active until its expiry, then pg-boss retries it */
  | { type: 'settle-lost'; queue: string; jobId: string; error: string }
  /** a fault of the slot loop itself (not of a job, not of the database) */
  | { type: 'slot-error'; queue: string; error: string };

/**
 * The permits of a worker process: every slot of every queue takes one while it fetches or runs a job, so
 * `concurrency` N means N jobs at once in the process however many queues it serves.
 */
export class SlotPermits {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`concurrency must be a positive integer, got ${size}`);
    this.#free = size;
  }

  /** Resolves true with a permit held, or false if `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const grant = () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      };
      const onAbort = () => {
        this.#waiting.splice(this.#waiting.indexOf(grant), 1);
        resolve(false);
      };
      this.#waiting.push(grant);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free++;
  }
}

export interface SlotsOptions<T> {
  boss: PgBoss;
  queue: string;
  /** slots of this queue: at most this many of its jobs at once */
  concurrency: number;
  /** how long a slot that found the queue empty waits before it asks again */
  pollingIntervalSeconds: number;
  /** shared with the other queues of the process; a group of its own when omitted */
  permits?: SlotPermits;
  handler: JobHandler<T>;
  worker: string;
  onEvent: (event: SlotEvent) => void;
}

export interface StopOptions {
  /** true: take no new job and wait for the jobs in hand (up to timeoutMs); false: abort them and fail them now */
  graceful: boolean;
  timeoutMs?: number;
}

export interface SlotGroup {
  readonly queue: string;
  /** jobs fetched and not yet completed or failed */
  inHand(): number;
  stop(options: StopOptions): Promise<void>;
}

/** How long a graceful stop waits for the jobs in hand before it aborts them. */
export const STOP_TIMEOUT_MS = 120_000;
/** The longest wait between two tries to record a finished job while the database is away. */
const SETTLE_RETRY_MAX_MS = 5_000;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * N fetch → run → complete/fail loops on one queue, over pg-boss's fetch, complete and fail rather than its work():
 * - work() does not await its complete()/fail() calls, so a job that finishes while PostgreSQL is down rejects
 *   unhandled and ends the process (pg-boss 10.4.2, manager.js onFetch; reproduced: ECONNREFUSED at
 *   Manager.complete, exit 1). Here both are awaited and retried until the database answers.
 * - work() with batchSize N hands N jobs to one call and fetches again only when all N are done (the slowest holds
 *   N − 1 slots idle), and one throw fails all N; so N slots of batchSize 1, each fetching on its own.
 * - work() sleeps `pollingInterval − duration` after every job, even when more are waiting: with 0.5 s one
 *   subscription runs at most 2 short jobs a second. A slot here asks again at once after a job and sleeps only when
 *   the queue was empty; a slot that finds a job wakes its sleeping siblings.
 * pg-boss's fetch() answers [] on any database error (its own comment: "should only be unique constraint
 * violations"), so a slot rides out an outage by polling until fetches succeed again.
 */
export function startSlots<T>(options: SlotsOptions<T>): SlotGroup {
  const { boss, queue, handler, worker, onEvent } = options;
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new Error(`concurrency of queue "${queue}" must be a positive integer, got ${options.concurrency}`);
  if (!(options.pollingIntervalSeconds >= 0.5)) throw new Error(`pollingIntervalSeconds of queue "${queue}" must be at least 0.5 (pg-boss's own minimum), got ${options.pollingIntervalSeconds}`);
  const pollMs = options.pollingIntervalSeconds * 1000;
  const permits = options.permits ?? new SlotPermits(options.concurrency);
  const stopFetching = new AbortController();
  const stopNow = new AbortController();
  const inHand = new Map<string, AbortController>();
  const sleepers = new Set<() => void>();

  // a plain timer and a set of wake-ups: a slot naps every poll for as long as the worker lives, and each nap
  // would otherwise hang a listener on the group's long-lived stop signal
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopFetching.signal.aborted) return resolve();
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  const wakeAll = () => {
    for (const wake of [...sleepers]) wake();
  };
  stopFetching.signal.addEventListener('abort', wakeAll, { once: true });

  /** Records the end of a job, through an outage: a finished job is not thrown back while its worker is healthy. */
  const settle = async (jobId: string, action: () => Promise<unknown>): Promise<void> => {
    for (let tries = 0; ; tries++) {
      try {
        await action();
        return;
      } catch (error) {
        if (!isConnectionLoss(error) || stopNow.signal.aborted) {
          onEvent({ type: 'settle-lost', queue, jobId, error: message(error) });
          return;
        }
        const retryInMs = Math.min(SETTLE_RETRY_MAX_MS, 250 * 2 ** tries);
        onEvent({ type: 'settle-retry', queue, jobId, error: message(error), retryInMs });
        await sleep(retryInMs, undefined, { signal: stopNow.signal }).catch(() => {});
      }
    }
  };

  const run = async (job: PgBoss.JobWithMetadata<T>) => {
    const attempt = job.retryCount;
    // EXTRACT(epoch FROM expire_in) arrives as PostgreSQL numeric text ("1.000000")
    const expireInSeconds = Number(job.expireInSeconds);
    const control = new AbortController();
    inHand.set(job.id, control);
    const onStopNow = () => control.abort(new Error(`worker ${worker} stopped before job ${job.id} of queue "${queue}" finished`));
    stopNow.signal.addEventListener('abort', onStopNow, { once: true });
    if (stopNow.signal.aborted) onStopNow();
    // pg-boss expires an active job expireInSeconds after it started and gives it to another worker: past that, this
    // run's result is no longer awaited, so it is aborted and failed here (as pg-boss's work() does)
    const expiry = setTimeout(() => control.abort(new Error(`job ${job.id} of queue "${queue}" ran past its expiry of ${expireInSeconds} s`)), expireInSeconds * 1000);
    const started = performance.now();
    onEvent({ type: 'job-started', queue, jobId: job.id, attempt });
    let failure: Error | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        if (control.signal.aborted) return reject(control.signal.reason);
        control.signal.addEventListener('abort', () => reject(control.signal.reason), { once: true });
        Promise.resolve()
          .then(() => handler(job.data, { jobId: job.id, queue, attempt, worker, signal: control.signal }))
          .then(resolve, reject);
      });
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    } finally {
      clearTimeout(expiry);
      stopNow.signal.removeEventListener('abort', onStopNow);
    }
    const ms = performance.now() - started;
    if (failure) {
      // the output pg-boss keeps on the job (failedJobs reads `message` back)
      const output = { name: failure.name, message: failure.message, stack: failure.stack ?? '', worker, attempt };
      await settle(job.id, () => boss.fail(queue, job.id, output));
      onEvent({ type: 'job-failed', queue, jobId: job.id, attempt, ms, error: failure.message });
    } else {
      await settle(job.id, () => boss.complete(queue, job.id));
      onEvent({ type: 'job-completed', queue, jobId: job.id, attempt, ms });
    }
    inHand.delete(job.id);
  };

  const slot = async () => {
    while (!stopFetching.signal.aborted) {
      if (!(await permits.acquire(stopFetching.signal))) break;
      try {
        const [job] = await boss.fetch<T>(queue, { batchSize: 1, includeMetadata: true });
        if (!job) {
          permits.release();
          await nap(pollMs);
          continue;
        }
        wakeAll();
        await run(job);
      } catch (error) {
        // fetch answers [] on database errors and run() settles its own failures: this is a fault of this code
        onEvent({ type: 'slot-error', queue, error: message(error) });
        await nap(pollMs);
      }
      permits.release();
    }
  };
  const slots = Array.from({ length: options.concurrency }, () => slot());

  return {
    queue,
    inHand: () => inHand.size,
    stop: async ({ graceful, timeoutMs = STOP_TIMEOUT_MS }) => {
      stopFetching.abort();
      if (!graceful) stopNow.abort();
      const all = Promise.all(slots);
      const timer = setTimeout(() => stopNow.abort(), timeoutMs);
      try {
        await all;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
