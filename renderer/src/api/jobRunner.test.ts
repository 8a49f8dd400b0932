import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../../api/envelope.ts';
import type { EventName, EventPayloads } from '../../../api/events.ts';
import type { Job, JobProgress } from '../../../api/jobs.ts';
import type { Transport } from '../../../api/transport.ts';
import { ApiFailure } from './apiFailure.ts';
import { startJob } from './jobRunner.ts';

/** A core that runs jobs by hand: the test says when a stage starts and when the job ends. */
class HandCore {
  readonly handlers = new Map<string, Set<(payload: unknown) => void>>();
  readonly jobs = new Map<string, Job>();
  calls: string[] = [];
  /** stages to report while `jobs/start` is still answering, as a fast job does */
  startStages: string[] = [];
  emitEnd = true;
  refuse: Envelope<never> | null = null;

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    for (const h of this.handlers.get(event) ?? []) h(payload);
  }

  progress(jobId: string, stage: string): void {
    const progress: JobProgress = { stage, fraction: null, message: '' };
    this.jobs.set(jobId, { ...this.jobs.get(jobId)!, progress });
    this.emit('jobs/progress', { jobId, progress });
  }

  end(jobId: string, state: Job['state'], outcome: Envelope<unknown>): void {
    const job = { ...this.jobs.get(jobId)!, state, outcome, finishedAt: '2025-01-01T00:00:01Z' };
    this.jobs.set(jobId, job);
    if (this.emitEnd) this.emit('jobs/finished', { job });
  }

  transport(): Transport {
    return {
      invoke: (async (method: string, args: Record<string, unknown>) => {
        this.calls.push(method);
        if (method === 'jobs/start') {
          if (this.refuse) return this.refuse;
          const id = `job-${this.jobs.size + 1}`;
          this.jobs.set(id, { id, method: 'portfolio/optimize', state: 'running', startedAt: '2025-01-01T00:00:00Z', finishedAt: null, progress: null, outcome: null });
          for (const s of this.startStages) this.progress(id, s);
          return { ok: true, value: this.jobs.get(id) };
        }
        if (method === 'jobs/show') return { ok: true, value: this.jobs.get(String(args.jobId)) };
        if (method === 'jobs/cancel') {
          const id = String(args.jobId);
          this.end(id, 'cancelled', { ok: false, error: { code: 'cancelled', message: 'cancelled by the user' } });
          return { ok: true, value: this.jobs.get(id) };
        }
        return { ok: false, error: { code: 'unknown-method', message: method } };
      }) as Transport['invoke'],
      subscribe: ((event: string, handler: (payload: unknown) => void) => {
        const set = this.handlers.get(event) ?? new Set();
        this.handlers.set(event, set);
        set.add(handler);
        return () => set.delete(handler);
      }) as Transport['subscribe'],
    };
  }

  listeners(): number {
    return [...this.handlers.values()].reduce((n, s) => n + s.size, 0);
  }
}

const args = { universe: 'demo', useCase: 'index-tracking' };

describe('startJob', () => {
  it('keeps the progress that arrives before jobs/start answers, then ends with the method envelope', async () => {
    const core = new HandCore();
    core.startStages = ['load', 'returns'];
    const stages: string[] = [];
    const running = await startJob(core.transport(), 'portfolio/optimize', args, { onProgress: (p) => stages.push(p.stage), pollMs: 60_000 });
    core.progress(running.job.id, 'solve');
    core.progress('another-job', 'persist');
    core.end(running.job.id, 'done', { ok: true, value: { runId: 7 } });
    const outcome = await running.finished;
    expect(stages).toEqual(['load', 'returns', 'solve']);
    expect(outcome).toEqual({ ok: true, value: { runId: 7 } });
    expect(core.listeners()).toBe(0);
  });

  it('finds the end by asking jobs/show when the end event never comes (a dropped socket)', async () => {
    const core = new HandCore();
    core.emitEnd = false;
    const running = await startJob(core.transport(), 'portfolio/optimize', args, { pollMs: 5 });
    core.end(running.job.id, 'failed', { ok: false, error: { code: 'infeasible', message: 'con.max-names with con.min-weight', where: { component: 'con.max-names' } } });
    const outcome = await running.finished;
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error.where?.component).toBe('con.max-names');
    expect(core.calls).toContain('jobs/show');
  });

  it('ends a cancelled job with code cancelled', async () => {
    const core = new HandCore();
    const running = await startJob(core.transport(), 'portfolio/optimize', args, { pollMs: 60_000 });
    await running.cancel();
    const outcome = await running.finished;
    expect(!outcome.ok && outcome.error.code).toBe('cancelled');
  });

  it('throws the error envelope when the job cannot start, and listens no more', async () => {
    const core = new HandCore();
    core.refuse = { ok: false, error: { code: 'bad-input', message: 'lookback: expected a whole number', where: { field: 'lookback' } } };
    const started = startJob(core.transport(), 'portfolio/optimize', args);
    await expect(started).rejects.toBeInstanceOf(ApiFailure);
    await expect(started).rejects.toMatchObject({ error: { where: { field: 'lookback' } } });
    expect(core.listeners()).toBe(0);
  });
});
