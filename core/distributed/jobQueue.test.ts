import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, queryRows } from '../sync/testing/scratchDatabase.ts';
import { BOSS_SCHEMA, type BatchJobData, JobQueue, type QueueEvent } from './jobQueue.ts';
import { SlotPermits } from './jobSlots.ts';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let jobs: JobQueue;
const events: QueueEvent[] = [];
const policy = { retryLimit: 1, retryDelay: 0, retryBackoff: false, expireInSeconds: 30 };

beforeAll(async () => {
  scratch = await createScratchDatabase();
  jobs = await JobQueue.open({ url: scratch.url, onEvent: (e) => events.push(e) });
});
afterAll(async () => {
  await jobs?.stop({ graceful: false });
  await scratch?.drop();
});

interface Job extends BatchJobData {
  key: number;
  sleepMs?: number;
}
const batchOf = (batchId: string, n: number, sleepMs = 0) => Array.from({ length: n }, (_, key) => ({ data: { batchId, key, sleepMs }, singletonKey: `${batchId}:${key}` }));
const states = (queue: string) => queryRows(scratch.url, `SELECT state::text, count(*) FROM ${BOSS_SCHEMA}.job WHERE name = $1 GROUP BY 1 ORDER BY 1`, [queue]);

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('JobQueue', () => {
  it('ensureQueue creates a queue and sets the policy of an existing one', async () => {
    await jobs.ensureQueue('policy-q', policy);
    await jobs.ensureQueue('policy-q', { retryLimit: 4, retryDelay: 2, retryBackoff: true, expireInSeconds: 9 });
    const rows = await queryRows(scratch.url, `SELECT policy, retry_limit, retry_delay, retry_backoff, expire_seconds FROM ${BOSS_SCHEMA}.queue WHERE name = 'policy-q'`);
    expect(rows).toEqual([['standard', '4', '2', 't', '9']]);
  });

  it('enqueues 40 jobs in one insert, once however often they are enqueued, and refuses a queue that does not exist', async () => {
    await jobs.ensureQueue('insert-q', policy);
    await jobs.enqueue('insert-q', batchOf('b1', 40));
    await jobs.enqueue('insert-q', batchOf('b1', 40));
    // one statement: every row has the same created_on (now() is the transaction's start)
    const rows = await queryRows(scratch.url, `SELECT count(*), count(DISTINCT created_on), count(DISTINCT data->>'key') FROM ${BOSS_SCHEMA}.job WHERE name = 'insert-q'`);
    expect(rows).toEqual([['40', '1', '40']]);
    await expect(jobs.enqueue('no-such-q', batchOf('b1', 1))).rejects.toThrow('queue "no-such-q" does not exist in jessica_boss: ensureQueue("no-such-q", policy) before enqueueing');
  });

  it('adds an index in pg-boss’s fetch order, so a fetch reads the first waiting job instead of sorting them all', async () => {
    await jobs.ensureQueue('order-q', policy);
    await jobs.enqueue('order-q', batchOf('o', 3_000));
    await queryRows(scratch.url, `ANALYZE ${BOSS_SCHEMA}.job`);
    // pg-boss 10.4.2's fetch statement (plans.js fetchNextJob), its first part
    const plan = await queryRows(
      scratch.url,
      `EXPLAIN SELECT id FROM ${BOSS_SCHEMA}.job WHERE name = 'order-q' AND state < 'active' AND start_after < now() ORDER BY priority desc, created_on, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
    const text = plan.map((r) => r[0]).join('\n');
    expect(text).toMatch(/Index Scan using \w*name_priority_created_on_id_idx/);
    expect(text).not.toMatch(/Sort/);
    // a second process opening the same database finds it there
    const again = await JobQueue.open({ url: scratch.url });
    await again.stop({ graceful: false });
  });

  it('hands the jobs of one insert out by priority, and without one in no order of their keys', async () => {
    const taken = async (queue: string, priority: boolean): Promise<number[]> => {
      await jobs.ensureQueue(queue, policy);
      const n = 30;
      await jobs.enqueue(queue, batchOf(queue, n).map((job, key) => (priority ? { ...job, priority: n - key } : job)));
      const order: number[] = [];
      const group = jobs.work<Job>(queue, { concurrency: 1, pollingIntervalSeconds: 0.5 }, async (data) => void order.push(data.key));
      await until(`${n} jobs of ${queue}`, () => order.length === n);
      await group.stop({ graceful: true });
      return order;
    };
    const keys = Array.from({ length: 30 }, (_, k) => k);
    expect(await taken('prio-q', true)).toEqual(keys);
    // the ids are hashes of the keys: what the coordinator's priorities are for (distributedBatch.ts)
    const unordered = await taken('noprio-q', false);
    expect([...unordered].sort((a, b) => a - b)).toEqual(keys);
    expect(unordered).not.toEqual(keys);
  });

  it('runs `concurrency` jobs at once, and a shared permit pool caps the process across queues', async () => {
    await jobs.ensureQueue('conc-a', policy);
    await jobs.ensureQueue('conc-b', policy);
    let running = 0;
    let most = 0;
    const done: number[] = [];
    const handler = async (data: Job) => {
      running++;
      most = Math.max(most, running);
      await sleep(data.sleepMs ?? 0);
      running--;
      done.push(data.key);
    };
    await jobs.enqueue('conc-a', batchOf('c', 9, 250));
    const group = jobs.work<Job>('conc-a', { concurrency: 3, pollingIntervalSeconds: 0.5 }, handler);
    await until('9 jobs', () => done.length === 9);
    await group.stop({ graceful: true });
    expect(most).toBe(3);
    expect(await states('conc-a')).toEqual([['completed', '9']]);

    running = 0;
    most = 0;
    done.length = 0;
    const permits = new SlotPermits(2);
    await jobs.enqueue('conc-a', batchOf('d', 6, 200));
    await jobs.enqueue('conc-b', batchOf('e', 6, 200));
    const a = jobs.work<Job>('conc-a', { concurrency: 2, pollingIntervalSeconds: 0.5, permits }, handler);
    const b = jobs.work<Job>('conc-b', { concurrency: 2, pollingIntervalSeconds: 0.5, permits }, handler);
    await until('12 jobs', () => done.length === 12);
    await Promise.all([a.stop({ graceful: true }), b.stop({ graceful: true })]);
    expect(most).toBe(2);
  });

  it('lists a batch’s jobs that failed with retries exhausted, with their data and last error', async () => {
    await jobs.ensureQueue('fail-q', { ...policy, retryLimit: 2 });
    const attempts: number[] = [];
    await jobs.enqueue('fail-q', [...batchOf('f', 3), ...batchOf('other-batch', 1)]);
    const group = jobs.work<Job>('fail-q', { concurrency: 2, pollingIntervalSeconds: 0.5 }, async (data, meta) => {
      if (data.key === 1) {
        attempts.push(meta.attempt);
        throw new Error(`no answer for key ${data.key} on attempt ${meta.attempt}`);
      }
    });
    await until('the failing job to be failed', async () => (await jobs.jobCounts(['fail-q'], 'f')).failed === 1);
    await group.stop({ graceful: true });
    expect(attempts).toEqual([0, 1, 2]);
    const failed = await jobs.failedJobs<Job>('fail-q', 'f');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ queue: 'fail-q', data: { batchId: 'f', key: 1 }, error: 'no answer for key 1 on attempt 2', attempts: 3 });
    expect(await jobs.failedJobs('fail-q', 'other-batch')).toEqual([]);
    expect(await jobs.jobCounts(['fail-q'], 'f')).toEqual({ created: 0, retry: 0, active: 0, completed: 2, cancelled: 0, failed: 1 });
  });

  it('aborts and fails a job that runs past its expiry', async () => {
    await jobs.ensureQueue('expiry-q', { ...policy, retryLimit: 0, expireInSeconds: 1 });
    await jobs.enqueue('expiry-q', batchOf('x', 1));
    let aborted = false;
    const group = jobs.work<Job>('expiry-q', { concurrency: 1, pollingIntervalSeconds: 0.5 }, async (_data, meta) => {
      await sleep(5_000, undefined, { signal: meta.signal }).catch(() => {
        aborted = true;
      });
    });
    await until('the job to fail', async () => (await jobs.jobCounts(['expiry-q'], 'x')).failed === 1);
    await group.stop({ graceful: true });
    expect(aborted).toBe(true);
    expect((await jobs.failedJobs('expiry-q', 'x'))[0]!.error).toMatch(/^job [0-9a-f-]+ of queue "expiry-q" ran past its expiry of 1 s$/);
  });

  it('a graceful stop finishes the job in hand; an immediate one fails it so another worker retries it', async () => {
    await jobs.ensureQueue('stop-q', policy);
    await jobs.enqueue('stop-q', batchOf('s', 1, 800));
    let finished = false;
    const graceful = jobs.work<Job>('stop-q', { concurrency: 1, pollingIntervalSeconds: 0.5 }, async (data) => {
      await sleep(data.sleepMs ?? 0);
      finished = true;
    });
    await until('the job to start', () => graceful.inHand() === 1);
    await graceful.stop({ graceful: true });
    expect(finished).toBe(true);
    expect(await states('stop-q')).toEqual([['completed', '1']]);

    await jobs.enqueue('stop-q', batchOf('t', 1, 5_000));
    const immediate = jobs.work<Job>('stop-q', { concurrency: 1, pollingIntervalSeconds: 0.5 }, (data, meta) => sleep(data.sleepMs ?? 0, undefined, { signal: meta.signal }));
    await until('the job to start', () => immediate.inHand() === 1);
    const stopped = Date.now();
    await immediate.stop({ graceful: false });
    expect(Date.now() - stopped).toBeLessThan(2_000);
    const rows = await queryRows(scratch.url, `SELECT state::text, output->>'message' FROM ${BOSS_SCHEMA}.job WHERE name = 'stop-q' AND data->>'batchId' = 't'`);
    expect(rows).toEqual([['retry', expect.stringMatching(/^worker .+ stopped before job [0-9a-f-]+ of queue "stop-q" finished$/)]]);
  });

  it('cancels a batch’s unfinished jobs', async () => {
    await jobs.ensureQueue('cancel-q', policy);
    await jobs.enqueue('cancel-q', [...batchOf('k', 5), ...batchOf('keep', 2)]);
    expect(await jobs.cancelJobs('cancel-q', 'k')).toBe(5);
    expect(await jobs.jobCounts(['cancel-q'], 'k')).toMatchObject({ created: 0, cancelled: 5 });
    expect(await jobs.jobCounts(['cancel-q'], 'keep')).toMatchObject({ created: 2 });
  });

  it('reported no error while the database was up', () => {
    expect(events.filter((e) => e.type === 'error' || e.type === 'settle-lost' || e.type === 'slot-error')).toEqual([]);
  });
});
