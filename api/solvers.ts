/**
 * Solvers side by side (issue 16): which solvers this machine has, one model solved by several of them
 * (`solvers/compare`, a job), and the race (`portfolio/optimize` with `solver: 'race'`).
 */
import type { Span } from './domain.ts';

/** What a solver backend declares it can do. */
export type SolverFeature = 'LP' | 'MILP' | 'QP' | 'MIQP' | 'mip-start' | 'time-limit' | 'gap' | 'threads' | 'iis';

/**
 * The licence a solver needs and whether this machine has it: HiGHS (MIT) and CBC (EPL) need none; Gurobi's comes
 * from `gurobi_cl --license`, whose words are kept.
 */
export type LicenceState = 'not-needed' | 'valid' | 'missing' | 'expired' | 'error' | 'unknown';

export interface SolverAvailability {
  id: 'highs' | 'cbc' | 'gurobi';
  /** how people write its name: HiGHS, CBC, Gurobi */
  name: string;
  /** installed, and licensed where it needs a licence */
  available: boolean;
  version: string | null;
  /** the executable that runs (an absolute path), or the npm package for HiGHS */
  path: string | null;
  licence: { state: LicenceState; words: string | null };
  features: SolverFeature[];
  /** why it is not available, in a sentence that says what to do */
  reason: string | null;
}

/** Where a solve in a comparison started from: the heuristic's point as its MIP start, or nothing. */
export type CompareStart = 'heuristic' | 'none';

/** One point of a solver's progress as its log tells it: seconds since its solve started. */
export interface ProgressPoint {
  atSec: number;
  incumbent: number | null;
  bound: number | null;
  /** relative gap |incumbent − bound| / max(|incumbent|, 1e-9) */
  gap: number | null;
}

/** One solver's run of the compared model. */
export interface CompareEntry {
  solver: 'highs' | 'cbc' | 'gurobi';
  start: CompareStart;
  /** SolveStatus of solver/backends/backend.ts: optimal, time-limit, infeasible, …, error */
  status: string;
  solverStatus: string;
  solverVersion: string;
  message: string | null;
  objective: number | null;
  bound: number | null;
  gap: number | null;
  /** the solver's wall-clock time: handing it the model, and its solve */
  seconds: number;
  nodes: number | null;
  iterations: number | null;
  /** annualized tracking error of the portfolio the solver's point holds */
  trackingError: number | null;
  names: number | null;
  /** the solver's phases from its own log (presolve, root LP, branch and bound, …) */
  phases: { name: string; durationMs: number }[];
  progress: ProgressPoint[];
  /** the portfolio the solver's point holds, largest weight first */
  holdings: { ticker: string; weight: number; shares: number | null }[];
  /** this entry's portfolio.csv and log when the comparison was written (`out`) */
  files: string[];
}

/** Two solvers that both proved optimality with objectives further apart than the model's tolerance. */
export interface Disagreement {
  a: string;
  b: string;
  objectiveA: number;
  objectiveB: number;
  difference: number;
  tolerance: number;
  message: string;
}

export interface CompareResult {
  runId: number;
  useCase: string;
  universe: string;
  asOf: string;
  modelClass: string;
  modelSize: { columns: number; integerColumns: number; rows: number; nonzeros: number; quadraticNonzeros: number };
  /** how the solves ran: all at once when the cores allow, otherwise a few at a time or one after another */
  schedule: { concurrency: number; cores: number; words: string };
  /** the heuristic MIP start every solver got, when the model has one */
  start: { heuristic: string; objective: number; seconds: number } | null;
  /** why there is no heuristic start (an LP, a model without a name limit or whole shares, the heuristic failed) */
  noStartReason: string | null;
  entries: CompareEntry[];
  /** the objective tolerance two proven optima must agree within, and the pairs that do not */
  agreement: { tolerance: number; compared: number; disagreements: Disagreement[] };
  warnings: string[];
  spans: Span[];
  files: string[];
}
