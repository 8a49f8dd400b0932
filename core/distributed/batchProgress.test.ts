import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '../sync/testing/scratchDatabase.ts';
import { BatchJobsFailed, BatchStalled, waitForResults } from './batchProgress.ts';
import { BatchStore } from './batchStore.ts';
import { JobQueue } from './jobQueue.ts';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let store: BatchStore;
let jobs: JobQueue;
const policy = { retryLimit: 1, retryDelay: 0, retryBackoff: false, expireInSeconds: 30 };

beforeAll(async () => {
  scratch = await createScratchDatabase();
  store = await BatchStore.open(scratch.url);
  jobs = await JobQueue.open({ url: scratch.url });
});
afterAll(async () => {
  await jobs?.stop({ graceful: false });
  await store?.close();
  await scratch?.drop();
});

interface Job {
  batchId: string;
  key: number;
  sleepMs: number;
  fails?: boolean;
}
const keys = (n: number) => Array.from({ length: n }, (_, k) => k);

/** A batch of n jobs on `queue`. */
async function batch(queue: string, batchId: string, n: number, job: (key: number) => Partial<Job> = () => ({})): Promise<void> {
  await jobs.ensureQueue(queue, policy);
  await store.createBatch(batchId, {});
  await jobs.enqueue(
    queue,
    keys(n).map((key) => ({ data: { batchId, key, sleepMs: 0, ...job(key) } satisfies Job })),
  );
}
/** Serves `queue` in this process: writes "ok" after the job's sleep, or throws for a job that fails. */
const serve = (queue: string) =>
  jobs.work<Job>(queue, { concurrency: 3, pollingIntervalSeconds: 0.5 }, async (data, meta) => {
    await sleep(data.sleepMs, undefined, { signal: meta.signal });
    if (data.fails) throw new Error(`the solver found key ${data.key} infeasible`);
    await store.putResult(data.batchId, 'fit', data.key, Buffer.from('ok'), meta.worker, meta.attempt);
  });

describe('waitForResults', () => {
  it('resolves when every key has a result, reporting progress up to the total', async () => {
    await batch('ok-q', 'ok', 12, () => ({ sleepMs: 50 }));
    const group = serve('ok-q');
    const seen: [number, number][] = [];
    await waitForResults({ store, jobs, queues: ['ok-q'], batchId: 'ok', kind: 'fit', expectedKeys: keys(12), pollMs: 50, onProgress: (d, t) => seen.push([d, t]) });
    await group.stop({ graceful: true });
    expect(seen.at(-1)).toEqual([12, 12]);
    expect(seen.every(([d], i) => i === 0 || d > seen[i - 1]![0])).toBe(true);
  });

  it('a job that always throws: failed after its retries, and the wait rejects naming its key and the error', async () => {
    await batch('fail-q', 'fails', 6, (key) => ({ fails: key === 3 }));
    const group = serve('fail-q');
    const began = Date.now();
    const error = await waitForResults({ store, jobs, queues: 'fail-q', batchId: 'fails', kind: 'fit', expectedKeys: keys(6), pollMs: 100, stallSeconds: 20 }).catch((e: unknown) => e);
    await group.stop({ graceful: true });
    expect(error).toBeInstanceOf(BatchJobsFailed);
    expect((error as Error).message).toBe('batch "fails": 1 job(s) of kind "fit" failed with their retries exhausted: key 3 after 2 attempts: the solver found key 3 infeasible');
    expect((error as BatchJobsFailed).missingKeys).toEqual([3]);
    expect(await store.countResults('fails', 'fit')).toBe(5);
    expect(Date.now() - began).toBeLessThan(10_000);
  });

  it('failFast rejects at the first failed job while others still run', async () => {
    await batch('fast-q', 'fast', 3, (key) => (key === 0 ? { fails: true } : { sleepMs: 8_000 }));
    const group = serve('fast-q');
    const began = Date.now();
    await expect(waitForResults({ store, jobs, queues: 'fast-q', batchId: 'fast', kind: 'fit', expectedKeys: keys(3), pollMs: 100, failFast: true })).rejects.toThrow(
      /key 0 after 2 attempts: the solver found key 0 infeasible; 2 other key\(s\) have no result and no job left: 1, 2$/,
    );
    expect(Date.now() - began).toBeLessThan(5_000);
    await group.stop({ graceful: false });
  });

  it('stalls with an error naming the missing keys when no worker takes the jobs', async () => {
    await batch('idle-q', 'idle', 3);
    const error = await waitForResults({ store, jobs, queues: 'idle-q', batchId: 'idle', kind: 'fit', expectedKeys: keys(3), pollMs: 100, stallSeconds: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BatchStalled);
    expect((error as Error).message).toMatch(/^batch "idle": 3 result\(s\) of kind "fit" missing \(keys 0, 1, 2\): no new result and no job running for \d+ s while 3 job\(s\) wait on queue\(s\) idle-q: is a worker serving them\?$/);
  });

  it('rejects at once when keys are missing and no job of the batch is left to write them', async () => {
    await batch('few-q', 'few', 2);
    const group = serve('few-q');
    const expected = [...keys(2), ...Array.from({ length: 25 }, (_, i) => 100 + i)];
    const began = Date.now();
    await expect(waitForResults({ store, jobs, queues: 'few-q', batchId: 'few', kind: 'fit', expectedKeys: expected, pollMs: 100, stallSeconds: 60 })).rejects.toThrow(
      'batch "few": 25 result(s) of kind "fit" missing with no job of the batch left on queue(s) few-q to write them (keys 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119 … and 5 more; jobs completed 2, cancelled 0, failed 0): never enqueued, or completed without writing a result',
    );
    expect(Date.now() - began).toBeLessThan(5_000);
    await group.stop({ graceful: true });
  });

  it('an abort rejects with the signal’s reason', async () => {
    await batch('abort-q', 'aborted', 2);
    const control = new AbortController();
    setTimeout(() => control.abort(new Error('the manager cancelled the batch')), 300);
    await expect(waitForResults({ store, jobs, queues: 'abort-q', batchId: 'aborted', kind: 'fit', expectedKeys: keys(2), pollMs: 100, signal: control.signal })).rejects.toThrow(
      'the manager cancelled the batch',
    );
  });
});
