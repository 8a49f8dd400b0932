import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ParsedArgs } from '../../api/methods.ts';
import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';
import { BatchStore } from '../distributed/batchStore.ts';
import { isConnectionLoss } from '../distributed/connectionLoss.ts';
import { JobQueue, type QueuePolicy } from '../distributed/jobQueue.ts';
import { Cancelled, InputError, throwIfCancelled } from '../errors.ts';
import type { CoreServices } from '../services.ts';
import { requireTeamDatabase } from '../sync/teamDatabaseUrl.ts';
import type { BatchEngine } from './batchEngine.ts';
import type { BatchCsvNames } from './batchCsvLines.ts';
import type { MappingPlan } from './bookMapping.ts';
import type { ClusterModel, ClusterTarget } from './clusterTargets.ts';
import { pack, unpack } from './distributedCodec.ts';
import type { BookChunk, MappedChunk } from './mappedChunk.ts';
import type { ChunkTiming, MapChunksOptions } from './mappingPool.ts';

/**
 * A batch whose cluster models and chunks of accounts are solved and mapped by `jessica worker` processes, on this
 * machine or others, through pg-boss queues on the team PostgreSQL (core/distributed). The coordinator (this engine,
 * inside the batch's own stages) sends what the workers need as inputs of the batch (the tracking problem, the
 * models, each chunk of the book, then the mapping plan: nothing on a shared disk), enqueues the work, and gathers
 * the results in order: the files are the same bytes a local batch writes from the same targets.
 *
 * Models are asked in the order and with the reuse of a local batch (clusterTargets.ts); the chunks all at once, in
 * one insert. Every job carries a singleton key (batch, kind, key), and every result is written once per key
 * (batchStore.ts), so a retried or duplicated job changes nothing. A job whose retries run out fails its model (its
 * accounts fall back to another target, as a local model without a target) or, for a chunk, the batch, naming the
 * chunk's accounts; the batch's inputs and results are kept, and `--resume ID` continues it without redoing the jobs
 * that finished. PostgreSQL going away is waited out for a while, then fails the batch saying so.
 */
export const MODEL_QUEUE = 'jessica-batch-model';
export const CHUNK_QUEUE = 'jessica-batch-chunk';

/** What a distributed batch keeps as its spec: the arguments it runs with, to resume it with the same. */
export interface DistributedSpec {
  args: ParsedArgs<'book/batch'>;
  accounts: number;
  chunks: number;
  models: number;
}

/** A model job's and a chunk job's data: `round` is the coordinator's (a resume asks again in a round of its own). */
export interface BatchJob {
  batchId: string;
  key: number;
  round: string;
}

/** A model's result as a worker stores it. */
export interface ModelResult {
  target: ClusterTarget;
  worker: string;
}

/** A chunk's result as a worker stores it. */
export interface ChunkResult {
  chunk: MappedChunk;
  timing: ChunkTiming;
  worker: string;
}

/** The inputs' names. */
export const INPUTS = {
  problem: 'problem',
  models: 'models',
  plan: 'plan',
  chunk: (key: number) => `chunk-${key}`,
};

/** The mapping plan's input: the plan and the files' names the workers' errors name. */
export interface PlanInput {
  plan: MappingPlan;
  csv: BatchCsvNames | null;
}

/**
 * How long a job may run before it is taken for dead and given to another worker (pg-boss 10 has no heartbeat: a
 * killed worker's job is found by this expiry, at the next maintenance): a model its heuristic's two tries and the LP's
 * limit with room, a chunk (under a second of mapping) a minute. JESSICA_DIST_EXPIRE_SECONDS sets the chunks', for a
 * faster failover where they are known to be short (the fault tests).
 */
export function queuePolicies(args: ParsedArgs<'book/batch'>, env: NodeJS.ProcessEnv = process.env): { model: QueuePolicy; chunk: QueuePolicy } {
  const override = Number(env.JESSICA_DIST_EXPIRE_SECONDS);
  return {
    model: { retryLimit: 2, retryDelay: 1, retryBackoff: false, expireInSeconds: Math.max(120, Math.ceil(10 * args.timeLimit + 60)) },
    chunk: { retryLimit: 3, retryDelay: 1, retryBackoff: false, expireInSeconds: Number.isFinite(override) && override > 0 ? Math.ceil(override) : 60 },
  };
}

/** Seconds between pg-boss's maintenance runs (which expire the jobs of dead workers): JESSICA_DIST_MAINTENANCE_SECONDS, else pg-boss's default here. */
export function maintenanceSeconds(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const seconds = Number(env.JESSICA_DIST_MAINTENANCE_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/** How long the coordinator waits out a team database that does not answer before it fails the batch. */
const OUTAGE_SECONDS = 120;
const POLL_MS = 100;
/** chunks the coordinator asks for at once (see mapChunks) */
const WINDOW = 16;

export async function openDistributedBatch(services: CoreServices, requested: ParsedArgs<'book/batch'>): Promise<{ engine: DistributedBatch; args: ParsedArgs<'book/batch'> }> {
  const target = requireTeamDatabase(services.db, requested.pg);
  const store = await BatchStore.open(target.url, { onError: () => undefined });
  let jobs: JobQueue | undefined;
  try {
    const maintenance = maintenanceSeconds();
    jobs = await JobQueue.open({ url: target.url, onEvent: () => undefined, ...(maintenance !== undefined ? { maintenanceIntervalSeconds: maintenance } : {}) });
    let batchId: string;
    let args = requested;
    let resumed = false;
    if (requested.resume !== undefined) {
      const row = await store.getBatch(requested.resume);
      if (row === null) throw new InputError(`no distributed batch ${requested.resume} on ${target.redacted} (its id is printed when it starts)`, { field: 'resume' });
      if (row.status === 'done') throw new InputError(`distributed batch ${requested.resume} is already done`, { field: 'resume' });
      const spec = row.spec as DistributedSpec;
      batchId = requested.resume;
      // the batch goes on with the arguments it started with; only where its files go may change
      args = { ...spec.args, resume: batchId, ...(requested.out !== undefined ? { out: requested.out } : {}) };
      resumed = true;
    } else {
      batchId = `b${new Date().toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomBytes(4).toString('hex')}`;
    }
    const policies = queuePolicies(args);
    await jobs.ensureQueue(MODEL_QUEUE, policies.model);
    await jobs.ensureQueue(CHUNK_QUEUE, policies.chunk);
    return { engine: new DistributedBatch(store, jobs, batchId, args, resumed, target.redacted), args };
  } catch (e) {
    await jobs?.stop({ graceful: false }).catch(() => undefined);
    await store.close().catch(() => undefined);
    throw e;
  }
}

export class DistributedBatch implements BatchEngine {
  readonly sendsChunks = true;
  private modelIndex = new Map<string, number>();
  /** each chunk sent, by index: where it starts in the book and its accounts, to name them when it fails */
  private readonly sent = new Map<number, { first: number; from: string; last: string; accounts: number }>();
  private readonly waiting = new Map<string, { resolve: (body: Buffer) => void; reject: (e: Error) => void }>();
  private asked: number[] = [];
  private polling: Promise<void> | undefined;
  private closed = false;
  private signal: AbortSignal | undefined;
  /** this coordinator's round of jobs: a resume's jobs are new ones, and an earlier round's failures are not its own */
  private readonly round = randomBytes(4).toString('hex');
  readonly solveElsewhere = (model: ClusterModel) => this.solveModel(model);

  constructor(
    private readonly store: BatchStore,
    private readonly jobs: JobQueue,
    readonly batchId: string,
    private readonly args: ParsedArgs<'book/batch'>,
    readonly resumed: boolean,
    readonly database: string,
  ) {}

  get where(): string {
    return this.batchId;
  }

  async prepare(input: { problem: TrackingProblem; models: readonly ClusterModel[]; chunks: () => Iterable<BookChunk>; chunkCount: number; accounts: number; signal?: AbortSignal }): Promise<void> {
    this.signal = input.signal;
    input.models.forEach((m, k) => this.modelIndex.set(m.key, k));
    const spec: DistributedSpec = { args: this.args, accounts: input.accounts, chunks: input.chunkCount, models: input.models.length };
    if (this.resumed) {
      const row = await this.store.getBatch(this.batchId);
      const was = row?.spec as DistributedSpec;
      if (was.chunks !== spec.chunks || was.models !== spec.models) {
        throw new InputError(`distributed batch ${this.batchId} had ${was.chunks} chunks and ${was.models} models; the book now makes ${spec.chunks} and ${spec.models}: it changed since, run a new batch`, { field: 'resume' });
      }
    } else {
      await this.store.createBatch(this.batchId, spec);
    }
    // sent again on a resume (the same bytes: the book and the panel are read as before), in case one was lost
    await this.store.putInput(this.batchId, INPUTS.problem, pack(input.problem));
    // the models without their clusters' members: a worker solves a model, it never needs the accounts
    await this.store.putInput(this.batchId, INPUTS.models, pack(input.models.map((m) => ({ ...m, clusters: [] }))));
    for (const chunk of input.chunks()) {
      throwIfCancelled(input.signal);
      await this.store.putInput(this.batchId, INPUTS.chunk(chunk.index), pack(chunk));
      this.sent.set(chunk.index, { first: chunk.first, from: chunk.accounts[0]!.accountId, last: chunk.accounts.at(-1)!.accountId, accounts: chunk.accounts.length });
    }
  }

  private async solveModel(model: ClusterModel): Promise<ClusterTarget> {
    const key = this.modelIndex.get(model.key)!;
    try {
      const result = unpack<ModelResult>(await this.result('model', key));
      return result.target;
    } catch (e) {
      if (e instanceof Cancelled || this.signal?.aborted) throw e;
      // a model no worker could solve is a model without a target, as on this machine: its accounts fall back
      return { names: [], weights: [], status: 'failed', usable: false, reusedFrom: null, objective: null, message: e instanceof Error ? e.message : String(e), tasks: [] };
    }
  }

  /** Maps the chunks prepare sent (it reads none of `_chunks`: see BatchEngine.sendsChunks). */
  async mapChunks(plan: MappingPlan, _chunks: () => Iterable<BookChunk>, options: MapChunksOptions): Promise<void> {
    const planInput: PlanInput = { plan, csv: options.csv };
    await this.store.putInput(this.batchId, INPUTS.plan, pack(planInput));
    const keys = [...this.sent.keys()].sort((a, b) => a - b);
    const done = await this.store.resultKeys(this.batchId, 'chunk');
    const missing = keys.filter((k) => !done.has(k));
    if (missing.length > 0) {
      // the chunks are gathered in book order, so the workers take them in book order: the jobs of one insert share
      // their created_on, and pg-boss would hand them out by id, a hash of the key, in no order, leaving the coordinator
      // to write only the finished prefix of the book and most of it at the end (1,000,000 accounts on two workers:
      // the gathering ended about 4 minutes after the last chunk was mapped)
      await this.jobs.enqueue(
        CHUNK_QUEUE,
        missing.map((key) => ({ data: { batchId: this.batchId, key, round: this.round }, singletonKey: `${this.batchId}/${this.round}/chunk/${key}`, priority: keys.length - key })),
      );
    }
    // a window of chunks asked at once: each poll gathers every one of them that is ready, and at most WINDOW chunks'
    // text waits in memory for the files
    const asked = new Map<number, Promise<Buffer>>();
    const ask = (position: number) => {
      const key = keys[position];
      if (key === undefined || asked.has(key)) return;
      const body = this.result('chunk', key);
      body.catch(() => undefined);
      asked.set(key, body);
    };
    for (let position = 0; position < keys.length; position++) {
      for (let ahead = position; ahead < Math.min(keys.length, position + WINDOW); ahead++) ask(ahead);
      throwIfCancelled(options.signal);
      const key = keys[position]!;
      let body: Buffer;
      try {
        body = await asked.get(key)!;
      } catch (e) {
        if (e instanceof Cancelled) throw e;
        const c = this.sent.get(key)!;
        throw new Error(`chunk ${key + 1} of distributed batch ${this.batchId} (${c.accounts} accounts, ${c.from} to ${c.last}) was not mapped: ${e instanceof Error ? e.message : String(e)}; resume with --resume ${this.batchId}`);
      }
      asked.delete(key);
      const { chunk, timing } = unpack<ChunkResult>(body);
      // on another machine the thread means nothing here: the chunk is drawn on the stage's own row
      await options.onChunk(chunk, { ...timing, thread: 0 });
    }
  }

  async finish(ok: boolean): Promise<void> {
    this.closed = true;
    try {
      if (ok) {
        await this.store.finishBatch(this.batchId, 'done');
        // the results were written into the files and the store: the team database keeps the batch's row, not its megabytes
        await this.store.dropInputsAndResults(this.batchId);
      } else if (this.signal?.aborted) {
        // cancelled by the user: the workers stop taking its jobs (a resume asks for what is missing again)
        await this.store.finishBatch(this.batchId, 'cancelled').catch(() => undefined);
        for (const queue of [MODEL_QUEUE, CHUNK_QUEUE]) await this.jobs.cancelJobs(queue, this.batchId).catch(() => undefined);
      } else {
        // the jobs still queued go on: a resume finds their results
        await this.store.finishBatch(this.batchId, 'interrupted').catch(() => undefined);
      }
    } finally {
      await this.jobs.stop({ graceful: false }).catch(() => undefined);
      await this.store.close().catch(() => undefined);
    }
  }

  /** A result's body once a worker stored it: asks for the job (models one insert per turn), then polls. */
  private result(kind: 'model' | 'chunk', key: number): Promise<Buffer> {
    const id = `${kind}/${key}`;
    const promise = new Promise<Buffer>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    if (kind === 'model') {
      this.asked.push(key);
      if (this.asked.length === 1) setImmediate(() => void this.askModels());
    }
    this.polling ??= this.poll();
    return promise;
  }

  private async askModels(): Promise<void> {
    const keys = this.asked;
    this.asked = [];
    try {
      const done = await this.store.resultKeys(this.batchId, 'model');
      const missing = keys.filter((k) => !done.has(k));
      if (missing.length > 0) await this.jobs.enqueue(MODEL_QUEUE, missing.map((key) => ({ data: { batchId: this.batchId, key, round: this.round }, singletonKey: `${this.batchId}/${this.round}/model/${key}` })));
    } catch (e) {
      for (const key of keys) this.fail(`model/${key}`, e instanceof Error ? e : new Error(String(e)));
    }
  }

  private fail(id: string, error: Error): void {
    this.waiting.get(id)?.reject(error);
    this.waiting.delete(id);
  }

  /** Polls the results while anything waits; a failed job rejects its waiter; an outage past OUTAGE_SECONDS rejects them all. */
  private async poll(): Promise<void> {
    let lastAnswer = Date.now();
    let lastFailureCheck = 0;
    while (this.waiting.size > 0 && !this.closed) {
      if (this.signal?.aborted) {
        for (const id of [...this.waiting.keys()]) this.fail(id, new Cancelled('cancelled'));
        break;
      }
      try {
        for (const kind of ['model', 'chunk'] as const) {
          const ids = [...this.waiting.keys()].filter((id) => id.startsWith(`${kind}/`));
          if (ids.length === 0) continue;
          const wanted = ids.map((id) => Number(id.slice(kind.length + 1)));
          const done = await this.store.resultKeys(this.batchId, kind);
          const ready = wanted.filter((k) => done.has(k));
          if (ready.length > 0) {
            for await (const r of this.store.readResults(this.batchId, kind, ready)) {
              this.waiting.get(`${kind}/${r.key}`)?.resolve(r.body);
              this.waiting.delete(`${kind}/${r.key}`);
            }
          }
          if (Date.now() - lastFailureCheck > 2000) {
            for (const f of await this.jobs.failedJobs<BatchJob>(kind === 'model' ? MODEL_QUEUE : CHUNK_QUEUE, this.batchId)) {
              if (done.has(f.data.key) || f.data.round !== this.round) continue;
              this.fail(`${kind}/${f.data.key}`, new Error(`its job failed ${f.attempts} times; last: ${f.error}`));
            }
          }
        }
        if (Date.now() - lastFailureCheck > 2000) lastFailureCheck = Date.now();
        lastAnswer = Date.now();
      } catch (e) {
        if (!isConnectionLoss(e) || Date.now() - lastAnswer > OUTAGE_SECONDS * 1000) {
          const why = isConnectionLoss(e) ? `the team database ${this.database} did not answer for ${OUTAGE_SECONDS} s` : `reading the results failed`;
          for (const id of [...this.waiting.keys()]) this.fail(id, new Error(`${why}: ${e instanceof Error ? e.message : String(e)}`));
          break;
        }
      }
      await sleep(POLL_MS);
    }
    this.polling = undefined;
    if (this.waiting.size > 0 && !this.closed) this.polling = this.poll();
  }
}
