import { z } from 'zod';
import type { AccountDetail, AccountOutcome, AccountRow, AccountsImportSummary, BatchResult, BatchRunDetail, BatchRunSummary, ClusterDetail, MinimumsResult } from './book.ts';
import type { ImportSummary, OptimizeResult, UniverseSummary } from './domain.ts';
import { benchMatrixSchema, benchPresets, type BenchResult } from './bench.ts';
import { jobMethods, type Job } from './jobs.ts';
import type { PriceSeries, UniverseMembers } from './market.ts';
import type { CsvExport, ReplayResult, RunBundleSummary, RunDiff, RunFile, RunSummary, StoredRun, WaterfallLayout } from './runs.ts';
import type { CompareResult, SolverAvailability } from './solvers.ts';
import type { ConnectionTest, Settings, SyncStatus, SyncSummary } from './sync.ts';
import type { ComponentInfo, EditResult, ModelFacts, UseCaseDetail, UseCaseMatrix, UseCaseSummary } from './useCases.ts';
import type { YahooImportSummary } from './yahoo.ts';

/** ISO calendar date yyyy-mm-dd. */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as yyyy-mm-dd');
const fraction = z.number().gt(0).lte(1);

export const dataImportArgs = z.object({
  universe: z.string().min(1).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  pricesFile: z.string().min(1),
  constituentsFile: z.string().min(1).optional(),
  indexFile: z.string().min(1).optional(),
});

export const dataListArgs = z.object({}).strict();

/**
 * Daily history and quotes from Yahoo Finance into a universe (issue 15). The tickers come from exactly one of an
 * iShares ETF holdings download (IVV, IWM: its own layout, header lines included), a constituents CSV, or a list.
 * Incremental: per ticker only the dates after its last stored one (from `from` for a new ticker).
 */
export const dataYahooArgs = z
  .object({
    universe: z.string().min(1).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
    holdingsFile: z.string().min(1).optional(),
    constituentsFile: z.string().min(1).optional(),
    tickers: z.array(z.string().min(1)).min(1).max(5000).optional(),
    /** the first date for a ticker the universe has no prices of yet (default: five years before today) */
    from: isoDate.optional(),
    /** the Yahoo symbol of the index series (`^GSPC`, `^RUT`); default: the index of the holdings file's fund (IVV: ^GSPC, IWM: ^RUT), none otherwise */
    index: z.string().min(1).optional(),
    /** requests in flight at once */
    concurrency: z.number().int().min(1).max(16).default(4),
  })
  .strict()
  .refine((a) => [a.holdingsFile, a.constituentsFile, a.tickers].filter((x) => x !== undefined).length === 1, 'give exactly one of holdingsFile, constituentsFile or tickers');

/** A PostgreSQL URL (postgres:// or postgresql://); the password is never echoed back. */
const pgUrl = z.string().regex(/^postgres(ql)?:\/\//, 'expected a URL such as postgres://user:password@host:5432/database');

/** The team database (api/sync.ts). `url` overrides JESSICA_PG_URL, which overrides the stored setting. */
export const syncRunArgs = z.object({ url: pgUrl.optional() }).strict();
export const syncStatusArgs = z.object({ url: pgUrl.optional() }).strict();
export const syncTestArgs = z.object({ url: pgUrl.optional() }).strict();
export const settingsGetArgs = z.object({}).strict();
/** null removes the stored URL */
export const settingsSetArgs = z.object({ pgUrl: pgUrl.nullable() }).strict();

export const solverIds = ['highs', 'cbc', 'gurobi'] as const;
/** `race`: every capable solver on the model at once; the first to prove optimality wins (api/solvers.ts) */
export const solverChoices = [...solverIds, 'race'] as const;

export const optimizeArgs = z
  .object({
    universe: z.string().min(1),
    useCase: z.string().min(1),
    asOf: isoDate.optional(),
    lookback: z.number().int().min(2).default(252),
    benchmark: z.enum(['cap', 'index']).optional(),
    maxNames: z.number().int().min(1).optional(),
    minWeight: fraction.optional(),
    maxWeight: fraction.optional(),
    sectorBand: z.number().min(0).lte(1).optional(),
    exclude: z.array(z.string().min(1)).optional(),
    accountValue: z.number().positive().optional(),
    /** current positions, one row per tax lot: ticker,shares[,cost_basis,acquired,price]; price (per share at the as-of date) values names outside the universe, which are sold */
    holdingsFile: z.string().min(1).optional(),
    /** the account's realized gain/loss report for the wash-sale rule: ticker,date,realized_gain[,shares] */
    recentSalesFile: z.string().min(1).optional(),
    /** cash in the account besides the holdings, in dollars */
    cash: z.number().min(0).optional(),
    /** dollars to raise for a withdrawal: the account value is reduced by it */
    withdraw: z.number().positive().optional(),
    fractional: z.boolean().default(false),
    /** absent: the use case's solver in the matrix (HiGHS unless it chose another) */
    solver: z.enum(solverChoices).optional(),
    timeLimit: z.number().positive().default(10),
    mipGap: z.number().min(0).lt(1).optional(),
    out: z.string().min(1).optional(),
    /** write the assembled model to this file, LP or MPS by its extension (.lp, .mps), with FILE.names.json */
    writeModel: z.string().regex(/\.(lp|mps)$/i, 'must end in .lp or .mps').optional(),
  })
  .strict();

/** The solvers this machine has (api/solvers.ts): version, path, licence, features. */
export const solversListArgs = z.object({}).strict();

/**
 * One model, assembled once, solved by each solver (api/solvers.ts). The optimize arguments say the model;
 * `starts` says whether each solver starts from the heuristic's point (where the model has one), without it, or both.
 */
export const solversCompareArgs = optimizeArgs
  .omit({ solver: true, writeModel: true })
  .extend({
    solvers: z
      .array(z.enum(solverIds))
      .min(1)
      .default(['highs', 'cbc'])
      .refine((s) => new Set(s).size === s.length, 'a solver is named twice'),
    starts: z
      .array(z.enum(['heuristic', 'none']))
      .min(1)
      .default(['heuristic'])
      .refine((s) => new Set(s).size === s.length, 'a start is named twice'),
    /** threads each solver may use (Gurobi Threads, CBC threads); HiGHS (WebAssembly) uses one */
    threads: z.number().int().min(1).max(256).optional(),
  })
  .strict();

/** The use-case matrix (DESIGN section 4): use cases × components, versioned in the store. */
const useCaseId = z.string().min(1);
const componentId = z.string().min(1);
const changeNote = z.string().max(500).optional();

export const useCasesListArgs = z.object({}).strict();
export const useCasesShowArgs = z.object({ id: useCaseId }).strict();
export const useCasesMatrixArgs = z.object({}).strict();
export const useCasesSetArgs = z
  .object({
    id: useCaseId,
    /**
     * `component.parameter` → value; strings are read as the parameter's type (`0.05`, `5%`, `true`, `A,B`).
     * The key `solver` (no dot) sets the solver the use case runs on: highs, cbc, gurobi or race.
     */
    values: z.record(z.string().min(1), z.unknown()).refine((v) => Object.keys(v).length > 0, 'give at least one component.parameter or solver'),
    note: changeNote,
  })
  .strict();
export const useCasesEnableArgs = z
  .object({ id: useCaseId, component: componentId, params: z.record(z.string(), z.unknown()).default({}), note: changeNote })
  .strict();
export const useCasesDisableArgs = z.object({ id: useCaseId, component: componentId, note: changeNote }).strict();
export const useCasesCopyArgs = z.object({ id: useCaseId, newId: useCaseId, title: z.string().min(1).optional(), note: changeNote }).strict();

/** The market screens: a universe's members and sector mix; closes of a few tickers and the index. */
const universeName = z.string().min(1);
export const dataMembersArgs = z.object({ universe: universeName }).strict();
export const dataSeriesArgs = z
  .object({
    universe: universeName,
    /** at most 10 tickers; none for the index alone */
    tickers: z.array(z.string().min(1)).max(10).default([]),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .strict();

/** The component catalogue, for forms generated from each component's parameter schema. */
export const componentsListArgs = z.object({}).strict();

/** What a use case assembles to on a universe (default: the demo market, its last date, 252 days). */
export const useCasesFactsArgs = z
  .object({ id: useCaseId, universe: universeName.default('demo'), asOf: isoDate.optional(), lookback: z.number().int().min(2).default(252) })
  .strict();

/** Stored runs: the newest first; one with its spans; its portfolio as portfolio.csv. */
export const runsListArgs = z
  .object({
    limit: z.number().int().min(1).max(1000).default(50),
    kind: z.string().min(1).optional(),
    status: z.string().min(1).optional(),
    universe: z.string().min(1).optional(),
    /** runs created on or after this ISO date or timestamp */
    since: z.string().min(10).optional(),
  })
  .strict();
export const runsShowArgs = z.object({ id: z.number().int().positive() }).strict();
export const runsPortfolioCsvArgs = z.object({ id: z.number().int().positive() }).strict();
export const runsLayoutArgs = z.object({ id: z.number().int().positive() }).strict();
export const runsDeleteArgs = z.object({ id: z.number().int().positive() }).strict();
export const runsDiffArgs = z.object({ a: z.number().int().positive(), b: z.number().int().positive() }).strict();
/** The waterfall as a self-contained file; `with` draws a second run under it on the same time axis. */
export const runsWaterfallArgs = z
  .object({ id: z.number().int().positive(), format: z.enum(['svg', 'html']).default('html'), with: z.number().int().positive().optional() })
  .strict();
/** Writes a run's bundle (inputs' hashes, options, model file, solver logs, outputs, spans) into `dir`. */
export const runsExportArgs = z.object({ id: z.number().int().positive(), dir: z.string().min(1) }).strict();
/** Runs a bundle again and checks that it reproduces the stored objective. */
export const runsReplayArgs = z.object({ dir: z.string().min(1), timeLimitSec: z.number().positive().optional() }).strict();

/**
 * The performance-train bench (api/bench.ts): the matrix given whole, read from `matrixFile` (JSON or YAML), or a
 * preset (bench/matrix.<preset>.yaml; `default` when none is given). `repeats` overrides the matrix's; `pgUrl` the
 * team database the postgres store variant reads from (else JESSICA_PG_URL, else the stored setting; none: skipped).
 */
export const benchRunArgs = z
  .object({
    matrix: benchMatrixSchema.optional(),
    matrixFile: z.string().min(1).optional(),
    preset: z.enum(benchPresets).optional(),
    repeats: z.number().int().min(1).max(100).optional(),
    out: z.string().min(1).optional(),
    pgUrl: pgUrl.optional(),
  })
  .strict()
  .refine((a) => [a.matrix, a.matrixFile, a.preset].filter((x) => x !== undefined).length <= 1, { message: 'give at most one of matrix, matrixFile or preset', path: ['matrix'] });

/** Long work as jobs (api/jobs.ts): the arguments are the method's own, validated when the job starts. */
export const jobsStartArgs = z.object({ method: z.enum(jobMethods), args: z.record(z.string(), z.unknown()).default({}) }).strict();
export const jobsShowArgs = z.object({ jobId: z.string().min(1) }).strict();
export const jobsCancelArgs = z.object({ jobId: z.string().min(1) }).strict();
export const jobsListArgs = z.object({}).strict();

/** The SMA book (api/book.ts): accounts in, clusters optimized, whole shares out; account minimums. */
const bookName = z.string().min(1).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');
export const accountsImportArgs = z
  .object({ file: z.string().min(1), holdingsFile: z.string().min(1).optional(), book: bookName.default('default') })
  .strict();
export const accountsGenerateArgs = z
  .object({
    count: z.number().int().min(1).max(1_000_000),
    seed: z.number().int().default(1),
    out: z.string().min(1),
    holdingsOut: z.string().min(1).optional(),
    /** the stored universe the book's tickers (exclusions, legacy lots) come from */
    universe: z.string().min(1).default('demo'),
    /** `individual`: each account its own exclusions (employer stock, values screens); `sets`: a handful of shared lists */
    restrictions: z.enum(['individual', 'sets']).default('individual'),
  })
  .strict();
/**
 * The built-in demo book, stored directly (no files): `count` accounts drawn on a stored universe (the demo
 * market unless told) with individual restrictions and legacy lots, as `accounts generate` writes them.
 */
export const accountsDemoArgs = z
  .object({
    count: z.number().int().min(1).max(1_000_000).default(3000),
    seed: z.number().int().default(1),
    book: bookName.default('demo'),
    universe: z.string().min(1).default('demo'),
    restrictions: z.enum(['individual', 'sets']).default('individual'),
  })
  .strict();
export const accountsListArgs = z.object({ book: bookName.default('default'), limit: z.number().int().min(1).max(100_000).default(1000) }).strict();
export const bookBatchArgs = z
  .object({
    /** a CSV to read, or a stored book (accounts/import) */
    accountsFile: z.string().min(1).optional(),
    holdingsFile: z.string().min(1).optional(),
    book: bookName.optional(),
    universe: z.string().min(1),
    useCase: z.string().min(1),
    asOf: isoDate.optional(),
    lookback: z.number().int().min(2).default(252),
    /** size bands per cluster key; the default picks them from the account sizes */
    clusters: z.number().int().min(1).optional(),
    workers: z.number().int().min(1).max(64).optional(),
    /** accounts optimized one by one to measure the batch's loss of quality */
    audit: z.number().int().min(0).default(0),
    /** the tracking error accounts must reach: each cluster's account minimum is found and accounts below it flagged */
    teTarget: z.number().positive().optional(),
    /**
     * seconds each cluster's model may take: the budget of its max-names heuristic (a cluster whose model is an
     * LP solves to its optimum, with at least 10 s); the audit's accounts get 2.5 times it (the heuristic's
     * 40 % share is then the same budget, branch-and-bound the rest)
     */
    timeLimit: z.number().positive().default(1),
    out: z.string().min(1).optional(),
    /** solve the cluster models and map the chunks of accounts on `jessica worker` processes, through the team PostgreSQL */
    distributed: z.boolean().default(false),
    /** the team PostgreSQL a distributed batch runs on (else JESSICA_PG_URL, else the stored setting) */
    pg: z.string().min(1).optional(),
    /** a distributed batch's id: continue it, with the arguments it started with, without redoing its finished jobs */
    resume: z.string().min(1).max(100).optional(),
  })
  .strict()
  .refine((a) => (a.accountsFile === undefined) !== (a.book === undefined), 'give either accountsFile or book');
export const bookMinimumsArgs = z
  .object({
    universe: z.string().min(1),
    useCase: z.string().min(1),
    asOf: isoDate.optional(),
    lookback: z.number().int().min(2).default(252),
    teTarget: z.number().positive(),
    /** account values to try, dollars; the default is 20 sizes from $10k to $5M, evenly spaced in log */
    sizes: z.array(z.number().positive()).min(1).max(200).optional(),
    fractional: z.boolean().default(false),
    exclude: z.array(z.string().min(1)).optional(),
    timeLimit: z.number().positive().default(10),
    out: z.string().min(1).optional(),
  })
  .strict();

/** The stored batch runs, newest first, and what the Book, Cluster and Account screens read from one. */
const runId = z.number().int().positive();
export const bookRunsArgs = z.object({ limit: z.number().int().min(1).max(1000).default(50) }).strict();
export const bookAccountsArgs = z
  .object({
    runId,
    clusterId: z.string().min(1).optional(),
    strategy: z.string().min(1).optional(),
    taxStatus: z.enum(['taxable', 'deferred']).optional(),
    minValue: z.number().min(0).optional(),
    maxValue: z.number().min(0).optional(),
    belowMinimum: z.boolean().optional(),
    limit: z.number().int().min(1).max(100_000).default(1000),
    /** accounts that match left out before the first answered: a page of the book */
    offset: z.number().int().min(0).default(0),
  })
  .strict();
export const bookRunArgs = z.object({ runId }).strict();
export const bookClusterArgs = z
  .object({
    runId,
    clusterId: z.string().min(1),
    /** members answered at most (all when absent); the dispersion is over all of them */
    limit: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();
export const bookAccountArgs = z.object({ runId, accountId: z.string().min(1) }).strict();

/** The contract: method name → argument schema. Names are `domain/verb`. */
export const methods = {
  'data/import': dataImportArgs,
  'data/list': dataListArgs,
  'data/yahoo': dataYahooArgs,
  'data/members': dataMembersArgs,
  'data/series': dataSeriesArgs,
  'components/list': componentsListArgs,
  'usecases/facts': useCasesFactsArgs,
  'runs/list': runsListArgs,
  'runs/show': runsShowArgs,
  'runs/portfolioCsv': runsPortfolioCsvArgs,
  'runs/layout': runsLayoutArgs,
  'runs/delete': runsDeleteArgs,
  'runs/diff': runsDiffArgs,
  'runs/waterfall': runsWaterfallArgs,
  'runs/export': runsExportArgs,
  'runs/replay': runsReplayArgs,
  'accounts/import': accountsImportArgs,
  'accounts/generate': accountsGenerateArgs,
  'accounts/demo': accountsDemoArgs,
  'accounts/list': accountsListArgs,
  'book/batch': bookBatchArgs,
  'book/minimums': bookMinimumsArgs,
  'book/runs': bookRunsArgs,
  'book/run': bookRunArgs,
  'book/accounts': bookAccountsArgs,
  'book/cluster': bookClusterArgs,
  'book/account': bookAccountArgs,
  'jobs/start': jobsStartArgs,
  'jobs/show': jobsShowArgs,
  'jobs/cancel': jobsCancelArgs,
  'jobs/list': jobsListArgs,
  'portfolio/optimize': optimizeArgs,
  'usecases/list': useCasesListArgs,
  'usecases/show': useCasesShowArgs,
  'usecases/matrix': useCasesMatrixArgs,
  'usecases/set': useCasesSetArgs,
  'usecases/enable': useCasesEnableArgs,
  'usecases/disable': useCasesDisableArgs,
  'usecases/copy': useCasesCopyArgs,
  'sync/run': syncRunArgs,
  'sync/status': syncStatusArgs,
  'sync/test': syncTestArgs,
  'settings/get': settingsGetArgs,
  'settings/set': settingsSetArgs,
  'solvers/list': solversListArgs,
  'solvers/compare': solversCompareArgs,
  'bench/run': benchRunArgs,
} as const;

export type MethodName = keyof typeof methods;
export type MethodArgs<M extends MethodName> = z.input<(typeof methods)[M]>;
export type ParsedArgs<M extends MethodName> = z.output<(typeof methods)[M]>;

/** What each method answers with (the `value` of an ok envelope): the renderer's view of the core. */
export interface MethodResults {
  'data/import': ImportSummary;
  'data/list': UniverseSummary[];
  'data/yahoo': YahooImportSummary;
  'data/members': UniverseMembers;
  'data/series': PriceSeries;
  'portfolio/optimize': OptimizeResult;
  'components/list': ComponentInfo[];
  'usecases/list': UseCaseSummary[];
  'usecases/show': UseCaseDetail;
  'usecases/matrix': UseCaseMatrix;
  'usecases/facts': ModelFacts;
  'usecases/set': EditResult;
  'usecases/enable': EditResult;
  'usecases/disable': EditResult;
  'usecases/copy': EditResult;
  'runs/list': RunSummary[];
  'runs/show': StoredRun;
  'runs/portfolioCsv': CsvExport;
  'runs/layout': WaterfallLayout;
  'runs/delete': { deleted: number };
  'runs/diff': RunDiff;
  'runs/waterfall': RunFile;
  'runs/export': RunBundleSummary;
  'runs/replay': ReplayResult;
  'accounts/import': AccountsImportSummary;
  'accounts/generate': { accounts: number; lots: number; files: string[] };
  'accounts/demo': AccountsImportSummary;
  'accounts/list': AccountRow[];
  'book/batch': BatchResult;
  'book/minimums': MinimumsResult;
  'book/runs': BatchRunSummary[];
  'book/run': BatchRunDetail;
  'book/accounts': AccountOutcome[];
  'book/cluster': ClusterDetail;
  'book/account': AccountDetail;
  'jobs/start': Job;
  'jobs/show': Job;
  'jobs/cancel': Job;
  'jobs/list': Job[];
  'sync/run': SyncSummary;
  'sync/status': SyncStatus;
  'sync/test': ConnectionTest;
  'settings/get': Settings;
  'settings/set': Settings;
  'solvers/list': SolverAvailability[];
  'solvers/compare': CompareResult;
  'bench/run': BenchResult;
}
export type MethodResult<M extends MethodName> = MethodResults[M];
