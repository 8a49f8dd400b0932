import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';
import type { MappingPlan } from './bookMapping.ts';
import type { ClusterModel, ClusterTarget } from './clusterTargets.ts';
import type { BookChunk } from './mappedChunk.ts';
import type { MapChunksOptions } from './mappingPool.ts';

/**
 * Where a batch solves its cluster models and maps its chunks: on this machine (the HiGHS pool and the mapping
 * threads), or on the workers of a distributed batch (distributedBatch.ts). Everything else (loading, clustering, the
 * minimums, writing the files in chunk order, storing the run) is the batch's own, the same either way.
 */
export interface BatchEngine {
  /** 'local', or the distributed batch's id */
  readonly where: string;
  /**
   * Whether prepare sends the chunks elsewhere, whole: mapChunks then never reads them again, and the batch lets go of
   * the lots it holds (2.5 million objects for a million accounts, which every full collection of the coordinator's
   * heap would mark again while it gathers the chunks)
   */
  readonly sendsChunks: boolean;
  /** told once the book is clustered: what the workers need before the first model is solved */
  prepare(input: { problem: TrackingProblem; models: readonly ClusterModel[]; chunks: () => Iterable<BookChunk>; chunkCount: number; accounts: number; signal?: AbortSignal }): Promise<void>;
  /** solves a model elsewhere; absent: on this machine's pool */
  solveElsewhere?: (model: ClusterModel) => Promise<ClusterTarget>;
  /** maps the chunks and hands them on in chunk order (mappingPool.ts's contract) */
  mapChunks(plan: MappingPlan, chunks: () => Iterable<BookChunk>, options: MapChunksOptions): Promise<void>;
  /** the batch is over: `ok` false keeps what a resume needs */
  finish(ok: boolean): Promise<void>;
}
