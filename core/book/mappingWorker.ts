import { threadId, workerData } from 'node:worker_threads';
import type { BatchCsvNames } from './batchCsvLines.ts';
import { AccountMapper, type MappingPlan } from './bookMapping.ts';
import { mapChunk, type BookChunk, type MappedChunk } from './mappedChunk.ts';
import type { ChunkTiming } from './mappingPool.ts';

/** A pool thread of the mapping (mappingPool.ts): the plan arrives once, with the thread; each task is a chunk. */
export interface MappingWorkerData {
  plan: MappingPlan;
  csv: BatchCsvNames | null;
}

const data = workerData as MappingWorkerData;
let mapper: AccountMapper | undefined;

const epochNow = (): number => performance.timeOrigin + performance.now();

export default function mapChunkTask(chunk: BookChunk): { chunk: MappedChunk; timing: ChunkTiming } {
  const startedEpochMs = epochNow();
  mapper ??= new AccountMapper(data.plan);
  const mapped = mapChunk(mapper, chunk, data.csv);
  return { chunk: mapped, timing: { startedEpochMs, endedEpochMs: epochNow(), thread: threadId } };
}
