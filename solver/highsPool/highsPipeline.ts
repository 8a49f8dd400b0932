import type { Highs } from 'highs';
import { modelClass, type ModelIR } from '../model/ir.ts';
import { primalStart } from '../heuristics/primalStart.ts';
import { relativeGap, type SolveOptions, type SolveResult } from '../backends/backend.ts';
import { isRuntimeFailure } from '../backends/highs/highsRuntime.ts';
import { solveWithHighs } from '../backends/highs/highsSolve.ts';

/** A better point, posted as soon as it is known so the parent keeps it through a hard kill. */
export interface IncumbentMessage {
  source: 'heuristic' | 'mip';
  objective: number;
  x: Float64Array;
}

export interface PipelineHooks {
  onIncumbent?: (message: IncumbentMessage) => void;
  /** the HiGHS solve itself, e.g. through a kept model (highsModelReuse); default a fresh model each time */
  solve?: typeof solveWithHighs;
}

/**
 * Seconds the primal heuristics may take out of a solve's time limit T: 40 % of it, at least 0.5 s,
 * at most 30 s (10 s with no limit). On cardinality models branch-and-bound rarely improves a good
 * start (SOLVER-FACTS) while the heuristic's kernel search does, so it gets a large share; the rest
 * is left to HiGHS to polish the start and prove a bound.
 */
export function heuristicBudgetSec(timeLimitSec: number | undefined): number {
  if (timeLimitSec === undefined || !Number.isFinite(timeLimitSec)) return 10;
  return Math.min(30, Math.max(0.5, 0.4 * timeLimitSec));
}

/**
 * The worker's solve: for a MILP whose components left structure annotations (a name limit, whole
 * shares), a primal heuristic finds an incumbent first, HiGHS gets it as its MIP start and spends the
 * rest of the time limit on branch-and-bound. Anything else, or `primalHeuristics: false`, or a caller's
 * own MIP start, goes straight to HiGHS. Phases: `heuristic`, `mip`, then HiGHS's own as `mip.<phase>`.
 */
export function solveWithHeuristics(highs: Highs, ir: ModelIR, options: SolveOptions, hooks: PipelineHooks = {}): SolveResult {
  const onIncumbent = hooks.onIncumbent;
  const solve = hooks.solve ?? solveWithHighs;
  const mipHooks = {
    onIncumbent: onIncumbent ? (x: Float64Array, objective: number) => onIncumbent({ source: 'mip', objective, x }) : undefined,
  };
  const { cardinality, wholeShares, holdings } = ir.annotations;
  const annotated = cardinality !== undefined || wholeShares !== undefined || holdings !== undefined;
  if (options.primalHeuristics === false || options.mipStart || modelClass(ir) !== 'MILP' || !annotated) {
    return solve(highs, ir, options, mipHooks);
  }

  const started = performance.now();
  const limit = options.timeLimitSec !== undefined && Number.isFinite(options.timeLimitSec) ? options.timeLimitSec : undefined;
  let found: ReturnType<typeof primalStart>;
  try {
    found = primalStart(highs, ir, { deadlineMs: started + heuristicBudgetSec(limit) * 1000 });
  } catch (e) {
    // a dead WebAssembly instance is the worker's to handle; any other failure of a heuristic only costs the start
    if (isRuntimeFailure(e)) throw e;
    found = { ok: false, reason: `it failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  const heuristicMs = performance.now() - started;
  if (!found.ok) {
    const plain = solve(highs, ir, { ...options, timeLimitSec: remaining(limit, heuristicMs) }, mipHooks);
    return {
      ...plain,
      solveMs: plain.solveMs + heuristicMs,
      phases: [{ name: 'heuristic', durationMs: heuristicMs }, { name: 'mip', durationMs: plain.solveMs }, ...nested(plain)],
      ...(options.keepLog ? { log: [`primal heuristic skipped: ${found.reason}`, ...(plain.log ?? [])] } : {}),
    };
  }
  const start = found.start;
  onIncumbent?.({ source: 'heuristic', objective: start.objective, x: start.x });

  const left = remaining(limit, heuristicMs);
  const mip: SolveResult =
    left !== undefined && left <= 0.05
      ? {
          status: 'time-limit',
          solverStatus: 'Time limit reached',
          solver: 'highs',
          solverVersion: highs.version.string,
          passMs: 0,
          solveMs: 0,
          phases: [],
        }
      : solve(highs, ir, { ...options, timeLimitSec: left, mipStart: Array.from(start.x) }, mipHooks);

  const sense = ir.sense === 'minimize' ? 1 : -1;
  const result: SolveResult = {
    ...mip,
    solveMs: mip.solveMs + heuristicMs,
    phases: [{ name: 'heuristic', durationMs: heuristicMs }, { name: 'mip', durationMs: mip.solveMs }, ...nested(mip)],
    heuristicObjective: start.objective,
  };
  // HiGHS may end without a point (an error, no time left) or, within its tolerances, with a worse one
  if (mip.status !== 'optimal' && (result.objective === undefined || sense * (start.objective - result.objective) < 0)) {
    result.x = Array.from(start.x);
    result.objective = start.objective;
  }
  if (result.bound === undefined && start.relaxationBound !== undefined) result.bound = start.relaxationBound;
  if (result.objective !== undefined && result.bound !== undefined) result.gap = relativeGap(result.objective, result.bound);
  const note =
    `primal heuristic ${start.heuristic}: objective ${start.objective.toPrecision(6)} in ${Math.round(heuristicMs)} ms` +
    ` (${Object.entries(start.stats)
      .map(([k, v]) => `${k} ${Number.isInteger(v) ? v : v.toPrecision(4)}`)
      .join(', ')})`;
  if (options.keepLog) result.log = [note, ...(mip.log ?? [])];
  if (result.status === 'time-limit') {
    result.message = `${mip.message ?? 'no time was left for branch-and-bound'}; the search started from the ${start.heuristic} heuristic's point`;
  }
  return result;
}

function remaining(limit: number | undefined, spentMs: number): number | undefined {
  return limit === undefined ? undefined : Math.max(0, limit - spentMs / 1000);
}

function nested(r: SolveResult): { name: string; durationMs: number }[] {
  return r.phases.map((p) => ({ name: `mip.${p.name}`, durationMs: p.durationMs }));
}
