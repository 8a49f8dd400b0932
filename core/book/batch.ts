import { availableParallelism } from 'node:os';
import type { AccountLot, AuditSummary, BatchResult } from '../../api/book.ts';
import type { ParsedArgs } from '../../api/methods.ts';
import { clusterAccounts } from '../../solver/book/clustering.ts';
import { createHighsBackend, type HighsBackend } from '../../solver/highsPool/highsBackend.ts';
import { TrackingCovariance } from '../../solver/tracking/trackingCovariance.ts';
import { TrackingErrorMeter } from '../../solver/tracking/trackingErrorMeter.ts';
import { buildTrackingProblem } from '../../solver/tracking/trackingUniverse.ts';
import { loadStoredBook, readAccountBook, type AccountBook } from '../accounts/accountBook.ts';
import { InputError, throwIfCancelled } from '../errors.ts';
import { StagedDirectory } from '../export/atomicOutput.ts';
import { finiteJson } from '../export/finiteNumbers.ts';
import type { JobControl } from '../jobs/jobControl.ts';
import { recordedJob } from '../jobs/recordedJob.ts';
import { checkBookJobArguments } from '../bookJobArguments.ts';
import { ensureDemoMarket } from '../market/demoMarket.ts';
import { readPricePanel } from '../market/pricePanelReader.ts';
import { runEnvironment } from '../runs/runEnvironment.ts';
import type { RunRecorder } from '../runs/runRecorder.ts';
import type { CoreServices } from '../services.ts';
import { saveRun } from '../store/runStore.ts';
import { findUseCase } from '../usecases/findUseCase.ts';
import { auditBatch } from './batchAudit.ts';
import { BatchFileWriter } from './batchFiles.ts';
import { clusterSummaries, failedModels, storedTargets } from './batchSummaries.ts';
import { AccountMapper, mappingPlan } from './bookMapping.ts';
import { bookChunks, CHUNK_ACCOUNTS } from './mappedChunk.ts';
import { MappedBook, recordChunkSpans } from './mappedBook.ts';
import { mapChunks, type ChunkTiming } from './mappingPool.ts';
import type { BatchEngine } from './batchEngine.ts';
import { openDistributedBatch } from './distributedBatch.ts';
import { clusterModels, recordModelSpans, solveClusterTargets } from './clusterTargets.ts';
import { familyMinimums } from './familyMinimums.ts';
import { storeAllocations } from './storedAllocations.ts';
import { storeOutcomes } from './storedOutcomes.ts';
import { panelFingerprint } from '../runs/runInputs.ts';

const STAGE_MESSAGES: Readonly<Record<string, string>> = {
  load: 'reading the book and the prices',
  returns: 'computing returns, the benchmark and their covariance',
  cluster: 'grouping the accounts into clusters',
  optimize: "solving the clusters' models",
  minimum: "finding each cluster's account minimum",
  distribute: 'sending the market data, the models and the book to the team database',
  map: 'fitting every account in whole shares and writing its rows',
  audit: 'optimizing sampled accounts one by one',
  write: 'closing the files and writing clusters.csv',
  persist: 'storing the run',
};

/** The audit gives an account this multiple of a cluster's budget: the heuristic's 40 % share is then the same. */
const AUDIT_TIME_FACTOR = 2.5;
/** An LP cluster may take at least this long: it must reach its optimum. */
const LP_TIME_LIMIT_SEC = 10;

/**
 * `book/batch` (`jessica batch`): a book of accounts in representative clusters, stage by stage as spans of
 * the run: load (the book and the price panel) → returns (and their covariance) → cluster (strategy, tax
 * status, screen family and size band; solver/book/clustering.ts) → optimize (one model per distinct
 * cluster model on the HiGHS pool, a child span per cluster; clusterTargets.ts) → minimum (with a target
 * tracking error: each family's account minimum from the targets just solved) → map (every account fitted
 * to its own exclusions and size in whole shares, with its trades; bookMapping.ts) → audit (with
 * `audit` > 0; batchAudit.ts) → write (clusters.csv, allocations.csv, trades.csv, accounts.csv) → persist (the run
 * with every account's allocation, storedAllocations.ts);
 * run.json last.
 *
 * The result is `partial` when a cluster model produced no target or an account could not be allocated:
 * both are counted and listed with their reasons (failedModels; outcomes' status and reason), and the
 * stored run's status is `partial`.
 *
 * `workers` sets the pool's threads: a pool of that size is started for the job (and closed after);
 * without it the shared pool runs the models. As a job: every stage, and every model solved and chunk of
 * accounts mapped, is reported to `control.onProgress`; `control.signal` is checked between stages and
 * chunks and handed to the pool. A cancelled job stores its run as `cancelled` and throws Cancelled.
 */
export async function bookBatch(services: CoreServices, requested: ParsedArgs<'book/batch'>, control: JobControl = {}): Promise<BatchResult> {
  // refused before any work (a pool started, a run stored): arguments that cannot make a batch
  checkBookJobArguments(services.db, requested);
  const distributed = requested.distributed || requested.resume !== undefined ? await openDistributedBatch(services, requested) : undefined;
  const args = distributed?.args ?? requested;
  const engine: BatchEngine = distributed?.engine ?? localEngine();
  if (distributed) control.onProgress?.({ stage: 'distribute', fraction: null, message: `distributed batch ${distributed.engine.batchId} on ${distributed.engine.database}${distributed.engine.resumed ? ' (resumed)' : ''}` });
  const own = args.workers !== undefined ? createHighsBackend({ workers: args.workers }) : undefined;
  const pool = own ?? services.highs();
  const job = { kind: 'batch', universe: args.universe, useCase: args.useCase, solver: 'highs', options: args, stageMessages: STAGE_MESSAGES, solvers: () => ({ highs: pool.version }) };
  let ok = false;
  try {
    const result = await recordedJob(services.db, job, control, (rec) => batchStages(services, pool, args, engine, rec, control));
    ok = true;
    return result;
  } finally {
    await engine.finish(ok);
    await own?.close();
  }
}

/** Models on this machine's HiGHS pool, chunks on its mapping threads. */
function localEngine(): BatchEngine {
  return {
    where: 'local',
    sendsChunks: false,
    prepare: () => Promise.resolve(),
    mapChunks: (plan, chunks, options) => mapChunks(plan, chunks(), options),
    finish: () => Promise.resolve(),
  };
}

async function batchStages(services: CoreServices, pool: HighsBackend, args: ParsedArgs<'book/batch'>, engine: BatchEngine, rec: RunRecorder, { signal, onProgress }: JobControl): Promise<BatchResult> {
  const started = performance.now();
  const stage = <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    throwIfCancelled(signal);
    return rec.span(name, work);
  };
  const progress = (stageName: string) => (done: number, total: number, what: string) =>
    onProgress?.({ stage: stageName, fraction: total > 0 ? done / total : null, message: `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${what}` });
  const withSignal = signal ? { signal } : {};
  const { db } = services;
  const useCase = findUseCase(db, args.useCase);

  const { book, panel } = await stage('load', () => loadBook(services, args));
  rec.annotate('load', { accounts: book.accounts.length, lots: book.lots.length, dates: panel.dates.length, members: panel.tickers.length });
  rec.noteInput(panelFingerprint(panel));

  const { problem, covariance } = await stage('returns', () => {
    const p = buildTrackingProblem(panel);
    return { problem: p, covariance: new TrackingCovariance(p) };
  });
  rec.annotate('returns', { names: problem.tickers.length, periods: problem.benchmarkReturns.length });
  const warnings = [...book.warnings, ...problem.warnings];

  const { clusters, models } = await stage('cluster', () => {
    const c = clusterAccounts(book.accounts, { bands: args.clusters, universe: problem });
    const m = clusterModels(c.clusters, problem, useCase);
    warnings.push(...m.warnings);
    return { clusters: c.clusters, models: m.models };
  });
  rec.annotate('cluster', { clusters: clusters.length, models: models.length, keys: new Set(clusters.map((c) => c.keyText)).size });
  const clusterOf = new Int32Array(book.accounts.length);
  clusters.forEach((c, k) => {
    for (const i of c.members) clusterOf[i] = k;
  });
  const lotsByAccount = lotsOfAccounts(book.lots);
  book.lots = [];
  const lotsOf = (accountId: string) => lotsByAccount.get(accountId) ?? [];
  const chunks = () => bookChunks(book.accounts, lotsOf, clusterOf);
  if (engine.where !== 'local') {
    await stage('distribute', () => engine.prepare({ problem, models, chunks, chunkCount: Math.ceil(book.accounts.length / CHUNK_ACCOUNTS), accounts: book.accounts.length, ...withSignal }));
    rec.annotate('distribute', { batch: engine.where, chunks: Math.ceil(book.accounts.length / CHUNK_ACCOUNTS), models: models.length });
    // the audit maps its accounts here again, with their lots
    if (engine.sendsChunks && args.audit === 0) lotsByAccount.clear();
  }

  const targets = await stage('optimize', () =>
    solveClusterTargets(models, {
      pool,
      cache: services.assemblyCache,
      problem,
      budgetSec: args.timeLimit,
      lpTimeLimitSec: Math.max(LP_TIME_LIMIT_SEC, args.timeLimit),
      ...withSignal,
      ...(engine.solveElsewhere ? { solveElsewhere: engine.solveElsewhere } : {}),
      onTarget: (_model, _target, done, total) => progress('optimize')(done, total, 'cluster models solved'),
    }),
  );
  recordModelSpans(rec, models, targets);
  const failed = failedModels(models, targets);
  for (const f of failed) warnings.push(`cluster model ${f.model} has no target (${f.status}${f.message ? `: ${f.message}` : ''}); its clusters ${f.clusters.join(', ')} fall back to the nearest target`);

  const minimums = args.teTarget !== undefined ? await stage('minimum', () => familyMinimums(services, problem, useCase, models, targets, args.teTarget!, signal)) : undefined;

  const meter = new TrackingErrorMeter(problem);
  const plan = mappingPlan({ clusters, models, targets, problem, covariance, useCase, minimums });

  // --out is written beside itself and put in place whole once run.json is in it, or discarded (atomicOutput.ts)
  const output = args.out ? StagedDirectory.open(args.out, '--out') : undefined;
  let files: BatchFileWriter | undefined;
  let gathered: MappedBook | undefined;
  try {
    files = output ? new BatchFileWriter(output) : undefined;
    const mappedBook = new MappedBook(db, book.accounts.length);
    gathered = mappedBook;
    const timings: { index: number; accounts: number; timing: ChunkTiming }[] = [];
    const threads = mappingThreads(args.workers, book.accounts.length);
    await stage('map', () =>
      engine.mapChunks(plan, chunks, {
        threads,
        csv: files?.names ?? null,
        ...withSignal,
        onChunk: async (chunk, timing) => {
          mappedBook.add(chunk);
          timings.push({ index: chunk.index, accounts: chunk.outcomes.length, timing });
          await files?.append(chunk);
          progress('map')(mappedBook.accounts, book.accounts.length, 'accounts mapped');
        },
      }),
    );
    recordChunkSpans(rec, 'map', timings);
    const { fallback, unallocated } = mappedBook;
    rec.annotate('map', { allocated: mappedBook.accounts - fallback - unallocated, fallback, unallocated, threads, chunks: timings.length, bytes: files?.bytes ?? 0, formatMs: Math.round(mappedBook.formatMs), diskWaitMs: Math.round(files?.waitMs ?? 0) });
    warnings.push(...mappedBook.warnings());
    const batchSeconds = (performance.now() - started) / 1000;

    let audit: AuditSummary | null = null;
    if (args.audit > 0) {
      const mapper = new AccountMapper(plan);
      const mappedAt = (positions: readonly number[]) => positions.map((k) => mapper.map(book.accounts[k]!, lotsOf(book.accounts[k]!.accountId), plan.clusters[clusterOf[k]!]!));
      const bands = Array.from(clusterOf, (k) => clusters[k]!.band);
      audit = await stage('audit', () =>
        auditBatch({ bands, mappedAt, count: args.audit, pool, cache: services.assemblyCache, problem, meter, useCase, timeLimitSec: AUDIT_TIME_FACTOR * args.timeLimit, ...withSignal, onProgress: (d, t) => progress('audit')(d, t, 'accounts optimized one by one') }),
      );
      rec.annotate('audit', { accounts: audit.accounts, median: audit.median, seconds: audit.individualSeconds });
    }

    const result: BatchResult = {
      runId: 0,
      universe: args.universe,
      useCase: useCase.id,
      asOf: problem.asOf,
      accounts: mappedBook.accounts,
      clusters: clusterSummaries(models, targets, mappedBook.belowBy, problem, useCase, meter, minimums),
      trackingError: mappedBook.trackingErrorQuantiles(),
      belowMinimum: mappedBook.belowMinimum,
      fallback,
      unallocated,
      failedModels: failed,
      partial: failed.length > 0 || unallocated > 0,
      audit,
      seconds: 0,
      files: [],
      spans: rec.spans,
      warnings,
    };

    const afterAudit = performance.now();
    if (files) {
      const writer = files;
      result.files.push(...(await stage('write', () => writer.finish(result.clusters))));
    }
    // the stored run's time and the batch's: every stage but the audit, up to the store
    const seconds = () => batchSeconds + (performance.now() - afterAudit) / 1000;
    const persisted = { ...result, seconds: seconds(), spans: undefined, targets: storedTargets(models, targets, problem) };
    result.runId = await stage('persist', () => {
      rec.annotate('persist', { accounts: mappedBook.accounts, allocationBytes: mappedBook.allocationBytes });
      // every account's allocation goes with the run, in its transaction: the Account screen reads it back as it was
      return db.transaction(() => {
        const runId = saveRun(db, {
          kind: 'batch',
          status: result.partial ? 'partial' : 'done',
          universe: args.universe,
          useCase: useCase.id,
          solver: 'highs',
          options: args,
          result: persisted,
          machine: runEnvironment({ highs: pool.version }),
          spans: rec.spans,
          samples: rec.samples,
        });
        storeAllocations(db, runId, problem, []);
        // the run's figures, clusters and outcomes as rows: the Book, Cluster and Account screens query them, never the result whole
        storeOutcomes(db, runId, persisted, []);
        mappedBook.copyRowsInto(runId);
        return runId;
      })();
    });
    result.seconds = seconds();
    if (output) {
      result.files.push(writeRunJson(output, result, args, pool));
      output.commit();
    }
    return result;
  } finally {
    files?.abort();
    gathered?.close();
    output?.discard();
  }
}

/**
 * Threads that map the book: one per core (the cluster models are solved by then, so the HiGHS pool is idle), or
 * the batch's `workers`; the caller's thread alone for a book of one or two chunks, which a pool's start-up
 * (loading the modules, building the covariance per thread) would only slow.
 */
function mappingThreads(workers: number | undefined, accounts: number): number {
  if (accounts <= 2 * CHUNK_ACCOUNTS) return 1;
  return Math.max(1, workers ?? availableParallelism());
}

function lotsOfAccounts(lots: readonly AccountLot[]): Map<string, AccountLot[]> {
  const byAccount = new Map<string, AccountLot[]>();
  for (const lot of lots) {
    let list = byAccount.get(lot.accountId);
    if (!list) byAccount.set(lot.accountId, (list = []));
    list.push(lot);
  }
  return byAccount;
}

/** The book (a file, or a stored book) and the price panel it is optimized on. */
async function loadBook(services: CoreServices, args: ParsedArgs<'book/batch'>) {
  const book: AccountBook = args.accountsFile !== undefined ? await readAccountBook(args.accountsFile, args.holdingsFile) : loadStoredBook(services.db, args.book!);
  if (book.accounts.length === 0) throw new InputError('the book has no accounts', { field: args.accountsFile !== undefined ? 'accounts' : 'book' });
  if (args.universe === 'demo') ensureDemoMarket(services.db);
  return { book, panel: readPricePanel(services.db, args.universe, { asOf: args.asOf, lookback: args.lookback }) };
}

/** run.json, written last into the staging directory, which is then put in place: --out with a run.json is complete. */
function writeRunJson(out: StagedDirectory, result: BatchResult, args: ParsedArgs<'book/batch'>, pool: HighsBackend): string {
  const file = out.final('run.json');
  const { spans, ...rest } = result;
  return out.write('run.json', finiteJson({ ...rest, files: [...result.files, file], spans, machine: runEnvironment({ highs: pool.version }), options: args }, file));
}
