import type { Envelope } from '../../../api/envelope.ts';
import type { EventName, EventPayloads } from '../../../api/events.ts';
import type { Job, JobMethod, JobProgress } from '../../../api/jobs.ts';
import type { Transport } from '../../../api/transport.ts';

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
}

type Answer = (args: Record<string, unknown>) => Envelope<unknown>;

/**
 * A core for the renderer's component tests: each method answers as the test scripts it, every call is recorded,
 * and jobs run by hand (`jobs/start` answers a running job; the test reports its progress and ends it).
 */
export class ScriptedCore {
  readonly calls: RecordedCall[] = [];
  readonly jobs = new Map<string, Job>();
  private readonly answers = new Map<string, Answer>();
  private readonly handlers = new Map<string, Set<(payload: unknown) => void>>();

  /** how `method` answers from now on */
  answer(method: string, answer: Answer): this {
    this.answers.set(method, answer);
    return this;
  }

  callsOf(method: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  /** the `jobs/start` calls: the method each started and its arguments */
  started(): { method: string; args: Record<string, unknown> }[] {
    return this.callsOf('jobs/start').map((a) => ({ method: String(a.method), args: (a.args ?? {}) as Record<string, unknown> }));
  }

  lastJobId(): string {
    const ids = [...this.jobs.keys()];
    if (ids.length === 0) throw new Error('no job was started');
    return ids.at(-1)!;
  }

  progress(jobId: string, progress: JobProgress): void {
    this.jobs.set(jobId, { ...this.jobs.get(jobId)!, progress });
    this.emit('jobs/progress', { jobId, progress });
  }

  finish(jobId: string, outcome: Envelope<unknown>): void {
    const state: Job['state'] = outcome.ok ? 'done' : outcome.error.code === 'cancelled' ? 'cancelled' : 'failed';
    const job: Job = { ...this.jobs.get(jobId)!, state, outcome, finishedAt: '2026-04-10T12:00:01Z' };
    this.jobs.set(jobId, job);
    this.emit('jobs/finished', { job });
  }

  private emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const handler of this.handlers.get(event) ?? []) handler(payload);
  }

  private invoke(method: string, args: Record<string, unknown>): Envelope<unknown> {
    this.calls.push({ method, args });
    if (method === 'jobs/start') {
      const id = `job-${this.jobs.size + 1}`;
      const job: Job = { id, method: args.method as JobMethod, state: 'running', startedAt: '2026-04-10T12:00:00Z', finishedAt: null, progress: null, outcome: null };
      this.jobs.set(id, job);
      return { ok: true, value: job };
    }
    if (method === 'jobs/show') return { ok: true, value: this.jobs.get(String(args.jobId)) };
    if (method === 'jobs/cancel') {
      const id = String(args.jobId);
      // as the core does: the job is still running when the answer comes, and ends at its next stage
      queueMicrotask(() => this.finish(id, { ok: false, error: { code: 'cancelled', message: 'cancelled by the user' } }));
      return { ok: true, value: this.jobs.get(id) };
    }
    const answer = this.answers.get(method);
    return answer ? answer(args) : { ok: false, error: { code: 'unknown-method', message: `the test scripted no answer for ${method}` } };
  }

  transport(): Transport {
    return {
      invoke: (async (method: string, args: Record<string, unknown>) => this.invoke(method, args ?? {})) as Transport['invoke'],
      subscribe: ((event: string, handler: (payload: unknown) => void) => {
        const set = this.handlers.get(event) ?? new Set();
        this.handlers.set(event, set);
        set.add(handler);
        return () => set.delete(handler);
      }) as Transport['subscribe'],
    };
  }
}
