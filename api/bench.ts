/**
 * The performance-train bench (issue 17): a standard workload run across the component variants a small matrix
 * names, each variant's time (median and spread of repeated runs), peak memory and environment, stored as a run of
 * kind `bench` and written as bench.csv and bench.md.
 */
import { z } from 'zod';
import type { RunEnvironment } from './runs.ts';

/**
 * What a workload runs: one portfolio (`portfolio/optimize`), a book of accounts (`book/batch`), or the app's book
 * screens on a stored batch, timed to a rendered screen in a browser (`screens`).
 */
export const benchWorkloadKinds = ['optimize', 'batch', 'screens'] as const;
export type BenchWorkloadKind = (typeof benchWorkloadKinds)[number];

export const benchSolvers = ['highs', 'cbc', 'gurobi'] as const;
/** the tracking objective: mean absolute deviation (an LP) or the variance of the active return (a QP) */
export const benchObjectives = ['mad', 'variance'] as const;
/** where the workload reads its price window: the SQLite store, or the team PostgreSQL database after a sync */
export const benchStores = ['sqlite', 'postgres'] as const;
/**
 * The screens a `screens` workload times, each from a fresh browser context: the Book screen from loading the page
 * (`book-load`: the bundle's download and start included) and from the navigation with the app already open
 * (`book-nav`); the batch's largest cluster from a click on it in the Book screen (`cluster`); that cluster's first
 * member from a click on it in the Cluster screen (`account`).
 */
export const benchScreens = ['book-load', 'book-nav', 'cluster', 'account'] as const;
export type BenchScreen = (typeof benchScreens)[number];
export const benchScreenTitles: Record<BenchScreen, string> = {
  'book-load': 'Book (page load)',
  'book-nav': 'Book (from the nav)',
  cluster: 'Cluster',
  account: 'Account',
};

/** The factors each kind of workload can vary, in the order rows are made. */
export const benchFactorNames = {
  optimize: ['solver', 'universe', 'lookback', 'objective', 'store'],
  batch: ['workers', 'accounts', 'universe', 'lookback'],
  screens: ['screen', 'accounts', 'universe'],
} as const satisfies Record<BenchWorkloadKind, readonly string[]>;

const universeName = z.string().min(1).regex(/^[A-Za-z0-9_.-]+$/, 'a universe name: letters, digits, _ . - only');
const lookback = z.number().int('expected a whole number of return periods').min(2, 'a lookback needs at least 2 return periods');
const workers = z.number().int('expected a whole number of threads').min(1).max(64);
const accounts = z.number().int('expected a whole number of accounts').min(1).max(1_000_000);

/** A factor's values: at least one, none twice. */
function values<T extends z.ZodType>(item: T) {
  return z
    .array(item, { error: (issue) => (issue.code === 'invalid_type' ? 'expected a list of values: [first, second, …]' : undefined) })
    .min(1, 'give at least one value')
    .refine((list) => new Set(list.map((v) => JSON.stringify(v))).size === list.length, 'a value is named twice');
}

/** A strict object whose unknown keys are named with the ones it knows. */
function known<S extends z.ZodRawShape>(what: string, shape: S) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `unknown ${what} ${issue.keys.map((k) => `"${k}"`).join(', ')} (known: ${Object.keys(shape).join(', ')})` : undefined,
  });
}

const optimizeSetupShape = {
  solver: z.enum(benchSolvers),
  universe: universeName,
  lookback,
  objective: z.enum(benchObjectives),
  store: z.enum(benchStores),
};
const batchSetupShape = { workers, accounts, universe: universeName, lookback };
const screensSetupShape = { screen: z.enum(benchScreens), accounts, universe: universeName };

const optimizeWorkload = known('field', {
  kind: z.literal('optimize'),
  /** the workload's label in the table; default its kind */
  name: z.string().min(1).max(40).optional(),
  /** the setup every row starts from; a factor left out takes its first value, else the default */
  baseline: known('factor', optimizeSetupShape).partial().default({}),
  factors: known('factor for an optimize workload', {
    solver: values(optimizeSetupShape.solver).optional(),
    universe: values(universeName).optional(),
    lookback: values(lookback).optional(),
    objective: values(optimizeSetupShape.objective).optional(),
    store: values(optimizeSetupShape.store).optional(),
  }).default({}),
  /** more rows: the baseline with several factors changed at once */
  combinations: z.array(known('factor for an optimize workload', optimizeSetupShape).partial()).default([]),
  settings: known('setting for an optimize workload', {
    useCase: z.string().min(1).default('index-tracking'),
    /** seconds: an LP (the default model) solves to its optimum well within it */
    timeLimit: z.number().positive().default(60),
    maxNames: z.number().int().min(1).optional(),
    /** dollars: whole shares for an account of this size */
    accountValue: z.number().positive().max(1e12).optional(),
  }).default({ useCase: 'index-tracking', timeLimit: 60 }),
  repeats: z.number().int().min(1).max(100).optional(),
});

/** How a batch of the demo book runs: a batch workload's, and the batch a screens workload shows. */
function batchSettings(label: string) {
  return known(label, {
    useCase: z.string().min(1).default('index-tracking'),
    /** seconds per cluster model (book/batch timeLimit) */
    timeLimit: z.number().positive().default(1),
    /** size bands per cluster key (book/batch clusters); default: picked from the account sizes */
    clusters: z.number().int().min(1).optional(),
    /** the demo book's seed (accounts/generate) */
    seed: z.number().int().default(1),
    restrictions: z.enum(['individual', 'sets']).default('individual'),
  }).default({ useCase: 'index-tracking', timeLimit: 1, seed: 1, restrictions: 'individual' });
}

const batchWorkload = known('field', {
  kind: z.literal('batch'),
  name: z.string().min(1).max(40).optional(),
  baseline: known('factor', batchSetupShape).partial().default({}),
  factors: known('factor for a batch workload', {
    workers: values(workers).optional(),
    accounts: values(accounts).optional(),
    universe: values(universeName).optional(),
    lookback: values(lookback).optional(),
  }).default({}),
  combinations: z.array(known('factor for a batch workload', batchSetupShape).partial()).default([]),
  settings: batchSettings('setting for a batch workload'),
  repeats: z.number().int().min(1).max(100).optional(),
});

/**
 * The app's Book, Cluster and Account screens on a stored batch of a demo book, time to a rendered screen in a
 * browser. The book (`accounts` on `universe`) and one batch of it are made in the bench's setup, untimed, or
 * reused from the store; `settings` say how that batch runs.
 */
const screensWorkload = known('field', {
  kind: z.literal('screens'),
  name: z.string().min(1).max(40).optional(),
  baseline: known('factor', screensSetupShape).partial().default({}),
  factors: known('factor for a screens workload', {
    screen: values(screensSetupShape.screen).optional(),
    accounts: values(accounts).optional(),
    universe: values(universeName).optional(),
  }).default({}),
  combinations: z.array(known('factor for a screens workload', screensSetupShape).partial()).default([]),
  // the batch the screens show runs as a batch workload's does
  settings: batchSettings('setting for a screens workload'),
  repeats: z.number().int().min(1).max(100).optional(),
});

/**
 * A bench matrix (JSON or YAML): workloads, each with a baseline and the factors it varies. Rows are the baseline
 * plus one row per other value of each factor, the rest at the baseline (one factor at a time, not every
 * combination: 1 + Σ(values − 1) rows), plus any `combinations` listed.
 */
export const benchMatrixSchema = known('field', {
  name: z.string().min(1).max(80).optional(),
  description: z.string().max(2000).optional(),
  /** timed runs per row (after one untimed warm-up); a workload's own `repeats` wins */
  repeats: z.number().int().min(1).max(100).default(3),
  workloads: z
    .array(
      z.discriminatedUnion('kind', [optimizeWorkload, batchWorkload, screensWorkload], {
        error: (issue) => (issue.code === 'invalid_union' ? `kind must be one of ${benchWorkloadKinds.join(', ')}` : undefined),
      }),
    )
    .min(1, 'give at least one workload'),
});

export type BenchMatrix = z.input<typeof benchMatrixSchema>;
export type ParsedBenchMatrix = z.output<typeof benchMatrixSchema>;
export type BenchWorkload = ParsedBenchMatrix['workloads'][number];

/** The presets the app offers (bench/matrix.<preset>.yaml). */
export const benchPresets = ['tiny', 'default'] as const;
export type BenchPreset = (typeof benchPresets)[number];

export type BenchRowStatus = 'ok' | 'failed' | 'skipped' | 'cancelled';

/** One variant of a workload: its setup, its timed runs and what they measured. */
export interface BenchRow {
  /** e.g. `optimize · baseline`, `optimize · solver=cbc`, `batch · workers=1, accounts=10000`, `screens · screen=cluster` */
  label: string;
  /** the workload's name */
  workload: string;
  kind: BenchWorkloadKind;
  /** the factor this row changes from the baseline; null for the baseline and for a combination */
  factor: string | null;
  /** its value as text; null for the baseline and for a combination */
  value: string | null;
  /** every factor's value in this row */
  setup: Record<string, string | number>;
  /** what the workload read, e.g. `sp500: 504 names × 253 dates to 2021-04-21`; '' when it never ran */
  data: string;
  /** timed runs that ended (not the warm-up) */
  repeats: number;
  /**
   * wall time of one run of the workload through its handler, ms; for a screens row, of one visit: from the
   * navigation or click to the first painted frame holding the screen's content; null when none ended
   */
  medianMs: number | null;
  minMs: number | null;
  maxMs: number | null;
  /**
   * the median time of each top-level stage (the runs' spans: load, returns, assemble, solve, …), ms; for a screens
   * row, of each core method the screen called (its time at the core's dispatch, per visit)
   */
  stageMedianMs: Record<string, number>;
  /** the largest resident set of the process while the row's runs ran (their resource samples), MiB */
  peakRssMiB: number | null;
  /** the largest V8 heap in use, MiB */
  peakHeapMiB: number | null;
  /**
   * what the workload answered, to check that variants of one model agree (an objective, a tracking error); for a
   * screens row, the size of each call's answer as the browser received it and the page's JS heap
   */
  answer: string | null;
  status: BenchRowStatus;
  /** why the row was skipped or failed; null when it ran */
  reason: string | null;
  /** the stored runs of its timed repeats (each with its spans and samples); none for a screens row, whose visits are no jobs */
  runIds: number[];
  /** the solvers and threads the row ran on, e.g. `highs 1.8.0, pool of 2 threads`; for a screens row, the browser */
  environment: string;
}

/** bench/run: every row, where the files went, and what the bench ran on. */
export interface BenchResult {
  /** the stored run of kind `bench` holding this result */
  runId: number;
  /** the matrix's name, or its file's */
  matrix: string;
  /** the command as a user types it */
  command: string;
  repeats: number;
  rows: BenchRow[];
  /** bench.csv, bench.md and run.json in `out`; none without it */
  files: string[];
  environment: RunEnvironment;
  /** data imported, books made, use cases and the team database prepared before any row ran (untimed) */
  setupSeconds: number;
  /** the whole bench, setup included */
  seconds: number;
  failed: number;
  skipped: number;
}
