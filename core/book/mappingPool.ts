import { setImmediate as nextTurn } from 'node:timers/promises';
import { threadId } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { typeScriptExecArgv } from '../../solver/highsPool/highsBackend.ts';
import { throwIfCancelled } from '../errors.ts';
import type { BatchCsvNames } from './batchCsvLines.ts';
import { AccountMapper, type MappingPlan } from './bookMapping.ts';
import { mapChunk, type BookChunk, type MappedChunk } from './mappedChunk.ts';
import type { MappingWorkerData } from './mappingWorker.ts';

/** Where and when a chunk was mapped, on the clock every thread shares (epoch ms). */
export interface ChunkTiming {
  startedEpochMs: number;
  endedEpochMs: number;
  thread: number;
}

export interface MapChunksOptions {
  /** threads mapping at once; 1 maps on the caller's thread, between its other work */
  threads: number;
  csv: BatchCsvNames | null;
  signal?: AbortSignal;
  /**
   * Told each chunk in chunk order, one at a time (awaited: the caller's writes hold the next chunk back, so that a
   * slow disk bounds memory instead of a queue of mapped chunks growing).
   */
  onChunk: (chunk: MappedChunk, timing: ChunkTiming) => Promise<void> | void;
}

/**
 * The book's chunks mapped on `threads` pool threads (piscina), handed on in chunk order. At most two chunks per
 * thread are in flight beyond the one being handed on: the threads never wait for work while the caller writes,
 * and a chunk's text (about 5 MB for 500 S&P 500 accounts) is held a few times over, not once per chunk of the book.
 * Each thread gets the plan once, with its start, and builds its own mapper (covariance, substitute baskets).
 */
export async function mapChunks(plan: MappingPlan, chunks: Iterable<BookChunk>, options: MapChunksOptions): Promise<void> {
  const { signal } = options;
  if (options.threads <= 1) {
    const mapping = new CallerThreadMapping(plan, options.csv);
    for (const chunk of chunks) {
      const done = await mapping.map(chunk, signal);
      await options.onChunk(done.chunk, done.timing);
      // a cancel and the job's progress get through between chunks
      await nextTurn();
    }
    return;
  }
  const threads = new MappingThreads(plan, options.csv, options.threads);
  const inFlight: Promise<{ chunk: MappedChunk; timing: ChunkTiming }>[] = [];
  const limit = 2 * options.threads + 1;
  const source = chunks[Symbol.iterator]();
  const fill = () => {
    while (inFlight.length < limit) {
      const next = source.next();
      if (next.done) return;
      const task = threads.map(next.value, signal);
      // awaited in turn below; a failure is not unhandled while an earlier chunk is awaited
      task.catch(() => undefined);
      inFlight.push(task);
    }
  };
  try {
    fill();
    while (inFlight.length > 0) {
      const done = await inFlight.shift()!;
      fill();
      throwIfCancelled(signal);
      await options.onChunk(done.chunk, done.timing);
    }
  } catch (e) {
    throwIfCancelled(signal);
    throw e;
  } finally {
    await threads.close();
  }
}

/** Chunks of one plan mapped one by one, wherever the implementation maps them. */
export interface ChunkMapping {
  map(chunk: BookChunk, signal?: AbortSignal): Promise<{ chunk: MappedChunk; timing: ChunkTiming }>;
  close(): Promise<void>;
}

/**
 * A worker of a distributed batch maps on pool threads when it has more than one, and on its own thread when it has
 * one: a single pool thread beside a main thread that packs and stores the last chunk while the thread maps the next
 * overlaps the two, yet measured no faster (20,000 accounts, one worker: map stage 14.1 s on a pool thread, 14.2 s on
 * the worker's own thread), as the two threads of one process slow each other by about a quarter (two pool threads of
 * a local batch: 260 ms a chunk against 210 ms alone), and it spends more of the machine: with two workers on two cores
 * beside the coordinator and PostgreSQL, 9.8 s on pool threads against 9.1 s on their own threads.
 */
export function chunkMapping(plan: MappingPlan, csv: BatchCsvNames | null, threads: number): ChunkMapping {
  return threads <= 1 ? new CallerThreadMapping(plan, csv) : new MappingThreads(plan, csv, threads);
}

/** Chunks mapped on the caller's thread, one at a time, each in one turn of its event loop. */
export class CallerThreadMapping implements ChunkMapping {
  private readonly mapper: AccountMapper;

  constructor(
    plan: MappingPlan,
    private readonly csv: BatchCsvNames | null,
  ) {
    this.mapper = new AccountMapper(plan);
  }

  map(chunk: BookChunk, signal?: AbortSignal): Promise<{ chunk: MappedChunk; timing: ChunkTiming }> {
    try {
      throwIfCancelled(signal);
      const startedEpochMs = epochNow();
      const mapped = mapChunk(this.mapper, chunk, this.csv);
      return Promise.resolve({ chunk: mapped, timing: { startedEpochMs, endedEpochMs: epochNow(), thread: threadId } });
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Pool threads (piscina) that map chunks of one plan: each gets the plan once, with its start, and builds its own
 * mapper (covariance, substitute baskets).
 */
export class MappingThreads implements ChunkMapping {
  private readonly pool: Piscina;

  constructor(plan: MappingPlan, csv: BatchCsvNames | null, threads: number) {
    const filename = new URL('./mappingWorker.ts', import.meta.url).href;
    const data: MappingWorkerData = { plan, csv };
    this.pool = new Piscina({
      filename,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Infinity,
      workerData: data,
      execArgv: filename.endsWith('.ts') ? typeScriptExecArgv() : [],
    });
  }

  map(chunk: BookChunk, signal?: AbortSignal): Promise<{ chunk: MappedChunk; timing: ChunkTiming }> {
    return this.pool.run(chunk, signal ? { signal } : {}) as Promise<{ chunk: MappedChunk; timing: ChunkTiming }>;
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}

function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
