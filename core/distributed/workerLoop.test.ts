import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PrivatePostgres, startPrivatePostgres } from '../sync/testing/privatePostgres.ts';
import { createScratchDatabase, queryRows } from '../sync/testing/scratchDatabase.ts';
import { waitForResults } from './batchProgress.ts';
import { BatchStore } from './batchStore.ts';
import { BOSS_SCHEMA, JobQueue, type QueuePolicy } from './jobQueue.ts';
import { startToyWorker, stopToyWorker, TOY_KIND, type ToyJob, type ToyWorkerProcess } from './testing/toyWorkers.ts';

/** Real worker processes (core/distributed/testing/toyWorker.ts) against a real PostgreSQL. */

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let store: BatchStore;
let jobs: JobQueue;
const workers: ToyWorkerProcess[] = [];

beforeAll(async () => {
  scratch = await createScratchDatabase();
  store = await BatchStore.open(scratch.url);
  jobs = await JobQueue.open({ url: scratch.url, maintenanceIntervalSeconds: 1 });
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => stopToyWorker(w)));
});
afterAll(async () => {
  await jobs?.stop({ graceful: false });
  await store?.close();
  await scratch?.drop();
});

const squares = (batchId: string, n: number, sleepMs: number) =>
  Array.from({ length: n }, (_, key) => ({ data: { batchId, key, value: key + 1, sleepMs } satisfies ToyJob, singletonKey: `${batchId}:${key}` }));
const keys = (n: number) => Array.from({ length: n }, (_, k) => k);
const started = (w: ToyWorkerProcess) => w.waitFor((e) => e.type === 'worker-started', 20_000);

async function rowsOf(url: string, batchId: string): Promise<{ key: number; square: number; worker: string; attempt: number }[]> {
  const rows = await queryRows(url, `SELECT key, convert_from(body, 'UTF8'), worker, attempt FROM jessica_dist.results WHERE batch_id = $1 AND kind = $2 ORDER BY key`, [batchId, TOY_KIND]);
  return rows.map(([key, square, worker, attempt]) => ({ key: Number(key), square: Number(square), worker: worker!, attempt: Number(attempt) }));
}

describe('runWorker in child processes', () => {
  it('two worker processes complete 40 jobs enqueued in one insert, each key once, both doing work', async () => {
    await jobs.ensureQueue('toy', { retryLimit: 2, retryDelay: 0, retryBackoff: false, expireInSeconds: 30 });
    const a = startToyWorker({ url: scratch.url, queue: 'toy', concurrency: 2 });
    const b = startToyWorker({ url: scratch.url, queue: 'toy', concurrency: 2 });
    workers.push(a, b);
    await Promise.all([started(a), started(b)]);

    await store.createBatch('forty', { jobs: 40 });
    await jobs.enqueue('toy', squares('forty', 40, 100));
    const progress: number[] = [];
    await waitForResults({ store, jobs, queues: 'toy', batchId: 'forty', kind: TOY_KIND, expectedKeys: keys(40), pollMs: 100, stallSeconds: 20, onProgress: (done) => progress.push(done) });

    const rows = await rowsOf(scratch.url, 'forty');
    expect(rows.map((r) => [r.key, r.square])).toEqual(keys(40).map((k) => [k, (k + 1) ** 2]));
    const byWorker = new Set(rows.map((r) => r.worker));
    expect([...byWorker].map((w) => Number(w.split(':').at(-1))).sort()).toEqual([a.pid, b.pid].sort());
    expect(progress.at(-1)).toBe(40);
    expect(await jobs.jobCounts(['toy'], 'forty')).toMatchObject({ completed: 40, failed: 0, active: 0 });

    expect(await Promise.all([stopToyWorker(a), stopToyWorker(b)])).toEqual([0, 0]);
    expect(a.events.at(-1)).toMatchObject({ type: 'exit' });
  });

  it('a worker killed mid-job: its job expires, another worker retries it, every result is there once', async () => {
    const policy: QueuePolicy = { retryLimit: 2, retryDelay: 0, retryBackoff: false, expireInSeconds: 3 };
    await jobs.ensureQueue('toy-kill', policy);
    const doomed = startToyWorker({ url: scratch.url, queue: 'toy-kill', concurrency: 1, maintenanceIntervalSeconds: 1 });
    workers.push(doomed);
    await started(doomed);

    await store.createBatch('killed', {});
    await jobs.enqueue('toy-kill', squares('killed', 4, 1_000));
    const held = await doomed.waitFor((e) => e.type === 'job-started');
    // the survivor starts only now, so the doomed worker certainly holds a job when it dies
    const survivor = startToyWorker({ url: scratch.url, queue: 'toy-kill', concurrency: 2, maintenanceIntervalSeconds: 1 });
    workers.push(survivor);
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toBe('SIGKILL');
    const killedAt = Date.now();

    await waitForResults({ store, jobs, queues: 'toy-kill', batchId: 'killed', kind: TOY_KIND, expectedKeys: keys(4), pollMs: 100, stallSeconds: 20 });
    const [[heldKey]] = (await queryRows(scratch.url, `SELECT data->>'key' FROM ${BOSS_SCHEMA}.job WHERE id = $1`, [held.jobId])) as [[string]];
    const rows = await rowsOf(scratch.url, 'killed');
    expect(rows.map((r) => [r.key, r.square])).toEqual(keys(4).map((k) => [k, (k + 1) ** 2]));
    const retried = rows.find((r) => r.key === Number(heldKey))!;
    // the retry ran on the survivor, as pg-boss's first retry, once the job had expired (3 s after it started)
    expect(retried).toMatchObject({ worker: expect.stringMatching(new RegExp(`:${survivor.pid}$`)), attempt: 1 });
    expect(rows.filter((r) => r !== retried).every((r) => r.attempt === 0)).toBe(true);
    const retryStart = survivor.events.find((e) => e.type === 'job-started' && e.jobId === held.jobId);
    expect(retryStart).toMatchObject({ attempt: 1 });
    expect(Date.now() - killedAt).toBeLessThan(15_000);
  });

  describe('with PostgreSQL restarted mid-batch', () => {
    let server: PrivatePostgres;
    beforeAll(async () => {
      server = await startPrivatePostgres();
    });
    afterAll(() => {
      server?.stop();
    });

    it('the worker process rides out the restart and the batch completes', async () => {
      const url = server.adminUrl;
      const ownStore = await BatchStore.open(url, { onError: () => {} });
      const ownJobs = await JobQueue.open({ url, maintenanceIntervalSeconds: 1 });
      try {
        await ownJobs.ensureQueue('toy', { retryLimit: 3, retryDelay: 0, retryBackoff: false, expireInSeconds: 10 });
        const worker = startToyWorker({ url, queue: 'toy', concurrency: 2, maintenanceIntervalSeconds: 1 });
        workers.push(worker);
        await started(worker);

        await ownStore.createBatch('restart', {});
        await ownJobs.enqueue('toy', squares('restart', 30, 150));
        await worker.waitFor(() => worker.events.filter((e) => e.type === 'squared').length >= 8);
        server.restart();
        const restartedAt = new Date();
        const doneBefore = worker.events.filter((e) => e.type === 'squared').length;
        expect(doneBefore).toBeLessThan(30);

        await waitForResults({ store: ownStore, jobs: ownJobs, queues: 'toy', batchId: 'restart', kind: TOY_KIND, expectedKeys: keys(30), pollMs: 200, stallSeconds: 30 });
        expect(worker.child.exitCode).toBeNull();
        const rows = await rowsOf(url, 'restart');
        expect(rows.map((r) => [r.key, r.square])).toEqual(keys(30).map((k) => [k, (k + 1) ** 2]));
        const after = await queryRows(url, `SELECT count(*) FROM jessica_dist.results WHERE batch_id = 'restart' AND created_at > $1`, [restartedAt.toISOString()]);
        expect(Number(after[0]![0])).toBeGreaterThan(0);
        // it did see the server go: pg-boss's pool or the store's reported the ended connections as events
        expect(worker.events.some((e) => (e.type === 'error' || e.type === 'store-error') && /terminat|ECONNREFUSED|closed/i.test(String(e.error)))).toBe(true);
        expect(await stopToyWorker(worker)).toBe(0);
      } finally {
        await ownJobs.stop({ graceful: false });
        await ownStore.close();
      }
    });
  });
});
