import { createHash } from 'node:crypto';
import os from 'node:os';
import PgBoss from 'pg-boss';
import { type JobHandler, type SlotEvent, type SlotGroup, type SlotPermits, startSlots, type StopOptions } from './jobSlots.ts';

/** pg-boss's schema in the database (its tables: job, archive, queue, version). */
export const BOSS_SCHEMA = 'jessica_boss';

/**
 * Jobs per boss.insert(). pg-boss sends the whole array as one JSON text parameter that PostgreSQL expands with
 * json_to_recordset in one statement: node holds the array and its JSON twice over, the server parses it whole and
 * writes every row in one transaction. A few thousand jobs of a few hundred bytes (≈ 1 MB) insert in one short
 * statement; beyond that slices keep both sides' memory flat, at the price of the enqueue no longer being atomic
 * (which a job id derived from its singletonKey makes safe to repeat: see enqueue).
 */
export const INSERT_SLICE_JOBS = 5_000;

/**
 * How often some process (any one: pg-boss takes turns through a timestamp in its version table) runs maintenance,
 * which is what fails, and so retries, an active job whose worker died: such a job runs again at most
 * expireInSeconds + this after it started. (pg-boss's default is 120 s.)
 */
export const MAINTENANCE_INTERVAL_SECONDS = 15;

export interface QueuePolicy {
  /** retries after the first attempt; a job is `failed` after retryLimit + 1 attempts */
  retryLimit: number;
  /** seconds before a retry (doubling with jitter when retryBackoff) */
  retryDelay: number;
  retryBackoff: boolean;
  /** an active job whose worker has not completed it after this long is failed (and retried) by maintenance */
  expireInSeconds: number;
}

export interface JobToEnqueue<T> {
  data: T;
  /**
   * Names the job within its queue (e.g. "batch-7:42"). Its id is derived from the queue and this key, and pg-boss
   * inserts with ON CONFLICT DO NOTHING, so enqueueing the same key twice (a coordinator repeating an enqueue whose
   * answer it lost) leaves one job. A key whose job failed stays failed until pg-boss archives it: enqueueing it
   * again does nothing (give the new attempt a new key).
   */
  singletonKey?: string;
  /** higher first */
  priority?: number;
}

export type EnqueueOptions = Partial<QueuePolicy>;

export interface WorkOptions {
  /** jobs of this queue at once in this process */
  concurrency: number;
  /** how long an idle slot waits before asking again; pg-boss's minimum is 0.5 */
  pollingIntervalSeconds?: number;
  /** permits shared with other queues, for a process-wide concurrency */
  permits?: SlotPermits;
}

/** The data of a job that belongs to a batch: failedJobs and jobCounts find a batch's jobs by `batchId`. */
export interface BatchJobData {
  batchId: string;
  /** the result key the job writes */
  key?: number;
}

export interface FailedJob<T = unknown> {
  jobId: string;
  queue: string;
  data: T;
  /** the last attempt's error message (or pg-boss's "job failed by timeout in active state") */
  error: string;
  attempts: number;
  failedAt: Date;
}

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
export type JobCounts = Record<JobState, number>;

export type QueueEvent = SlotEvent | { type: 'error'; error: Error };

export interface JobQueueOptions {
  url: string;
  schema?: string;
  /** this process as workers' results name it; hostname:pid by default */
  worker?: string;
  maintenanceIntervalSeconds?: number;
  /** connections in pg-boss's pool */
  maxConnections?: number;
  /** everything pg-boss and the slots report, errors included: a lost connection never ends the process */
  onEvent?: (event: QueueEvent) => void;
}

/** This process as a worker: hostname:pid. */
export function workerId(): string {
  return `${os.hostname()}:${process.pid}`;
}

/** A UUID from (queue, singletonKey): the same key in the same queue is the same job. */
function jobIdOf(queue: string, singletonKey: string): string {
  const h = createHash('sha256').update(`${queue}\u0000${singletonKey}`).digest('hex');
  // RFC 9562 version 8 (custom) with the RFC variant bits
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function asError(value: unknown): Error {
  if (value instanceof Error) return value;
  // pg-boss's worker errors are plain objects spread from the error: { message, stack, queue, worker }
  const v = value as { message?: unknown; queue?: unknown } | null;
  const error = new Error(typeof v?.message === 'string' ? v.message : String(value));
  if (typeof v?.queue === 'string') error.message += ` (queue ${v.queue})`;
  return error;
}

/** The text of a failed job's output: our slots store { message }, pg-boss's expiry { value: { message } }. */
function errorText(output: unknown): string {
  const o = output as { message?: unknown; value?: unknown } | null;
  if (typeof o?.message === 'string') return o.message;
  const value = o?.value as { message?: unknown } | string | undefined;
  if (typeof value === 'string') return value;
  if (typeof value?.message === 'string') return value.message;
  return output === null || output === undefined ? 'no error recorded' : JSON.stringify(output);
}

/**
 * pg-boss 10's fetch takes the next job by `ORDER BY priority DESC, created_on, id LIMIT n FOR UPDATE SKIP LOCKED`,
 * and its only fetch index is (name, start_after): every fetch sorts all the queue's waiting jobs, O(waiting). Measured
 * here: 2.8 ms a fetch with 2,000 waiting, 33 ms with 20,000. This index in that order (partial, as pg-boss's own)
 * lets the fetch read the first unlocked row instead: 1.4 ms at 2,000 and at 20,000. It is made on the partitioned
 * parent, so PostgreSQL adds it to every queue's partition, and to a queue created later when create_queue attaches
 * it. Under a transaction-scoped advisory lock, as two processes opening at once would race on the name.
 */
async function addFetchOrderIndex(boss: PgBoss, schema: string): Promise<void> {
  await boss.getDb().executeSql(
    `BEGIN;
     SELECT pg_advisory_xact_lock(hashtextextended('${schema} fetch order index', 0));
     SET LOCAL client_min_messages = warning;
     CREATE INDEX IF NOT EXISTS jessica_fetch_order ON ${schema}.job (name, priority DESC, created_on, id) WHERE state < 'active';
     COMMIT;`,
    // no parameters: node-postgres sends the simple protocol, which runs several statements in one string
    [],
  );
}

function checkIdentifier(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,49}$/.test(schema)) throw new Error(`pg-boss schema "${schema}" must be a lower-case PostgreSQL identifier of at most 50 characters`);
  return schema;
}

/**
 * pg-boss 10 as the runtime uses it: queues with a retry policy, jobs enqueued in one insert, workers as N slots,
 * and the failed jobs of a batch read back with their last error. No cron (`schedule: false`: it would add a polling
 * worker per process for nothing); maintenance on, because it is what expires the jobs of a worker that died.
 */
export class JobQueue {
  readonly worker: string;
  readonly schema: string;
  readonly #boss: PgBoss;
  readonly #groups = new Set<SlotGroup>();
  readonly #onEvent: (event: QueueEvent) => void;
  #stopped = false;

  private constructor(boss: PgBoss, worker: string, schema: string, onEvent: (event: QueueEvent) => void) {
    this.#boss = boss;
    this.worker = worker;
    this.schema = schema;
    this.#onEvent = onEvent;
  }

  /** Connects, installs or migrates pg-boss's schema (safe from many processes at once) and starts maintenance. */
  static async open(options: JobQueueOptions): Promise<JobQueue> {
    const schema = checkIdentifier(options.schema ?? BOSS_SCHEMA);
    const worker = options.worker ?? workerId();
    const onEvent = options.onEvent ?? (() => {});
    const config = {
      connectionString: options.url,
      schema,
      application_name: `jessica ${worker}`,
      max: options.maxConnections ?? 10,
      schedule: false,
      supervise: true,
      migrate: true,
      maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? MAINTENANCE_INTERVAL_SECONDS,
      // passed on to pg.Pool by pg-boss's Db: a host that drops packets fails a connect in 10 s, not minutes
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
    };
    const boss = new PgBoss(config as PgBoss.ConstructorOptions);
    // without a listener, an idle connection ended by a server restart is an 'error' event that ends the process
    boss.on('error', (error) => onEvent({ type: 'error', error: asError(error) }));
    try {
      await boss.start();
    } catch (error) {
      // start() failed before it counts as started, so stop() would return at once and leave the pool open
      await (boss.getDb() as unknown as { close?: () => Promise<void> }).close?.().catch(() => {});
      throw error;
    }
    try {
      await addFetchOrderIndex(boss, schema);
    } catch (error) {
      await boss.stop({ graceful: false }).catch(() => {});
      throw error;
    }
    return new JobQueue(boss, worker, schema, onEvent);
  }

  /** Creates the queue if missing and sets its policy (pg-boss's createQueue leaves an existing queue as it was). */
  async ensureQueue(name: string, policy: QueuePolicy): Promise<void> {
    const options = { policy: 'standard' as const, ...policy };
    await this.#boss.createQueue(name, { name, ...options });
    await this.#boss.updateQueue(name, { name, ...options });
  }

  async queueExists(name: string): Promise<boolean> {
    return (await this.#boss.getQueue(name)) !== null;
  }

  /**
   * Adds the jobs in one boss.insert() (slices of INSERT_SLICE_JOBS beyond that). A queue that does not exist is
   * refused: pg-boss's insert joins on the queue table and would drop every job without a word.
   */
  async enqueue<T extends object>(queue: string, jobs: readonly JobToEnqueue<T>[], options: EnqueueOptions = {}): Promise<void> {
    if (!(await this.queueExists(queue))) throw new Error(`queue "${queue}" does not exist in ${this.schema}: ensureQueue("${queue}", policy) before enqueueing`);
    const rows: PgBoss.JobInsert<T>[] = jobs.map((job) => ({
      name: queue,
      data: job.data,
      ...(job.singletonKey !== undefined ? { id: jobIdOf(queue, job.singletonKey), singletonKey: job.singletonKey } : {}),
      ...(job.priority !== undefined ? { priority: job.priority } : {}),
      ...options,
    }));
    for (let start = 0; start < rows.length; start += INSERT_SLICE_JOBS) {
      await this.#boss.insert(rows.slice(start, start + INSERT_SLICE_JOBS) as PgBoss.JobInsert[]);
    }
  }

  /** Runs `handler` on the queue's jobs, `concurrency` at once, until stop(). */
  work<T>(queue: string, options: WorkOptions, handler: JobHandler<T>): SlotGroup {
    // a stopped pg-boss answers every fetch with nothing: the slots would poll for ever without a word
    if (this.#stopped) throw new Error(`cannot work queue "${queue}": this JobQueue is stopped`);
    const group = startSlots<T>({
      boss: this.#boss,
      queue,
      concurrency: options.concurrency,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      ...(options.permits ? { permits: options.permits } : {}),
      handler,
      worker: this.worker,
      onEvent: this.#onEvent,
    });
    this.#groups.add(group);
    return group;
  }

  /** The jobs of a batch (data.batchId) in state `failed` (retries exhausted), with their last error, archived ones too. */
  async failedJobs<T extends BatchJobData = BatchJobData>(queue: string, batchId: string): Promise<FailedJob<T>[]> {
    const select = (table: string) =>
      `SELECT id, name, data, output, retry_count, completed_on FROM ${this.schema}.${table} WHERE name = $1 AND state = 'failed' AND data->>'batchId' = $2`;
    const result = await this.#boss.getDb().executeSql(`${select('job')} UNION ALL ${select('archive')} ORDER BY completed_on, id`, [queue, batchId]);
    return result.rows.map((r: { id: string; name: string; data: T; output: unknown; retry_count: number; completed_on: Date }) => ({
      jobId: r.id,
      queue: r.name,
      data: r.data,
      error: errorText(r.output),
      attempts: r.retry_count + 1,
      failedAt: r.completed_on,
    }));
  }

  /** How many jobs of a batch (data.batchId) are in each state on these queues (archived jobs not counted). */
  async jobCounts(queues: readonly string[], batchId: string): Promise<JobCounts> {
    const result = await this.#boss.getDb().executeSql(
      `SELECT state::text AS state, count(*)::int AS n FROM ${this.schema}.job WHERE name = ANY($1::text[]) AND data->>'batchId' = $2 GROUP BY state`,
      [queues, batchId],
    );
    const counts: JobCounts = { created: 0, retry: 0, active: 0, completed: 0, cancelled: 0, failed: 0 };
    for (const row of result.rows as { state: JobState; n: number }[]) counts[row.state] = row.n;
    return counts;
  }

  /** Cancels a batch's jobs not yet finished (waiting, retrying or running); answers how many. */
  async cancelJobs(queue: string, batchId: string): Promise<number> {
    const result = await this.#boss.getDb().executeSql(`SELECT id FROM ${this.schema}.job WHERE name = $1 AND state < 'completed' AND data->>'batchId' = $2`, [queue, batchId]);
    const ids = (result.rows as { id: string }[]).map((r) => r.id);
    if (ids.length > 0) await this.#boss.cancel(queue, ids);
    return ids.length;
  }

  /** Stops every slot group (graceful: the jobs in hand finish and are recorded first), then pg-boss and its pool. */
  async stop(options: StopOptions = { graceful: true }): Promise<void> {
    this.#stopped = true;
    await Promise.all([...this.#groups].map((group) => group.stop(options)));
    this.#groups.clear();
    // the slots are pg-boss's only work and they are done: nothing is left for its own graceful wait
    await this.#boss.stop({ graceful: false, close: true, wait: true });
  }
}
