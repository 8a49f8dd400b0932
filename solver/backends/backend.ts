import type { ModelClass, ModelIR } from '../model/ir.ts';

/** Solver-neutral outcome of a solve. Every non-optimal ending is data, never a throw. */
export type SolveStatus =
  | 'optimal'
  | 'time-limit'
  | 'infeasible'
  | 'unbounded'
  | 'infeasible-or-unbounded'
  | 'iteration-limit'
  | 'interrupted'
  | 'error';

export interface SolveOptions {
  /** seconds; honoured by the solver and enforced from outside as a hard deadline */
  timeLimitSec?: number;
  /** relative MIP gap at which to stop (HiGHS mip_rel_gap) */
  mipRelGap?: number;
  /** a full column vector to start a MIP from (a heuristic incumbent) */
  mipStart?: number[];
  /** keep the solver's log lines in the result */
  keepLog?: boolean;
  /** threads the solver may use (Gurobi Threads, CBC threads); HiGHS (WebAssembly) always uses one */
  threads?: number;
  /**
   * run the structure-based primal heuristics (max names, whole shares) before branch-and-bound
   * when the model's annotations allow it; default true. Off gives the plain solver, for comparisons.
   */
  primalHeuristics?: boolean;
  /**
   * Names a model structure the caller will solve again with new data (an account's use case over
   * successive as-of dates or parameter values, e.g. assembleCached's structuralKey). A backend that can
   * keep models (HiGHS: a few per pool thread) patches the one kept under this key, changing only the
   * entries that differ, and re-solves from its last basis; absent, every solve starts from a fresh model.
   * The result is the same either way; only the time differs.
   */
  reuseKey?: string;
  /**
   * Stops the solve when aborted (a cancelled job): HiGHS by terminating its pool thread (the pool
   * starts another), a command-line solver by stopping its process as at a deadline. The result is
   * then `interrupted`; a backend never throws for it.
   */
  signal?: AbortSignal;
}

export interface SolverPhase {
  name: string;
  durationMs: number;
}

/**
 * The search as the solver's log reports it while it runs: the incumbent's objective and the best bound at
 * `atSec` seconds after the solver started (its own clock where the log prints one). MIP only.
 */
export interface SolveProgress {
  atSec: number;
  incumbent?: number;
  bound?: number;
}

/**
 * When and where a solver's work really ran, on a clock every thread and process of the machine shares: epoch ms as
 * `performance.timeOrigin + performance.now()` gives them (sub-millisecond, the same instant in every thread), so a
 * run's recorder can place the work on its own clock (RunRecorder.addTimedEpoch) instead of the caller's view of it.
 */
export interface SolveTiming {
  /** a pool thread's task from its start to its answer; a child process from spawn to exit */
  startedEpochMs: number;
  endedEpochMs: number;
  /** the worker thread's threadId for work on a pool thread; null for a child process */
  thread: number | null;
  /** the child process's pid */
  pid?: number;
}

export interface SolveResult {
  status: SolveStatus;
  /** the solver's own words for its status, e.g. HiGHS "Time limit reached" */
  solverStatus: string;
  /** why it ended this way, when not optimal */
  message?: string;
  solver: string;
  solverVersion: string;
  /** objective of the returned point, when there is one */
  objective?: number;
  /** best proven bound (MIP), equal to the objective for a proven LP optimum */
  bound?: number;
  /** relative gap |objective − bound| / max(|objective|, ε), MIP only */
  gap?: number;
  /** primal column values, when a feasible point is known */
  x?: number[];
  /** milliseconds: handing the model to the solver, and the solve itself */
  passMs: number;
  solveMs: number;
  phases: SolverPhase[];
  log?: string[];
  /** objective of the primal heuristic's incumbent handed to the solver as its MIP start, when one ran */
  heuristicObjective?: number;
  /** branch-and-bound nodes and simplex iterations, where the solver reports them */
  nodes?: number;
  iterations?: number;
  /** incumbent and bound over time, from the solver's log (MIP) */
  progress?: SolveProgress[];
  /** several solvers raced on the model (solver/comparison/solverRace.ts): each and how it ended */
  race?: RaceEntrantResult[];
  /** true when a kept model was re-used for this solve (see SolveOptions.reuseKey): patched, or passed whole and started from its last basis; passMs is then that load time */
  reused?: boolean;
  /**
   * the pool thread's task or the child process that ran the solver, where it ran to its end (absent for a solve
   * refused before it ran or ended from outside). The solver's own phases ran inside it, and so did passMs on a pool
   * thread; a command-line solver's passMs (its model file) was written just before the spawn, and a heuristic start
   * handed to it (withPrimalStart, a race) ran before that
   */
  timing?: SolveTiming;
}

/** One solver of a race: the winner, stopped when another won, finished without winning, failed, or not started. */
export interface RaceEntrantResult {
  solver: string;
  outcome: 'won' | 'cancelled' | 'finished' | 'failed' | 'skipped';
  status: SolveStatus;
  objective?: number;
  bound?: number;
  seconds: number;
  message?: string;
}

export interface SolverBackend {
  readonly id: string;
  /** the model classes this backend can solve */
  readonly classes: readonly ModelClass[];
  solve(model: ModelIR, options?: SolveOptions): Promise<SolveResult>;
  close(): Promise<void>;
}

/** The relative MIP gap every backend reports: |objective − bound| / max(|objective|, 1e-9). */
export function relativeGap(objective: number, bound: number): number {
  return Math.abs(objective - bound) / Math.max(Math.abs(objective), 1e-9);
}
