/** JSON-plain types of stored runs: what ran, how it ended, its spans and resource samples for the waterfall. */
import type { Span } from './domain.ts';

/** The job kinds that store runs (DESIGN section 6). */
export const runKinds = ['optimize', 'batch', 'minimums', 'compare', 'import', 'yahoo', 'sync', 'bench'] as const;
export type RunKind = (typeof runKinds)[number];

export interface RunSummary {
  id: number;
  createdAt: string;
  /** what was run, e.g. `optimize` */
  kind: string;
  status: string;
  universe: string | null;
  useCase: string | null;
  solver: string | null;
  options: unknown;
  /**
   * what the run answered: for an optimize run, its OptimizeResult without `spans` (or the failure's
   * message and diagnosis). runs/show gives it whole; runs/list leaves out its `holdings`.
   */
  result: unknown;
  /** a RunEnvironment for runs stored since issue 17; older runs hold a smaller record */
  machine: unknown;
  /** the end of the last top-level span, ms (0 for a run without spans) */
  durationMs: number;
}

/**
 * The process's use of the machine at `tMs` after the run's start (the same clock as its spans), sampled while
 * the job ran: the track drawn under the waterfall.
 */
export interface ResourceSample {
  tMs: number;
  /** this process's CPU since the previous sample (all its threads), in % of one core: 200 is two cores busy */
  cpuPercent: number;
  /** resident set size of this process, MiB */
  rssMiB: number;
  /** V8 heap used on the main thread, MiB */
  heapUsedMiB: number;
  /** the CPU of this process's child processes (a CLI solver), % of one core; null where it cannot be read */
  childCpuPercent: number | null;
  /** their resident memory, MiB; null where it cannot be read */
  childRssMiB: number | null;
}

/** What a run was measured on, stored with it so timings can be compared across machines. */
export interface RunEnvironment {
  hostname: string;
  /** e.g. `linux 6.1.0-18-amd64` */
  platform: string;
  arch: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  /** the versions of the packages the work ran on: jessica, highs, better-sqlite3, pg, … */
  packages: Record<string, string>;
  /** the solvers the job used, by id, with their versions as they report them */
  solvers: Record<string, string>;
  /** the environment variables that change how Jessica runs (JESSICA_*, NODE_OPTIONS, UV_THREADPOOL_SIZE) */
  env: Record<string, string>;
}

export interface StoredRun extends RunSummary {
  spans: Span[];
  /** empty for a run stored before resource sampling or one too short to sample */
  samples: ResourceSample[];
}

/** A CSV file for the user to save: its suggested name and its text. */
export interface CsvExport {
  fileName: string;
  csv: string;
}

/** A self-contained file for the user to save (a waterfall as SVG or HTML): its suggested name and its text. */
export interface RunFile {
  fileName: string;
  mediaType: 'image/svg+xml' | 'text/html';
  text: string;
}

/** One stage of two runs, matched by its path of span names (`solve/cluster 3`), and how its time changed. */
export interface StageDiff {
  /** span names from the root, joined by ` / `; a repeated name under one parent gets `#2`, `#3` */
  path: string;
  depth: number;
  aMs: number | null;
  bMs: number | null;
  /** b − a, ms; null when the stage is in one run only */
  deltaMs: number | null;
}

/** A field (of the options, the result's figures or the machine) that differs between two runs. */
export interface FieldDiff {
  /** a dotted path, e.g. `options.maxNames`, `result.objective`, `machine.cpu` */
  field: string;
  a: unknown;
  b: unknown;
}

/** runs/diff: run b against run a. */
export interface RunDiff {
  a: RunSummary;
  b: RunSummary;
  /** every stage of either run, in a's order then b's new ones */
  stages: StageDiff[];
  /** the fields that differ; equal ones are left out */
  fields: FieldDiff[];
}

/** runs/export: a bundle written to a directory (see core/runs/runBundle.ts). */
export interface RunBundleSummary {
  runId: number;
  dir: string;
  files: string[];
}

/** runs/replay: the bundle run again, and whether it reproduced the stored objective. */
export interface ReplayResult {
  bundle: string;
  kind: string;
  /** the run the replay stored */
  runId: number;
  reproduced: boolean;
  objective: { stored: number | null; replayed: number | null; tolerance: number };
  /** the inputs whose hash differs from the bundle's (a re-imported universe, an edited use case) */
  changedInputs: string[];
  /** one line per difference, empty when reproduced */
  differences: string[];
}

/**
 * One bar of a waterfall: a span at its start offset and duration, on a row. Spans nest: a child's row is below its
 * parent's and its bar lies inside the parent's time. Work done in parallel on a pool (a batch's cluster solves)
 * shares rows by the pool's lane instead of taking one row each.
 */
export interface WaterfallBar {
  spanId: number;
  parent: number | null;
  name: string;
  /** the top-level stage it belongs to (its root span's name): what colours it */
  stage: string;
  depth: number;
  /** 0-based row from the top */
  row: number;
  /** the pool's lane (worker thread) it ran on, when it ran on one */
  lane: number | null;
  startMs: number;
  durationMs: number;
  attrs?: Record<string, unknown>;
}

/** runs/layout: a run's waterfall laid out once in the core, for the workbench and the waterfall file to draw. */
export interface WaterfallLayout {
  runId: number;
  kind: string;
  status: string;
  /** e.g. `batch 12 · sp500 · index-tracking · 3.4 s` */
  title: string;
  createdAt: string;
  /** the end of the last bar, ms */
  totalMs: number;
  rows: number;
  bars: WaterfallBar[];
  /** the top-level stages in the order they started: the legend */
  stages: string[];
  /** the CPU and memory track */
  samples: ResourceSample[];
}

/**
 * The colours of a waterfall's stages, given in legend order (two runs drawn together: the first run's stages, then
 * the second's new ones), so that the workbench and the saved file draw a run alike. Okabe–Ito without its yellow
 * (below 3:1 against white) and grey (reads as "nothing"), then Paul Tol's darker hues: fourteen before a repeat.
 */
export const waterfallStagePalette = [
  '#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#000000', '#7F3C8D',
  '#882255', '#44AA99', '#117733', '#999933', '#332288', '#AA4499',
] as const;
