import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { fail, ok, type Envelope } from '../../api/envelope.ts';
import type { EventName, EventPayloads } from '../../api/events.ts';
import type { Job, JobMethod } from '../../api/jobs.ts';
import { methods, type MethodResults, type ParsedArgs } from '../../api/methods.ts';
import { toApiError } from '../apiError.ts';
import { NotFoundError } from '../errors.ts';
import type { JobControl } from './jobControl.ts';

/** The methods that run as jobs, each given its parsed arguments and the job's control. */
export type JobHandlers = { [M in JobMethod]: (args: ParsedArgs<M>, control: JobControl) => Promise<MethodResults[M]> };

/** Finished jobs kept for jobs/list and jobs/show; running jobs are always kept. */
export const FINISHED_JOBS_KEPT = 50;

interface Entry {
  job: Job;
  controller: AbortController;
}

/**
 * The core's jobs (DESIGN section 2: long work is start → progress → result, or cancel). A job runs its
 * method's handler on the event loop without holding up dispatch (the solves themselves run on the
 * HiGHS pool or in child processes), reports `jobs/progress` as the handler reports stages, and ends
 * with one `jobs/finished` carrying the method's envelope. Jobs live in this process only.
 */
export class JobRunner {
  /** every kept job by id, in start order */
  private readonly jobs = new Map<string, Entry>();
  /** ids of finished jobs, oldest first, for dropping beyond `keep` */
  private readonly finished: string[] = [];

  constructor(
    private readonly handlers: JobHandlers,
    private readonly events: EventEmitter,
    private readonly keep: number = FINISHED_JOBS_KEPT,
  ) {}

  /**
   * Validates `args` against the method's own schema now (a ZodError, so no job, for bad arguments)
   * and starts the handler on the next turn of the event loop, so that this answers first.
   */
  start(method: JobMethod, args: unknown): Job {
    const parsed = methods[method].parse(args ?? {});
    const job: Job = {
      id: randomUUID(),
      method,
      state: 'running',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      progress: null,
      outcome: null,
    };
    const entry: Entry = { job, controller: new AbortController() };
    this.jobs.set(job.id, entry);
    setImmediate(() => void this.run(entry, parsed));
    return snapshot(job);
  }

  show(jobId: string): Job {
    return snapshot(this.entry(jobId).job);
  }

  /**
   * Asks a running job to stop and answers at once, the job still `running`: it stops at its next
   * stage boundary (a running solve at once) and ends with state `cancelled` in its `jobs/finished`.
   * A job that has already ended is answered as it is.
   */
  cancel(jobId: string): Job {
    const { job, controller } = this.entry(jobId);
    if (job.state === 'running') controller.abort();
    return snapshot(job);
  }

  /** Every kept job, the newest first. */
  list(): Job[] {
    return [...this.jobs.values()].reverse().map((e) => snapshot(e.job));
  }

  /** Stops every running job (a closing shell); they end as their handlers unwind. */
  cancelAll(): void {
    for (const { job, controller } of this.jobs.values()) if (job.state === 'running') controller.abort();
  }

  private entry(jobId: string): Entry {
    const entry = this.jobs.get(jobId);
    if (!entry) throw new NotFoundError(`no job ${jobId} (jobs are kept while this process runs, the last ${this.keep} finished ones)`, { field: 'jobId' });
    return entry;
  }

  private async run(entry: Entry, args: unknown): Promise<void> {
    const { job, controller } = entry;
    const handler = this.handlers[job.method] as (a: unknown, c: JobControl) => Promise<unknown>;
    const control: JobControl = {
      signal: controller.signal,
      onProgress: (progress) => {
        if (job.state !== 'running') return;
        job.progress = progress;
        this.emit('jobs/progress', { jobId: job.id, progress });
      },
    };
    let outcome: Envelope<unknown>;
    try {
      outcome = ok(await handler(args, control));
    } catch (error) {
      outcome = fail(toApiError(error));
    }
    job.outcome = outcome;
    job.finishedAt = new Date().toISOString();
    job.state = outcome.ok ? 'done' : outcome.error.code === 'cancelled' ? 'cancelled' : 'failed';
    this.finished.push(job.id);
    while (this.finished.length > this.keep) this.jobs.delete(this.finished.shift()!);
    this.emit('jobs/finished', { job: snapshot(job) });
  }

  private emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    this.events.emit(event, payload);
  }
}

/** A copy for callers: the registry's own job keeps changing while it runs. */
function snapshot(job: Job): Job {
  return { ...job };
}
