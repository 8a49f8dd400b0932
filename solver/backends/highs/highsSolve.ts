import type { Highs, Model } from 'highs';
import { modelClass, type ModelIR } from '../../model/ir.ts';
import { relativeGap, type SolveOptions, type SolveProgress, type SolveResult } from '../backend.ts';
import { phasesFromLog, type TimedLogLine } from './highsLogPhases.ts';
import { toHighsModelData } from './highsModelData.ts';
import { progressOfLogRow } from './highsProgress.ts';
import { isRuntimeFailure } from './highsRuntime.ts';
import { highsStatusWords, solveStatusOf, statusMessage } from './highsStatus.ts';

export const HIGHS_SOLVER_ID = 'highs';

/**
 * Seconds between rows of the MIP log table when no new incumbent prompts one (HiGHS's default is 5). The rows
 * are the progress points of the gap-over-time chart and mark where branching starts (highsLogPhases), so a
 * 10 s solve gets about ten instead of two, and the log at most one more line a second.
 */
const MIP_LOG_INTERVAL_SEC = 1;

export interface SolveHooks {
  /**
   * Called synchronously with each new MIP incumbent, so that a caller outside the thread keeps the
   * best point even if the solve is killed at its hard deadline.
   */
  onIncumbent?: (x: Float64Array, objective: number) => void;
}

/**
 * One HiGHS solve of an IR, on the calling thread (the pool's worker calls it; nothing else should).
 *
 * Every outcome HiGHS can report comes back as data. The one exception is a failure of the
 * WebAssembly instance itself (trap, abort, out of memory, see isRuntimeFailure): that is rethrown
 * so the owner of the instance discards it, since nothing run on it afterwards can be trusted.
 *
 * The log is always captured through the logging callback (never the console) because the phase
 * spans of the run waterfall are read from it; `keepLog` only decides whether the lines are returned.
 * Capturing costs nothing measurable (457-name tracking LP: 315 ms logged against 312 ms silent).
 * A MILP's rows of the MIP log table become `progress` (highsProgress), on HiGHS's run clock, which starts
 * with the run (after the model is passed, and after any primal heuristic the pool ran first).
 */
export function solveWithHighs(highs: Highs, ir: ModelIR, options: SolveOptions = {}, hooks: SolveHooks = {}): SolveResult {
  return solveHighsModel(highs, ir, options, hooks, {
    load() {
      const model = highs.createModel();
      model.passModel(toHighsModelData(highs, ir));
      return model;
    },
    release: (model) => model.dispose(),
  });
}

/**
 * Where the HiGHS model of a solve comes from: `load` hands over the IR (a fresh model passed whole, or
 * a kept model patched to it) and is timed as the pass; `release` runs after the solve, also on failure.
 */
export interface HighsModelSource {
  load(): Model;
  release(model: Model): void;
}

/**
 * The body of solveWithHighs for a model from any source: its options set from defaults (a kept model
 * must not inherit the last solve's time limit or gap), the run with log capture and incumbent
 * callbacks, and HiGHS's answer mapped to a SolveResult.
 */
export function solveHighsModel(highs: Highs, ir: ModelIR, options: SolveOptions, hooks: SolveHooks, source: HighsModelSource): SolveResult {
  const base = { solver: HIGHS_SOLVER_ID, solverVersion: highs.version.string };
  const cls = modelClass(ir);
  if (cls === 'MIQP') {
    return {
      ...base,
      status: 'error',
      solverStatus: 'Refused',
      message: refusalMessage(ir),
      passMs: 0,
      solveMs: 0,
      phases: [],
    };
  }

  const lines: TimedLogLine[] = [];
  const progress: SolveProgress[] = [];
  let model: Model | undefined;
  let passMs = 0;
  let solveMs = 0;
  const runStart = { at: 0 };
  try {
    const t0 = performance.now();
    model = source.load();
    passMs = performance.now() - t0;

    model.options.reset();
    model.options.set({ output_flag: true, log_to_console: false });
    if (options.timeLimitSec !== undefined && Number.isFinite(options.timeLimitSec)) {
      model.options.set('time_limit', Math.max(0, options.timeLimitSec));
    }
    if (options.mipRelGap !== undefined) model.options.set('mip_rel_gap', options.mipRelGap);
    if (cls === 'MILP') model.options.set('mip_min_logging_interval', MIP_LOG_INTERVAL_SEC);
    if (options.mipStart && cls === 'MILP') applyMipStart(model, ir, options.mipStart, lines);
    // HiGHS checks time_limit against its run clock, which adds up over every run of a model: a kept model
    // (highsModelReuse) re-solved many times would otherwise start a run with its limit already spent
    model.zeroAllClocks();

    runStart.at = performance.now();
    let pending = '';
    const onIncumbent = hooks.onIncumbent;
    model.run({
      ...(onIncumbent && cls === 'MILP'
        ? {
            [highs.constants.callbackType.mipImprovingSolution](event) {
              const x = event.data.mip_solution;
              const f = event.data.objective_function_value;
              if (x && f !== undefined) onIncumbent(x, f);
              return undefined;
            },
          }
        : {}),
      ...(cls === 'MILP'
        ? {
            [highs.constants.callbackType.mipLogging](event) {
              const point = progressOfLogRow(event.data);
              if (point) progress.push(point);
              return undefined;
            },
          }
        : {}),
      [highs.constants.callbackType.logging](event) {
        // Messages arrive in fragments; a line is complete at its newline.
        pending += event.message;
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          lines.push({ atMs: performance.now() - runStart.at, text: pending.slice(0, nl) });
          pending = pending.slice(nl + 1);
        }
        return undefined;
      },
    });
    if (pending) lines.push({ atMs: performance.now() - runStart.at, text: pending });
    solveMs = performance.now() - runStart.at;

    const code = model.getModelStatus();
    const hasPoint = Number(model.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
    const result: SolveResult = {
      ...base,
      status: solveStatusOf(code),
      solverStatus: highsStatusWords(code),
      passMs,
      solveMs,
      phases: phasesFromLog(lines, solveMs),
      ...searchEffort(model, cls === 'MILP'),
      ...(progress.length > 0 ? { progress } : {}),
    };
    if (hasPoint) {
      result.x = Array.from(model.getSolution().colValue);
      result.objective = model.getObjectiveValue();
    }
    if (cls === 'MILP') {
      const bound = Number(model.info.get('mip_dual_bound'));
      if (Number.isFinite(bound)) result.bound = bound;
      if (result.objective !== undefined && result.bound !== undefined) {
        result.gap = relativeGap(result.objective, result.bound);
      }
    } else if (result.status === 'optimal' && result.objective !== undefined) {
      result.bound = result.objective;
    }
    const message = statusMessage(code, { timeLimitSec: options.timeLimitSec, hasPoint, gap: result.gap });
    if (message) result.message = message;
    if (options.keepLog) result.log = lines.map((l) => l.text);
    return result;
  } catch (e) {
    if (isRuntimeFailure(e)) throw e;
    if (runStart.at > 0 && solveMs === 0) solveMs = performance.now() - runStart.at;
    return {
      ...base,
      status: 'error',
      solverStatus: 'Error',
      message: `HiGHS could not solve model ${ir.name} (${cls}): ${e instanceof Error ? e.message : String(e)}`,
      passMs,
      solveMs,
      phases: phasesFromLog(lines, solveMs),
      ...(progress.length > 0 ? { progress } : {}),
      ...(options.keepLog ? { log: lines.map((l) => l.text) } : {}),
    };
  } finally {
    try {
      if (model) source.release(model);
    } catch {
      // a trapped instance cannot free its memory; the caller discards the whole instance
    }
  }
}

/**
 * Branch-and-bound nodes (a MILP's) and iterations from HiGHS's info, where run() resets every count to −1 and
 * fills in those of the algorithms that ran. For a MILP, simplex_iteration_count is every LP iteration of the
 * search (the log's LpIters); for an LP or QP the counts are those of the simplex, interior point and its
 * crossover, or the QP solver, whichever ran. All −1: the run failed before any algorithm reported.
 */
function searchEffort(model: Model, mip: boolean): { nodes?: number; iterations?: number } {
  const count = (name: string) => Number(model.info.get(name));
  const kinds = ['simplex_iteration_count', 'ipm_iteration_count', 'crossover_iteration_count', 'qp_iteration_count'].map(count);
  const effort: { nodes?: number; iterations?: number } = {};
  if (kinds.some((k) => k >= 0)) effort.iterations = kinds.reduce((sum, k) => sum + Math.max(0, k), 0);
  const nodes = mip ? count('mip_node_count') : -1;
  if (nodes >= 0) effort.nodes = nodes;
  return effort;
}

export function refusalMessage(ir: ModelIR): string {
  return (
    `HiGHS cannot solve model ${ir.name}: it is an MIQP (integer columns and a quadratic objective), ` +
    'which HiGHS refuses; use a linear (MAD) tracking objective or a solver that handles MIQP'
  );
}

function applyMipStart(model: Model, ir: ModelIR, start: readonly number[], lines: TimedLogLine[]): void {
  const n = ir.cols.names.length;
  if (start.length !== n) {
    throw new Error(`the MIP start has ${start.length} values but model ${ir.name} has ${n} columns`);
  }
  const meta = model.setSolution({ colValue: Float64Array.from(start) });
  for (const w of meta.warnings) lines.push({ atMs: 0, text: `MIP start: ${w}` });
}

/** A HiGHS run that produced nothing (the pool could not start, a thread died, a trap): status 'error' with why. */
export function highsFailure(message: string, solveMs = 0): SolveResult {
  return {
    status: 'error',
    solverStatus: 'Error',
    message,
    solver: HIGHS_SOLVER_ID,
    solverVersion: '',
    passMs: 0,
    solveMs,
    phases: [],
  };
}
