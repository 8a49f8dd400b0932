import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchResult } from '../../api/book.ts';
import type { Envelope } from '../../api/envelope.ts';
import type { EventPayloads } from '../../api/events.ts';
import type { Job, JobProgress } from '../../api/jobs.ts';
import type { StoredRun } from '../../api/runs.ts';
import { createCore, type Core } from '../createCore.ts';
import { openServices } from '../services.ts';

let home: string;
let core: Core;
beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-batch-cancel-'));
  core = createCore(openServices({ home, highsWorkers: 2 }));
  value(await core.dispatch('accounts/demo', { count: 1500, seed: 5 }));
});
afterAll(async () => {
  core.cancelJobs();
  await core.services.close();
  fs.rmSync(home, { recursive: true, force: true });
});

function value<T>(r: Envelope<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

const batchArgs = (out: string) => ({ book: 'demo', universe: 'demo', useCase: 'index-tracking', timeLimit: 2, out });

/**
 * Starts a batch job and cancels it once the progress reaches `stage` (and `after` of it is reported);
 * answers the finished job, the seconds from the cancel to the end, and the progress seen.
 */
async function cancelDuring(stage: string, out: string, after = 1): Promise<{ job: Job; secondsToStop: number; progress: JobProgress[] }> {
  const progress: JobProgress[] = [];
  let jobId = '';
  let cancelledAt = 0;
  const finished = new Promise<Job>((resolve) => {
    const offProgress = core.subscribe('jobs/progress', (p) => {
      const payload = p as EventPayloads['jobs/progress'];
      if (payload.jobId !== jobId) return;
      progress.push(payload.progress);
      if (cancelledAt === 0 && progress.filter((x) => x.stage === stage).length >= after) {
        cancelledAt = performance.now();
        void core.dispatch('jobs/cancel', { jobId });
      }
    });
    const offFinished = core.subscribe('jobs/finished', (p) => {
      const { job } = p as EventPayloads['jobs/finished'];
      if (job.id !== jobId) return;
      offProgress();
      offFinished();
      resolve(job);
    });
  });
  jobId = value<Job>(await core.dispatch('jobs/start', { method: 'book/batch', args: batchArgs(out) })).id;
  const job = await finished;
  return { job, secondsToStop: (performance.now() - cancelledAt) / 1000, progress };
}

describe('cancelling a batch', () => {
  for (const stage of ['optimize', 'map']) {
    it(`during its ${stage} stage: stops within 2 s, stores the run cancelled with the stages it ran, writes no file`, async () => {
      const out = path.join(home, `out-${stage}`);
      const { job, secondsToStop, progress } = await cancelDuring(stage, out);
      expect(job.state).toBe('cancelled');
      expect(job.outcome).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      expect(secondsToStop).toBeLessThan(2);
      expect(progress.some((p) => p.stage === 'write')).toBe(false);
      expect(fs.existsSync(out)).toBe(false);
      const runId = (job.outcome as { error: { details: { runId: number } } }).error.details.runId;
      const run = value<StoredRun>(await core.dispatch('runs/show', { id: runId }));
      expect(run.status).toBe('cancelled');
      const stages = run.spans.filter((s) => s.parent === null).map((s) => s.name);
      expect(stages).toContain(stage);
      expect(stages).not.toContain('write');
      expect(stages).not.toContain('persist');
      // a cancelled batch is not a batch run the Book screen offers
      expect(value<{ runId: number }[]>(await core.dispatch('book/runs', {})).some((r) => r.runId === runId)).toBe(false);
    });
  }

  it('leaves the pool and the store able to run the same batch to the end', async () => {
    const out = path.join(home, 'out-after');
    const result = value<BatchResult>(await core.dispatch('book/batch', batchArgs(out)));
    expect(result.accounts).toBe(1500);
    expect(result.unallocated).toBe(0);
    expect(fs.existsSync(path.join(out, 'run.json'))).toBe(true);
  });
});
