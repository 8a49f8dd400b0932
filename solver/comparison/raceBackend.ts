import { modelClass, type ModelClass, type ModelIR } from '../model/ir.ts';
import type { SolveOptions, SolveResult, SolverBackend } from '../backends/backend.ts';
import { heuristicBudgetSec } from '../highsPool/highsPipeline.ts';
import type { PrimalStartSource } from '../highsPool/withPrimalStart.ts';
import { raceSolvers, type RaceOptions } from './solverRace.ts';

export const RACE_SOLVER_ID = 'race';

/**
 * `--solver race` as a backend: every entrant races on each model (raceSolvers). On a MILP whose
 * components annotated a name limit or whole shares, the primal heuristic runs once first, on the HiGHS
 * pool, within its usual share of the time limit, and every entrant starts from its point: the race
 * then measures who improves or proves the same start fastest, not whose heuristic is better. The
 * entrants are the plain solvers (no heuristic of their own); closing the race closes none of them,
 * since they are the process's long-lived backends.
 */
export function createRaceBackend(entrants: readonly SolverBackend[], startSource: PrimalStartSource, hooks: Pick<RaceOptions, 'onEntrantDone'> = {}): SolverBackend {
  const classes = [...new Set(entrants.flatMap((e) => e.classes))] as ModelClass[];
  return {
    id: RACE_SOLVER_ID,
    classes,
    close: async () => undefined,
    async solve(ir: ModelIR, options: SolveOptions = {}): Promise<SolveResult> {
      const { cardinality, wholeShares, holdings } = ir.annotations;
      const annotated = cardinality !== undefined || wholeShares !== undefined || holdings !== undefined;
      const wantsStart = options.primalHeuristics !== false && !options.mipStart && annotated && modelClass(ir) === 'MILP';
      if (!wantsStart) {
        return (await raceSolvers(entrants, ir, { ...options, primalHeuristics: false, ...hooks })).result;
      }
      const t0 = performance.now();
      const start = await startSource.primalStart(ir, { timeLimitSec: heuristicBudgetSec(options.timeLimitSec), ...(options.signal ? { signal: options.signal } : {}) });
      const heuristicMs = performance.now() - t0;
      const limit = options.timeLimitSec;
      const left = limit === undefined || !Number.isFinite(limit) ? limit : Math.max(0.1, limit - heuristicMs / 1000);
      const raced = await raceSolvers(entrants, ir, {
        ...options,
        ...hooks,
        primalHeuristics: false,
        ...(left !== undefined ? { timeLimitSec: left } : {}),
        ...(start.ok ? { mipStart: start.x } : {}),
      });
      const result: SolveResult = {
        ...raced.result,
        solveMs: raced.result.solveMs + heuristicMs,
        phases: [{ name: 'heuristic', durationMs: heuristicMs }, ...raced.result.phases],
      };
      if (!start.ok) {
        result.message = [result.message, `no heuristic start: ${start.reason}`].filter(Boolean).join('; ');
        return result;
      }
      result.heuristicObjective = start.objective;
      const sense = ir.sense === 'minimize' ? 1 : -1;
      const startBetter = result.objective === undefined || !result.x || sense * (start.objective - result.objective) < 0;
      if (result.status !== 'optimal' && startBetter && !['infeasible', 'unbounded'].includes(result.status)) {
        result.x = start.x;
        result.objective = start.objective;
        result.status = result.status === 'error' ? 'time-limit' : result.status;
        result.message = `${result.message ?? result.solverStatus}; the ${start.heuristic} heuristic's start is returned`;
      }
      return result;
    },
  };
}
