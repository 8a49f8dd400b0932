import { setTimeout as sleep } from 'node:timers/promises';
import type { ParsedArgs } from '../../api/methods.ts';
import { createAssemblyCache } from '../../solver/assembler/cache/assembleCached.ts';
import { createHighsBackend, type HighsBackend } from '../../solver/highsPool/highsBackend.ts';
import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';
import { BatchStore } from '../distributed/batchStore.ts';
import { isConnectionLoss } from '../distributed/connectionLoss.ts';
import { runWorker, type WorkerEvent } from '../distributed/workerLoop.ts';
import type { JobHandler } from '../distributed/jobSlots.ts';
import { type ClusterModel, solveModel } from './clusterTargets.ts';
import { pack, unpack } from './distributedCodec.ts';
import { CHUNK_QUEUE, INPUTS, maintenanceSeconds, MODEL_QUEUE, type BatchJob, type ChunkResult, type DistributedSpec, type ModelResult, type PlanInput } from './distributedBatch.ts';
import type { BookChunk } from './mappedChunk.ts';
import { chunkMapping, type ChunkMapping } from './mappingPool.ts';

/** An LP cluster may take at least this long (as in a local batch: batch.ts). */
const LP_TIME_LIMIT_SEC = 10;

/**
 * What `jessica worker` does with a distributed batch's jobs (distributedBatch.ts):
 *   a model job: the batch's tracking problem and models (read once per batch from its inputs), the model solved as a
 *     local batch solves it (clusterTargets.solveModel, on this process's HiGHS pool), its target stored;
 *   a chunk job: the batch's mapping plan (once per batch, on `threads` mapping threads of this process, or on its own
 *     thread when `threads` is 1: mappingPool.chunkMapping), the chunk mapped, its text, rows and figures stored.
 * Results are stored under (batch, kind, key) once: a retried job, or one delivered twice, stores nothing new.
 * A worker keeps what it read for the last batch it served; another batch's job replaces it.
 */
export interface BatchWorker {
  handlers: Record<string, JobHandler<BatchJob>>;
  close(): Promise<void>;
}

export function batchWorker(options: { store: BatchStore; threads: number }): BatchWorker {
  const { store, threads } = options;
  let highs: HighsBackend | undefined;
  const cache = createAssemblyCache();
  let models: { batchId: string; ready: Promise<{ problem: TrackingProblem; models: ClusterModel[]; args: ParsedArgs<'book/batch'> }> } | undefined;
  let mapping: { batchId: string; ready: Promise<ChunkMapping> } | undefined;

  const modelsOf = (batchId: string) => {
    if (models?.batchId !== batchId) {
      const ready = (async () => {
        const row = await store.getBatch(batchId);
        if (row === null) throw new Error(`no distributed batch ${batchId}`);
        return {
          args: (row.spec as DistributedSpec).args,
          problem: unpack<TrackingProblem>(await store.getInput(batchId, INPUTS.problem)),
          models: unpack<ClusterModel[]>(await store.getInput(batchId, INPUTS.models)),
        };
      })();
      ready.catch(() => (models = undefined));
      models = { batchId, ready };
    }
    return models.ready;
  };

  const mappingOf = async (batchId: string) => {
    if (mapping?.batchId !== batchId) {
      const previous = mapping;
      const ready = (async () => {
        await (await previous?.ready.catch(() => undefined))?.close();
        const { plan, csv } = unpack<PlanInput>(await store.getInput(batchId, INPUTS.plan));
        return chunkMapping(plan, csv, threads);
      })();
      ready.catch(() => (mapping = undefined));
      mapping = { batchId, ready };
    }
    return mapping.ready;
  };

  const model: JobHandler<BatchJob> = async (job, meta) => {
    const { problem, models: all, args } = await modelsOf(job.batchId);
    const m = all[job.key];
    if (!m) throw new Error(`distributed batch ${job.batchId} has no model ${job.key}`);
    highs ??= createHighsBackend({ workers: threads });
    const target = await solveModel(m, { pool: highs, cache, problem, budgetSec: args.timeLimit, lpTimeLimitSec: Math.max(LP_TIME_LIMIT_SEC, args.timeLimit), signal: meta.signal });
    // a job that ran past its expiry is another worker's now: what its cut-short solve found is not the model's target
    if (meta.signal.aborted) throw new Error(`model ${job.key} of ${job.batchId} stopped: its job expired or the worker is stopping`);
    const result: ModelResult = { target, worker: meta.worker };
    await store.putResult(job.batchId, 'model', job.key, pack(result), meta.worker, meta.attempt);
  };

  const chunk: JobHandler<BatchJob> = async (job, meta) => {
    const mapper = await mappingOf(job.batchId);
    const input = unpack<BookChunk>(await store.getInput(job.batchId, INPUTS.chunk(job.key)));
    const mapped = await mapper.map(input, meta.signal);
    if (meta.signal.aborted) throw new Error(`chunk ${job.key} of ${job.batchId} stopped: its job expired or the worker is stopping`);
    const result: ChunkResult = { ...mapped, worker: meta.worker };
    await store.putResult(job.batchId, 'chunk', job.key, pack(result), meta.worker, meta.attempt);
  };

  return {
    handlers: { [MODEL_QUEUE]: model, [CHUNK_QUEUE]: chunk },
    close: async () => {
      await (await mapping?.ready.catch(() => undefined))?.close();
      await highs?.close();
    },
  };
}

/**
 * `jessica worker`: serves distributed batches' model and chunk jobs on the team PostgreSQL at `url` on `concurrency`
 * HiGHS and mapping threads, until `signal` aborts; the jobs in hand finish first. It holds one job more than it has
 * threads, so that a chunk's input is already fetched when the mapping of the one before ends, and a chunk's result is
 * stored while the next is mapped (measured on 20,000 accounts, one worker mapping on its own thread: 37 ms between
 * chunks of 272 ms).
 */
export async function runBatchWorker(options: { url: string; concurrency: number; signal: AbortSignal; onEvent?: (event: WorkerEvent) => void; pollingIntervalSeconds?: number; maintenanceIntervalSeconds?: number }): Promise<void> {
  const store = await openStoreWhenUp(options.url, options.signal);
  if (!store) return;
  const worker = batchWorker({ store, threads: options.concurrency });
  const maintenance = options.maintenanceIntervalSeconds ?? maintenanceSeconds();
  try {
    await runWorker({
      url: options.url,
      concurrency: options.concurrency + 1,
      handlers: worker.handlers,
      signal: options.signal,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
      ...(maintenance !== undefined ? { maintenanceIntervalSeconds: maintenance } : {}),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
  } finally {
    await worker.close();
    await store.close();
  }
}

/** The batch store, once the database answers (a worker may start before it). */
async function openStoreWhenUp(url: string, signal: AbortSignal): Promise<BatchStore | undefined> {
  for (let wait = 250; !signal.aborted; wait = Math.min(5000, 2 * wait)) {
    try {
      return await BatchStore.open(url, { onError: () => undefined });
    } catch (e) {
      if (!isConnectionLoss(e)) throw e;
      await sleep(wait).catch(() => undefined);
    }
  }
  return undefined;
}
