import { modelClass, type ModelIR } from '../model/ir.ts';
import type { SolveOptions, SolveResult, SolverBackend } from '../backends/backend.ts';
import { heuristicBudgetSec } from './highsPipeline.ts';
import type { PrimalStartReply } from './highsWorker.ts';

export interface PrimalStartSource {
  primalStart(ir: ModelIR, options: { timeLimitSec: number; signal?: AbortSignal }): Promise<PrimalStartReply>;
}

/**
 * Gives a solver without our primal heuristics (CBC, Gurobi on the command line) the same start HiGHS
 * gets: on a MILP whose components annotated a name limit or whole shares, the heuristic runs first
 * (on the HiGHS pool) within the same share of the time limit, and its point becomes the MIP start.
 * General MILP solvers stall at the root on these shapes without one (SOLVER-FACTS: CBC finds no
 * whole-share portfolio for a $100k account in 20 s). The start is returned when the solver ends
 * without a better point.
 */
export function withPrimalStart(backend: SolverBackend, source: PrimalStartSource): SolverBackend {
  return {
    id: backend.id,
    classes: backend.classes,
    close: () => backend.close(),
    async solve(ir: ModelIR, options: SolveOptions = {}): Promise<SolveResult> {
      const { cardinality, wholeShares, holdings } = ir.annotations;
      const annotated = cardinality !== undefined || wholeShares !== undefined || holdings !== undefined;
      if (options.primalHeuristics === false || options.mipStart || !annotated || modelClass(ir) !== 'MILP') {
        return backend.solve(ir, options);
      }
      const t0 = performance.now();
      const start = await source.primalStart(ir, { timeLimitSec: heuristicBudgetSec(options.timeLimitSec), signal: options.signal });
      const heuristicMs = performance.now() - t0;
      if (options.signal?.aborted) {
        return {
          status: 'interrupted',
          solverStatus: 'Cancelled',
          message: 'the solve was cancelled during the heuristic start, before the solver ran',
          solver: backend.id,
          solverVersion: 'unknown',
          passMs: 0,
          solveMs: heuristicMs,
          phases: [{ name: 'heuristic', durationMs: heuristicMs }],
        };
      }
      const limit = options.timeLimitSec;
      const left = limit === undefined || !Number.isFinite(limit) ? limit : Math.max(0.1, limit - heuristicMs / 1000);
      const result = await backend.solve(ir, { ...options, timeLimitSec: left, ...(start.ok ? { mipStart: start.x } : {}) });
      const merged: SolveResult = {
        ...result,
        solveMs: result.solveMs + heuristicMs,
        phases: [{ name: 'heuristic', durationMs: heuristicMs }, ...result.phases],
      };
      if (!start.ok) {
        merged.message = [result.message, `no heuristic start: ${start.reason}`].filter(Boolean).join('; ');
        return merged;
      }
      merged.heuristicObjective = start.objective;
      const sense = ir.sense === 'minimize' ? 1 : -1;
      const better = merged.objective === undefined || !merged.x || sense * (start.objective - merged.objective) < 0;
      if (result.status !== 'optimal' && better && !['infeasible', 'unbounded'].includes(result.status)) {
        merged.x = start.x;
        merged.objective = start.objective;
        merged.status = result.status === 'error' ? 'time-limit' : result.status;
        merged.message = `${result.message ?? result.solverStatus}; the ${start.heuristic} heuristic's start is returned`;
      }
      return merged;
    },
  };
}
