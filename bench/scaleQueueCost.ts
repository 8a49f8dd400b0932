/**
 * The queue's own cost in bench/scale.ts: what a job costs a worker's slot when the job does nothing (measured as
 * bench/queueOverhead.ts does: insert → fetch → run → putResult → complete, waited for from the coordinator's side,
 * on toy workers), and the jobs of a real distributed batch as the workers' --verbose lines report them, to put that
 * cost beside the work it carries.
 */
import type { ChildProcess } from 'node:child_process';
import { waitForResults } from '../core/distributed/batchProgress.ts';
import { BatchStore } from '../core/distributed/batchStore.ts';
import { JobQueue } from '../core/distributed/jobQueue.ts';
import { startToyWorker, stopToyWorker, TOY_KIND, type ToyJob } from '../core/distributed/testing/toyWorkers.ts';
import { median } from './benchTable.ts';

const QUEUE = 'bench-scale-noop';
const POLICY = { retryLimit: 2, retryDelay: 0, retryBackoff: false, expireInSeconds: 60 };

export interface NoOpJobCost {
  workers: number;
  slotsPerWorker: number;
  jobs: number;
  runs: number;
  /** the batch's wall time over its jobs: what a batch at this parallelism pays per job */
  wallMsPerJob: number;
  /**
   * wall time × slots / jobs: what one slot spends on a job's round trip through the queue, the figure to add to
   * each job's own time when jobs are summed over slots
   */
  slotMsPerJob: number;
}

/**
 * `runs` batches of `jobs` no-op jobs (after one untimed warm-up batch) on `workers` toy worker processes with
 * `slotsPerWorker` slots each, in the database at `url` (its own queue; the caller's database, dropped by the caller).
 */
export async function measureNoOpJobCost(url: string, options: { workers: number; slotsPerWorker: number; jobs: number; runs: number; track: (child: ChildProcess) => void }): Promise<NoOpJobCost> {
  const { workers: workerCount, slotsPerWorker, jobs: jobCount, runs } = options;
  const store = await BatchStore.open(url);
  const jobs = await JobQueue.open({ url });
  await jobs.ensureQueue(QUEUE, POLICY);
  const workers = Array.from({ length: workerCount }, () => startToyWorker({ url, queue: QUEUE, concurrency: slotsPerWorker, pollingIntervalSeconds: 0.5, quiet: true }));
  for (const w of workers) options.track(w.child);
  try {
    await Promise.all(workers.map((w) => w.waitFor((e) => e.type === 'worker-started', 30_000)));
    const keys = Array.from({ length: jobCount }, (_, k) => k);
    const walls: number[] = [];
    for (let run = -1; run < runs; run++) {
      const batchId = `scale-noop-${run < 0 ? 'warmup' : run}`;
      await store.createBatch(batchId, {});
      const t0 = performance.now();
      await jobs.enqueue(QUEUE, keys.map((key) => ({ data: { batchId, key, value: key } satisfies ToyJob, singletonKey: `${batchId}:${key}` })));
      await waitForResults({ store, jobs, queues: QUEUE, batchId, kind: TOY_KIND, expectedKeys: keys, pollMs: 50, stallSeconds: 60 });
      if (run >= 0) walls.push(performance.now() - t0);
      await store.dropBatch(batchId);
    }
    const exits = await Promise.all(workers.map((w) => stopToyWorker(w)));
    if (exits.some((code) => code !== 0)) throw new Error(`a toy worker of the no-op job measurement exited with ${exits.join(', ')}: ${workers.map((w) => w.stderr()).join('\n')}`);
    const wall = median(walls);
    return { workers: workerCount, slotsPerWorker, jobs: jobCount, runs, wallMsPerJob: wall / jobCount, slotMsPerJob: (wall * workerCount * slotsPerWorker) / jobCount };
  } finally {
    await Promise.all(workers.map((w) => stopToyWorker(w)));
    await jobs.stop({ graceful: false });
    await store.close();
  }
}

/** One job a `jessica worker --verbose` reported done. */
export interface WorkerJobLine {
  queue: string;
  jobId: string;
  ms: number;
}

const DONE_LINE = /^(\S+) job (\S+) done in (\d+(?:\.\d+)?) ms$/;

/** The job a `jessica worker --verbose` line reports done (`jessica-batch-chunk job <id> done in <ms> ms`), or null. */
export function workerJobLine(line: string): WorkerJobLine | null {
  const m = DONE_LINE.exec(line.trim());
  return m ? { queue: m[1]!, jobId: m[2]!, ms: Number(m[3]) } : null;
}

export interface JobTotals {
  jobs: number;
  ms: number;
}

/** The jobs of each queue and their summed times. */
export function jobTotals(lines: readonly WorkerJobLine[]): Map<string, JobTotals> {
  const totals = new Map<string, JobTotals>();
  for (const { queue, ms } of lines) {
    const t = totals.get(queue) ?? { jobs: 0, ms: 0 };
    t.jobs++;
    t.ms += ms;
    totals.set(queue, t);
  }
  return totals;
}

/**
 * The queue's share of the work: overhead × jobs / Σ job times, the jobs' own times as the workers report them
 * (handler time, without the queue's round trip), so 5 % means the slots spend 1 ms on the queue for every 20 ms of
 * work.
 */
export function queueShare(slotMsPerJob: number, totals: JobTotals): number {
  return totals.ms > 0 ? (slotMsPerJob * totals.jobs) / totals.ms : Number.NaN;
}
