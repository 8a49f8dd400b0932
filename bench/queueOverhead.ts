/**
 * bench/queueOverhead: what the distributed runtime costs per job, with a handler that does nothing but write its
 * (tiny) result: insert → fetch → run → putResult → complete, measured from the coordinator's side.
 *
 *   node --import tsx bench/queueOverhead.ts [--jobs 2000] [--runs 3] [--slots 1,4] [--pg postgres://postgres@127.0.0.1:5432/test]
 *
 * For each slot count: a scratch database, two toy worker processes (core/distributed/testing/toyWorker.ts) with
 * that many slots each, then `runs` batches of `jobs` jobs, each enqueued in one insert and waited for with
 * waitForResults. Per job: wall time / jobs (what a batch pays at that parallelism) and wall time × slots / jobs
 * (what one slot spends on a job's queue round trip). Also the enqueue alone, 2,000 jobs in one insert and 20,000
 * in slices. Peak memory: the largest resident set of a worker process, and of this (coordinator) process.
 */
import { parseArgs } from 'node:util';
import { waitForResults } from '../core/distributed/batchProgress.ts';
import { BatchStore } from '../core/distributed/batchStore.ts';
import { INSERT_SLICE_JOBS, JobQueue } from '../core/distributed/jobQueue.ts';
import { startToyWorker, stopToyWorker, TOY_KIND, type ToyJob } from '../core/distributed/testing/toyWorkers.ts';
import { createScratchDatabase, TEST_PG_URL } from '../core/sync/testing/scratchDatabase.ts';
import { median, markdownTable } from './benchTable.ts';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
    slots: { type: 'string', default: '1,4' },
    pg: { type: 'string', default: TEST_PG_URL },
  },
});
const jobCount = Number(values.jobs);
const runs = Number(values.runs);
const slotCounts = values.slots.split(',').map(Number);
const WORKERS = 2;
const QUEUE = 'bench';
const policy = { retryLimit: 2, retryDelay: 0, retryBackoff: false, expireInSeconds: 60 };

const batchOf = (batchId: string, n: number) =>
  Array.from({ length: n }, (_, key) => ({ data: { batchId, key, value: key } satisfies ToyJob, singletonKey: `${batchId}:${key}` }));
const keys = (n: number) => Array.from({ length: n }, (_, k) => k);
const mb = (x: number) => `${Math.round(x)} MB`;
const coordinatorRssMb = () => process.resourceUsage().maxRSS / 1024;

const rows: string[][] = [];
for (const slots of slotCounts) {
  const scratch = await createScratchDatabase(values.pg);
  const store = await BatchStore.open(scratch.url);
  const jobs = await JobQueue.open({ url: scratch.url });
  await jobs.ensureQueue(QUEUE, policy);
  const workers = Array.from({ length: WORKERS }, () => startToyWorker({ url: scratch.url, queue: QUEUE, concurrency: slots, pollingIntervalSeconds: 0.5, quiet: true }));
  try {
    await Promise.all(workers.map((w) => w.waitFor((e) => e.type === 'worker-started', 30_000)));
    const walls: number[] = [];
    const enqueues: number[] = [];
    // one untimed warm-up batch: the first statements plan, the first connections open
    for (let run = -1; run < runs; run++) {
      const batchId = `slots${slots}-run${run}`;
      await store.createBatch(batchId, {});
      const t0 = performance.now();
      await jobs.enqueue(QUEUE, batchOf(batchId, jobCount));
      const t1 = performance.now();
      await waitForResults({ store, jobs, queues: QUEUE, batchId, kind: TOY_KIND, expectedKeys: keys(jobCount), pollMs: 50, stallSeconds: 60 });
      const t2 = performance.now();
      if (run >= 0) {
        walls.push(t2 - t0);
        enqueues.push(t1 - t0);
      }
    }
    const exits = await Promise.all(workers.map((w) => stopToyWorker(w)));
    if (exits.some((code) => code !== 0)) throw new Error(`a toy worker exited with ${exits.join(', ')}: ${workers.map((w) => w.stderr()).join('\n')}`);
    const workerPeak = Math.max(...workers.map((w) => Number(w.events.find((e) => e.type === 'exit')?.maxRssMb ?? NaN)));
    const wall = median(walls);
    const totalSlots = WORKERS * slots;
    rows.push([
      `insert → fetch → putResult → complete, ${WORKERS} workers × ${slots} slot${slots === 1 ? '' : 's'}`,
      `${jobCount.toLocaleString('en-US')} no-op jobs`,
      `${(wall / 1000).toFixed(2)} s`,
      `${Math.round((jobCount / wall) * 1000).toLocaleString('en-US')}`,
      `${(wall / jobCount).toFixed(2)} ms`,
      `${((wall * totalSlots) / jobCount).toFixed(2)} ms`,
      `${mb(workerPeak)} (worker), ${mb(coordinatorRssMb())} (coordinator)`,
    ]);
    rows.push([`  of which enqueue (one insert)`, `${jobCount.toLocaleString('en-US')} jobs`, `${median(enqueues).toFixed(0)} ms`, '', `${(median(enqueues) / jobCount).toFixed(3)} ms`, '', '']);
  } finally {
    await Promise.all(workers.map((w) => stopToyWorker(w)));
    await jobs.stop({ graceful: false });
    await store.close();
    await scratch.drop();
  }
}

{
  // enqueue alone, beyond one slice: 20,000 jobs are INSERT_SLICE_JOBS-sized inserts
  const scratch = await createScratchDatabase(values.pg);
  const jobs = await JobQueue.open({ url: scratch.url });
  try {
    await jobs.ensureQueue(QUEUE, policy);
    for (const n of [2_000, 20_000]) {
      const times: number[] = [];
      for (let run = 0; run < runs; run++) {
        const t0 = performance.now();
        await jobs.enqueue(QUEUE, batchOf(`enqueue-${n}-${run}`, n));
        times.push(performance.now() - t0);
      }
      const inserts = Math.ceil(n / INSERT_SLICE_JOBS);
      rows.push([`enqueue only (${inserts} insert${inserts === 1 ? '' : 's'})`, `${n.toLocaleString('en-US')} jobs`, `${median(times).toFixed(0)} ms`, '', `${(median(times) / n).toFixed(3)} ms`, '', mb(coordinatorRssMb())]);
    }
  } finally {
    await jobs.stop({ graceful: false });
    await scratch.drop();
  }
}

console.log(`\nqueue overhead: pg-boss 10 on ${new URL(values.pg).host}, median of ${runs} runs\n`);
console.log(markdownTable(['command', 'data', 'median', 'jobs/s', 'ms per job', 'ms per job per slot', 'peak memory'], rows));
