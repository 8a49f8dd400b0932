import { modelClass, objectiveValue, type ModelIR } from '../../model/ir.ts';
import type { SolveOptions, SolveStatus, SolverBackend } from '../backend.ts';
import { parseCbcSolution, summarizeCbcLog, type CbcLogSummary, type CbcSolution } from './cbcFiles.ts';
import { cbcProgress } from './cbcProgress.ts';
import {
  commandLineBackend,
  lastWords,
  stoppedFromOutside,
  type CommandLineBackendOptions,
  type CommandLineSolverSpec,
  type FinishedRun,
  type RunFiles,
  type RunReading,
} from './commandLineSolver.ts';

export const CBC_SOLVER_ID = 'cbc';
const MIP_START_FILE = 'start.txt';

/**
 * Unless told, CBC prunes every node whose bound is not at least 1e-5 better than its incumbent (an absolute
 * cutoff increment): on a tracking objective of about 1.5e-3 that is a 0.6 % gap it still calls "optimal". Measured
 * on indtrack1 (31 names, a $20k account in whole shares, ratio 0): CBC 2.10.8 "proved" 0.00157565 where HiGHS held
 * a feasible 0.00156822 (checked against the model), and with `increment 1e-6` CBC proves 0.00156819. 1e-6 is
 * HiGHS's mip_abs_gap, so an optimum means the same for both (solver/comparison/objectiveAgreement.ts).
 */
const CUTOFF_INCREMENT = 1e-6;

/**
 * CBC (COIN-OR branch-and-cut, the `cbc` binary of Debian's coinor-cbc) as a SolverBackend, run as
 *
 *   cbc model.mps timeMode elapsed [max] [sec T] [ratio G] [threads N] [mips start.txt] solve solu solution.txt
 *
 * - `timeMode elapsed`: the time limit and the log's times are wall-clock, as the hard deadline is.
 * - `max`: CBC 2.10 ignores an MPS OBJSENSE section ("MAX found after OBJSENSE - Coin ignores").
 * - The objective constant: the writer puts −offset on the objective row's RHS and CBC reports
 *   objectives with the offset included, in the original sense (tested).
 * - `mips`: a MIP start in the solution file's own format, every column listed. CBC checks the
 *   start and may drop it (preprocessing can make it unusable, coin-or/Cbc#282); an infeasible
 *   start is dropped, never trusted (the wrong-answer bug coin-or/Cbc#449 was fixed in 2.10.7).
 * CBC solves LP and MILP; QP and MIQP are refused before anything runs.
 */
export function createCbcBackend(options: CommandLineBackendOptions = {}): SolverBackend {
  return commandLineBackend(cbcSpec, { hardDeadlineSec: cbcHardDeadlineSec, ...options }, 'cbc');
}

/**
 * CBC looks at its clock (and at SIGINT) only between nodes and cut rounds, and its root can run long past the
 * limit: a 10 s limit on a 1,513-column name-limit model with a MIP start exited "on maximum time" at 15.3 s by
 * its own clock on a busy 2-core machine. Killed before it exits, it writes no solution and its block-buffered
 * log is lost, so it gets T · 1.25 + 5 s before the stop from outside (HiGHS gets T · 1.1 + 2 s).
 */
export const cbcHardDeadlineSec = (timeLimitSec: number): number => timeLimitSec * 1.25 + 5;

export const cbcSpec: CommandLineSolverSpec = {
  id: CBC_SOLVER_ID,
  displayName: 'CBC',
  classes: ['LP', 'MILP'],
  features: ['mip-start', 'time-limit', 'gap', 'threads'],
  refusalAdvice: 'use a linear (MAD) tracking objective, HiGHS for a QP, or Gurobi for an MIQP',
  installAdvice: 'CBC is not installed (Debian/Ubuntu: apt-get install coinor-cbc), or pass its path as executable',
  solutionFile: 'solution.txt',
  invocation,
  read: readCbcRun,
};

function invocation(ir: ModelIR, options: SolveOptions, files: RunFiles): { args: string[]; files?: { name: string; text: string }[] } | { error: string } {
  const args = [files.model, 'timeMode', 'elapsed'];
  if (ir.sense === 'maximize') args.push('max');
  if (options.timeLimitSec !== undefined) args.push('sec', cbcNumber(Math.max(options.timeLimitSec, 0.001)));
  if (options.mipRelGap !== undefined) args.push('ratio', cbcNumber(Math.max(0, options.mipRelGap)));
  if (modelClass(ir) === 'MILP') args.push('increment', cbcNumber(CUTOFF_INCREMENT));
  // Debian's cbc 2.10.8 is built with threads: `threads 2` is accepted and its log reports each thread (Cbc0030I)
  if (options.threads !== undefined) args.push('threads', String(Math.max(1, Math.floor(options.threads))));
  const extra: { name: string; text: string }[] = [];
  if (options.mipStart && modelClass(ir) === 'MILP') {
    const start = mipStartText(ir, options.mipStart, files.columnNames);
    if (typeof start !== 'string') return start;
    extra.push({ name: MIP_START_FILE, text: start });
    args.push('mips', MIP_START_FILE);
  }
  args.push('solve', 'solu', files.solution);
  return { args, files: extra };
}

/**
 * The MIP start as CBC reads it (CbcMipStart::read): lines `index name value`, the first field a
 * number; values must be plain decimals (CBC rejects `E` and `Infinity`). Integer columns are
 * rounded, since CBC drops a value more than its integer tolerance from an integer.
 */
function mipStartText(ir: ModelIR, start: readonly number[], names: readonly string[]): string | { error: string } {
  const n = ir.cols.names.length;
  if (start.length !== n) {
    return { error: `the MIP start has ${start.length} values but model ${ir.name} has ${n} columns` };
  }
  const lines = ['MIP start'];
  for (let j = 0; j < n; j++) {
    const v = start[j]!;
    if (!Number.isFinite(v)) return { error: `the MIP start gives column ${ir.cols.names[j]} the value ${v}` };
    const value = ir.cols.types[j] === 'integer' ? Math.round(v) : v;
    lines.push(`${j} ${names[j]} ${cbcNumber(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A number as CBC's parsers accept it: lower-case exponent, no "Infinity". */
function cbcNumber(v: number): string {
  return String(v === 0 ? 0 : v).toLowerCase();
}

/** Status, point, bound, phases, search effort and progress of one CBC run, from its solution file and its log. */
export function readCbcRun(ir: ModelIR, _options: SolveOptions, run: FinishedRun): RunReading {
  const lines = run.process.lines.map((l) => l.text);
  const log = summarizeCbcLog(lines);
  const progress = modelClass(ir) === 'MILP' ? cbcProgress(lines, ir.sense) : [];
  const base = {
    phases: log.phases,
    ...(log.version ? { solverVersion: log.version } : {}),
    ...(log.nodes !== undefined ? { nodes: log.nodes } : {}),
    ...(log.iterations !== undefined ? { iterations: log.iterations } : {}),
    ...(progress.length > 0 ? { progress } : {}),
  };

  if (log.readErrors) {
    const complaints = log.readErrors.complaints.slice(0, 3).join(' / ');
    return {
      ...base,
      status: 'error',
      solverStatus: 'Model file errors',
      message:
        `CBC read the MPS file of model ${ir.name} with ${log.readErrors.count} error(s) and did not solve it ` +
        `(a model-writer fault)${complaints ? `: ${complaints}` : ''}`,
    };
  }

  let sol: CbcSolution | undefined;
  if (run.solutionText !== undefined) {
    try {
      sol = parseCbcSolution(run.solutionText, `CBC solution file ${run.files.solution}`);
    } catch (e) {
      return { ...base, status: 'error', solverStatus: 'Unreadable solution', message: e instanceof Error ? e.message : String(e) };
    }
  }
  const outside = stoppedFromOutside('CBC', run);
  if (!sol) {
    if (outside) return { ...base, status: outside.status, solverStatus: 'Stopped from outside', message: `${outside.message}; it wrote no solution` };
    const p = run.process;
    const ending = p.signal ? `was ended by ${p.signal}` : `exited with code ${p.exitCode}`;
    return {
      ...base,
      status: 'error',
      solverStatus: 'No solution file',
      message: `CBC ${ending} without writing a solution for model ${ir.name}: ${lastWords(run.process.lines) || 'no output'}`,
    };
  }

  const cls = modelClass(ir);
  const mapped = mapStatus(sol, cls === 'MILP');
  let status = mapped.status;
  let message = mapped.message;
  // CBC reports its ctrl-c stop as "Stopped on iterations" or "Stopped on ctrl-c"
  if (outside && status !== 'optimal' && status !== 'infeasible' && status !== 'unbounded' && status !== 'infeasible-or-unbounded') {
    status = outside.status;
    message = outside.message;
  }
  const reading: RunReading = { ...base, status, solverStatus: solverWords(sol, log) };

  const x = ir.cols.names.map((_, j) => sol.values.get(run.files.columnNames[j]!) ?? 0);
  // CBC marks its LP fallback only once branch-and-bound has begun; a fractional integer column unmasks it earlier
  const hasPoint = mapped.pointIsFeasible && sol.objective !== undefined && (status === 'optimal' || integral(ir, x));
  if (hasPoint) {
    reading.x = x;
    reading.objective = incumbentObjective(ir, sol.objective!, log, x);
  }
  if (cls === 'MILP') {
    const bound = mipBound(ir, sol, log, reading.objective);
    if (bound !== undefined) reading.bound = bound;
  } else if (status === 'optimal' && sol.objective !== undefined) {
    reading.bound = sol.objective;
  }

  if (status === 'time-limit' && !message) {
    const nodes = log.nodes !== undefined ? ` after ${log.nodes} nodes` : '';
    message = hasPoint
      ? `CBC stopped at its time limit of ${run.timeLimitSec} s${nodes} with an incumbent that is not proven optimal`
      : `CBC stopped at its time limit of ${run.timeLimitSec} s${nodes} without a feasible solution`;
  }
  if (log.mipStart && !log.mipStart.accepted) {
    message = `${message ? `${message}; ` : ''}CBC did not use the MIP start (${log.mipStart.words})`;
  }
  if (message) reading.message = message;
  return reading;
}

/** Integer columns at integers, to CBC's printing precision. */
function integral(ir: ModelIR, x: readonly number[]): boolean {
  return ir.cols.types.every((t, j) => t !== 'integer' || Math.abs(x[j]! - Math.round(x[j]!)) <= 1e-6);
}

interface MappedStatus {
  status: SolveStatus;
  /** the printed values are a feasible point (CBC's incumbent or LP optimum) */
  pointIsFeasible: boolean;
  message?: string;
}

/** CBC's status words (CbcSolver.cpp, the `solu` header) → SolveStatus. */
function mapStatus(sol: CbcSolution, integer: boolean): MappedStatus {
  const words = sol.status;
  if (words.startsWith('Optimal')) return { status: 'optimal', pointIsFeasible: true };
  if (words === 'Infeasible' || words === 'Integer infeasible') {
    return { status: 'infeasible', pointIsFeasible: false, message: `CBC proved the model infeasible ("${words}")` };
  }
  if (words === 'Unbounded') {
    // CBC only looked at the LP relaxation: a MILP with an unbounded relaxation is unbounded if it has a feasible point at all
    return integer
      ? {
          status: 'infeasible-or-unbounded',
          pointIsFeasible: false,
          message: 'CBC found the LP relaxation unbounded; the MILP is unbounded if it has any feasible point, else infeasible',
        }
      : { status: 'unbounded', pointIsFeasible: false, message: 'CBC found the LP unbounded' };
  }
  // a stopped LP's point need not be feasible; a stopped MIP's is CBC's incumbent unless it fell back to the LP
  const stoppedPoint = integer && !sol.continuousFallback;
  if (words === 'Stopped on time') return { status: 'time-limit', pointIsFeasible: stoppedPoint };
  if (words === 'Stopped on iterations') return { status: 'iteration-limit', pointIsFeasible: stoppedPoint };
  if (words === 'Stopped on ctrl-c') return { status: 'interrupted', pointIsFeasible: stoppedPoint };
  if (words === 'Stopped on difficulties') {
    return { status: 'error', pointIsFeasible: false, message: 'CBC stopped on numerical difficulties' };
  }
  return { status: 'error', pointIsFeasible: false, message: `CBC ended with status "${words}"` };
}

/** CBC's own words: the log's "Result - ..." line when there is one (MIP runs), else the solution file's status. */
function solverWords(sol: CbcSolution, log: CbcLogSummary): string {
  const fallback = sol.continuousFallback ? ' (no integer solution)' : '';
  return `${log.result ?? sol.status}${fallback}`;
}

/**
 * The incumbent's objective at full precision. The solution file prints it to 8 significant digits (%15.8g);
 * the log's closing "Cbc0001I Search completed - best objective V" (or "Cbc0005I Partial search") prints the
 * same incumbent to 16, in CBC's internal minimization sense. The log's is taken when the two agree to the
 * file's precision (a relative 5e-8), so that the objective is the progress's last incumbent to the digit.
 */
function incumbentObjective(ir: ModelIR, printed: number, log: CbcLogSummary, x: readonly number[]): number {
  const best = log.internal.bestObjective;
  if (best !== undefined) {
    const precise = ir.sense === 'maximize' ? -best : best;
    if (Math.abs(precise - printed) <= 1e-7 * Math.abs(precise)) return precise;
  }
  // an LP's only figure is the file's, printed with 8 decimals: 0.00006057 is 4 significant digits of a tracking
  // objective; the objective of the point itself (its values have 8 significant digits) is taken when it rounds to it
  const computed = objectiveValue(ir, x);
  return Math.abs(computed - printed) <= 5e-9 + 1e-7 * Math.abs(computed) ? computed : printed;
}

/**
 * The MIP's best bound in the model's sense. A plain "Optimal" is proven: bound = objective. Otherwise
 * the last "best possible" of the search, or, when CBC stopped inside its gap tolerance, its incumbent
 * less the gap it printed. The Cbc00xx numbers are in CBC's internal minimization sense.
 */
function mipBound(ir: ModelIR, sol: CbcSolution, log: CbcLogSummary, objective: number | undefined): number | undefined {
  if (sol.status === 'Optimal' && sol.objective !== undefined) return objective ?? sol.objective;
  if (sol.status === 'Infeasible' || sol.status === 'Integer infeasible' || sol.status === 'Unbounded') return undefined;
  const toModelSense = (v: number) => (ir.sense === 'maximize' ? -v : v);
  const { bestObjective, bestPossible, exitGap } = log.internal;
  if (exitGap !== undefined && bestObjective !== undefined) return toModelSense(bestObjective - exitGap);
  if (exitGap !== undefined && sol.objective !== undefined) return toModelSense(toModelSense(sol.objective) - exitGap);
  if (bestPossible !== undefined) return toModelSense(bestPossible);
  return undefined;
}
