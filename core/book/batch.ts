import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AccountOutcome, AuditSummary, BatchResult, ClusterSummary } from '../../api/book.ts';
import type { ParsedArgs } from '../../api/methods.ts';
import { createHighsBackend, type HighsBackend } from '../../solver/backends/highs/highsBackend.ts';
import { resolveExclusions } from '../../solver/portfolio/accountExclusions.ts';
import { clusterAccounts } from '../../solver/portfolio/clustering.ts';
import { accountRules, modelPortfolioUseCase } from '../../solver/portfolio/modelPortfolio.ts';
import { TrackingErrorMeter } from '../../solver/portfolio/trackingErrorMeter.ts';
import type { TrackingProblem } from '../../solver/portfolio/trackingProblem.ts';
import { buildTrackingProblem } from '../../solver/portfolio/trackingUniverse.ts';
import { mapTargetToAccount } from '../../solver/portfolio/wholeShareMapping.ts';
import type { UseCase } from '../../solver/usecases/useCase.ts';
import { loadStoredBook, readAccountBook, type AccountBook } from '../accounts/accountBook.ts';
import { InputError, throwIfCancelled } from '../errors.ts';
import type { JobControl } from '../jobs/jobControl.ts';
import { ensureDemoMarket } from '../market/demoMarket.ts';
import { readPricePanel } from '../market/pricePanelReader.ts';
import { machineInfo } from '../runs/machineInfo.ts';
import { RunRecorder } from '../runs/runRecorder.ts';
import type { CoreServices } from '../services.ts';
import { saveRun } from '../store/runStore.ts';
import { findUseCase } from '../usecases/findUseCase.ts';
import { auditBatch, quantile } from './batchAudit.ts';
import { writeBatchFiles } from './batchFiles.ts';
import { mapBook, type MappedBookAccount } from './bookMapping.ts';
import { clusterAccountMinimum } from './clusterMinimum.ts';
import { clusterModels, solveClusterTargets, type ClusterModel, type ClusterTarget } from './clusterTargets.ts';
import { recordedJob } from '../jobs/recordedJob.ts';

const STAGE_MESSAGES: Readonly<Record<string, string>> = {
  load: 'reading the book and the prices',
  returns: 'computing returns and the benchmark',
  cluster: 'grouping the accounts into clusters',
  optimize: "solving the clusters' models",
  minimum: "finding each cluster's account minimum",
  map: 'whole shares for every account',
  audit: 'optimizing sampled accounts one by one',
  write: 'writing the CSV files',
  persist: 'storing the run',
};

/** The audit gives an account this multiple of a cluster's budget: the heuristic's 40 % share is then the same. */
const AUDIT_TIME_FACTOR = 2.5;
/** An LP cluster may take at least this long: it must reach its optimum. */
const LP_TIME_LIMIT_SEC = 10;

/**
 * `book/batch` (`jessica batch`): a book of accounts in representative clusters, stage by stage as spans of
 * the run: load (the book and the price panel) → returns → cluster (solver/portfolio/clustering.ts) →
 * optimize (one model per distinct cluster model on the HiGHS pool, a child span per cluster;
 * clusterTargets.ts) → minimum (with a target tracking error: each exclusion set's account minimum from
 * the targets just solved) → map (every account in whole shares, its trades and tracking error;
 * bookMapping.ts) → audit (with `audit` > 0; batchAudit.ts) → write (clusters.csv, allocations.csv,
 * trades.csv, accounts.csv) → persist; run.json last.
 *
 * `workers` sets the pool's threads: a pool of that size is started for the job (and closed after);
 * without it the shared pool runs the models. As a job: every stage, and every model solved and chunk of
 * accounts mapped, is reported to `control.onProgress`; `control.signal` is checked between stages and
 * chunks and handed to the pool. A cancelled job stores its run as `cancelled` and throws Cancelled.
 */
export async function bookBatch(services: CoreServices, args: ParsedArgs<'book/batch'>, control: JobControl = {}): Promise<BatchResult> {
  const own = args.workers !== undefined ? createHighsBackend({ workers: args.workers }) : undefined;
  const job = { kind: 'batch', universe: args.universe, useCase: args.useCase, solver: 'highs', options: args, stageMessages: STAGE_MESSAGES };
  try {
    return await recordedJob(services.db, job, control, (rec) => batchStages(services, own ?? services.highs(), args, rec, control));
  } finally {
    await own?.close();
  }
}

async function batchStages(
  services: CoreServices,
  pool: HighsBackend,
  args: ParsedArgs<'book/batch'>,
  rec: RunRecorder,
  { signal, onProgress }: JobControl,
): Promise<BatchResult> {
  const started = performance.now();
  const stage = <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    throwIfCancelled(signal);
    return rec.span(name, work);
  };
  const progress = (stageName: string, done: number, total: number, what: string): void =>
    onProgress?.({ stage: stageName, fraction: total > 0 ? done / total : null, message: `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${what}` });
  const { db } = services;
  const useCase = findUseCase(db, args.useCase);

  const { book, panel } = await stage('load', async () => {
    const loaded: AccountBook = args.accountsFile !== undefined ? await readAccountBook(args.accountsFile, args.holdingsFile) : loadStoredBook(db, args.book!);
    if (loaded.accounts.length === 0) throw new InputError('the book has no accounts', { field: args.accountsFile !== undefined ? 'accounts' : 'book' });
    if (args.universe === 'demo') ensureDemoMarket(db);
    return { book: loaded, panel: readPricePanel(db, args.universe, { asOf: args.asOf, lookback: args.lookback }) };
  });
  rec.annotate('load', { accounts: book.accounts.length, lots: book.lots.length, dates: panel.dates.length, members: panel.tickers.length });
  const problem = await stage('returns', () => buildTrackingProblem(panel));
  rec.annotate('returns', { names: problem.tickers.length, periods: problem.benchmarkReturns.length });
  const warnings = [...book.warnings, ...problem.warnings];

  const { clusters, models } = await stage('cluster', () => {
    const c = clusterAccounts(book.accounts, { bands: args.clusters, universe: problem });
    const m = clusterModels(c.clusters, problem, useCase);
    warnings.push(...m.warnings);
    return { clusters: c.clusters, bands: c.bands, models: m.models };
  });
  rec.annotate('cluster', { clusters: clusters.length, models: models.length, keys: new Set(clusters.map((c) => c.keyText)).size });

  const targets = await stage('optimize', () =>
    solveClusterTargets(models, {
      pool,
      cache: services.assemblyCache,
      problem,
      budgetSec: args.timeLimit,
      lpTimeLimitSec: Math.max(LP_TIME_LIMIT_SEC, args.timeLimit),
      ...(signal ? { signal } : {}),
      onTarget: (_model, _target, done, total) => progress('optimize', done, total, 'cluster models solved'),
    }),
  );
  for (const model of models) {
    const target = targets.get(model.key)!;
    for (const cluster of model.clusters) {
      rec.addTimed('optimize', {
        name: cluster.clusterId,
        startedAt: target.startedAt,
        durationMs: target.durationMs,
        attrs: {
          model: model.label,
          source: target.reusedFrom !== null ? `reused from ${target.reusedFrom}` : model.label === cluster.clusterId ? 'solved' : `same model as ${model.label}`,
          status: target.status,
          names: target.names.length,
          accounts: cluster.members.length,
        },
      });
    }
    if (!target.usable) warnings.push(`cluster model ${model.label} has no target (${target.status}: ${target.message}); its accounts keep their holdings`);
  }
  rec.annotate('optimize', {
    models: models.length,
    solved: [...targets.values()].filter((t) => t.usable && t.reusedFrom === null).length,
    reused: [...targets.values()].filter((t) => t.reusedFrom !== null).length,
    workers: pool.workers,
  });

  const minimums =
    args.teTarget !== undefined ? await stage('minimum', () => exclusionSetMinimums(services, problem, useCase, models, targets, args.teTarget!, signal)) : undefined;

  const meter = new TrackingErrorMeter(problem);
  const { mapped, warnings: mapWarnings } = await stage('map', () =>
    mapBook({
      accounts: book.accounts,
      lots: book.lots,
      clusters,
      models,
      targets,
      problem,
      meter,
      useCase,
      ...(signal ? { signal } : {}),
      onProgress: (done, total) => progress('map', done, total, 'accounts mapped'),
    }),
  );
  warnings.push(...mapWarnings);
  const batchSeconds = (performance.now() - started) / 1000;

  const minimumOf = (m: MappedBookAccount): number | null => minimums?.get(m.cluster.keyText) ?? null;
  const below = (m: MappedBookAccount): boolean => {
    if (args.teTarget === undefined) return false;
    const minimum = minimumOf(m);
    return minimum === null || m.value < minimum;
  };
  const outcomes: AccountOutcome[] = mapped.map((m) => ({
    accountId: m.account.accountId,
    clusterId: m.cluster.clusterId,
    value: m.value,
    cash: m.allocation.cash,
    names: m.allocation.names.length,
    trackingError: m.trackingError,
    trades: m.allocation.trades.length + m.outside.length,
    belowMinimum: below(m),
  }));

  const summaries = clusterSummaries(models, targets, outcomes, problem, useCase, meter, minimums);

  let audit: AuditSummary | null = null;
  if (args.audit > 0) {
    audit = await stage('audit', () =>
      auditBatch({
        mapped,
        count: args.audit,
        pool,
        cache: services.assemblyCache,
        problem,
        meter,
        useCase,
        timeLimitSec: AUDIT_TIME_FACTOR * args.timeLimit,
        ...(signal ? { signal } : {}),
        onProgress: (done, total) => progress('audit', done, total, 'accounts optimized one by one'),
      }),
    );
    rec.annotate('audit', { accounts: audit.accounts, median: audit.median, seconds: audit.individualSeconds });
  }

  const te = outcomes.map((o) => o.trackingError).sort((a, b) => a - b);
  const result: BatchResult = {
    runId: 0,
    universe: args.universe,
    useCase: useCase.id,
    asOf: problem.asOf,
    accounts: outcomes.length,
    clusters: summaries,
    trackingError: { median: quantile(te, 0.5), p90: quantile(te, 0.9), max: te.at(-1) ?? 0 },
    belowMinimum: outcomes.filter((o) => o.belowMinimum).length,
    audit,
    seconds: 0,
    files: [],
    spans: rec.spans,
    warnings,
  };

  const afterAudit = performance.now();
  if (args.out) {
    const out = args.out;
    const files = await stage('write', () => writeBatchFiles(out, { clusters: summaries, mapped, outcomes, problem }));
    result.files.push(...files);
  }
  // the stored run's time: every stage but the audit, up to the store
  const persisted = { ...result, seconds: batchSeconds + (performance.now() - afterAudit) / 1000, spans: undefined, outcomes, targets: storedTargets(models, targets, problem) };
  result.runId = await stage('persist', () =>
    saveRun(db, {
      kind: 'batch',
      status: summaries.every((c) => c.solveStatus !== 'failed') ? 'done' : 'partial',
      universe: args.universe,
      useCase: useCase.id,
      solver: 'highs',
      options: args,
      result: persisted,
      machine: machineInfo(),
      spans: rec.spans,
    }),
  );
  // the batch's time: every stage but the audit
  result.seconds = batchSeconds + (performance.now() - afterAudit) / 1000;

  if (args.out) {
    await mkdir(args.out, { recursive: true });
    const file = path.join(args.out, 'run.json');
    const { spans, ...rest } = result;
    await writeFile(file, `${JSON.stringify({ ...rest, files: [...result.files, file], spans, machine: machineInfo(), options: args }, null, 2)}\n`);
    result.files.push(file);
  }
  return result;
}

/**
 * One account minimum per exclusion set (clusterMinimum.ts): the model portfolio with the set's exclusions
 * and no band limits, and as its targets the ones the batch solved for the set's bands (no solve more);
 * every cluster of the set gets it. Keyed by the cluster key's text.
 */
async function exclusionSetMinimums(
  services: CoreServices,
  problem: TrackingProblem,
  useCase: UseCase,
  models: readonly ClusterModel[],
  targets: ReadonlyMap<string, ClusterTarget>,
  teTarget: number,
  signal: AbortSignal | undefined,
): Promise<Map<string, number | null>> {
  const bySet = new Map<string, { excluded: string[]; keys: Set<string>; weights: { label: string; weights: Float64Array }[] }>();
  for (const model of models) {
    const target = targets.get(model.key)!;
    for (const cluster of model.clusters) {
      const excluded = resolveExclusions(cluster.key.exclude, problem).tickers;
      const setKey = excluded.join(';');
      let set = bySet.get(setKey);
      if (!set) bySet.set(setKey, (set = { excluded, keys: new Set(), weights: [] }));
      set.keys.add(cluster.keyText);
      if (target.usable && !set.weights.some((w) => w.label === model.label)) {
        const dense = new Float64Array(problem.tickers.length);
        target.names.forEach((i, k) => (dense[i] = target.weights[k]!));
        set.weights.push({ label: model.label, weights: dense });
      }
    }
  }
  const out = new Map<string, number | null>();
  for (const set of bySet.values()) {
    throwIfCancelled(signal);
    let minimum: number | null = null;
    if (set.weights.length > 0) {
      const found = await clusterAccountMinimum(services, {
        problem,
        useCase: modelPortfolioUseCase(useCase, { maxNames: problem.tickers.length, minWeight: 0, saturated: true }, set.excluded),
        teTarget,
        targets: set.weights,
        nameLimits: [],
        ...(signal ? { signal } : {}),
      });
      minimum = found.minimum;
    }
    for (const key of set.keys) out.set(key, minimum);
  }
  return out;
}

function clusterSummaries(
  models: readonly ClusterModel[],
  targets: ReadonlyMap<string, ClusterTarget>,
  outcomes: readonly AccountOutcome[],
  problem: TrackingProblem,
  useCase: UseCase,
  meter: TrackingErrorMeter,
  minimums: ReadonlyMap<string, number | null> | undefined,
): ClusterSummary[] {
  const belowBy = new Map<string, number>();
  outcomes.forEach((o) => {
    if (o.belowMinimum) belowBy.set(o.clusterId, (belowBy.get(o.clusterId) ?? 0) + 1);
  });
  const summaries: ClusterSummary[] = [];
  for (const model of models) {
    const target = targets.get(model.key)!;
    for (const c of model.clusters) {
      // the target in whole shares at the cluster's smallest account, from cash
      let te: number | null = null;
      if (target.usable) {
        const excluded = new Set(resolveExclusions(c.key.exclude, problem).names);
        const a = mapTargetToAccount(target, { value: c.minValue, excluded }, { prices: problem.prices, ...accountRules(useCase, c.minValue), minWeight: model.minWeight });
        te = meter.measure(a.names, a.names.map((i, k) => (a.shares[k]! * problem.prices[i]!) / c.minValue));
      }
      summaries.push({
        clusterId: c.clusterId,
        key: c.key,
        band: { minValue: c.band.lower, maxValue: c.band.upper, maxNames: c.band.limits.maxNames, minWeight: c.band.limits.minWeight },
        accounts: c.members.length,
        minValue: c.minValue,
        maxValue: c.maxValue,
        trackingError: te,
        names: target.names.length,
        accountMinimum: minimums?.get(c.keyText) ?? null,
        belowMinimum: belowBy.get(c.clusterId) ?? 0,
        solveStatus: target.usable ? (target.reusedFrom !== null ? `${target.status} (reused from ${target.reusedFrom})` : target.status) : 'failed',
      });
    }
  }
  return summaries.sort((a, b) => (a.clusterId < b.clusterId ? -1 : 1));
}

/** The cluster targets as tickers and weights, kept in the stored run for the Cluster screen. */
function storedTargets(models: readonly ClusterModel[], targets: ReadonlyMap<string, ClusterTarget>, problem: TrackingProblem) {
  return models.flatMap((model) => {
    const t = targets.get(model.key)!;
    const holdings = t.names.map((i, k) => ({ ticker: problem.tickers[i]!, weight: t.weights[k]! }));
    return model.clusters.map((c) => ({ clusterId: c.clusterId, model: model.label, holdings }));
  });
}
