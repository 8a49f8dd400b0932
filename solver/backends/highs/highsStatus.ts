import type { SolveStatus } from '../backend.ts';

/**
 * HiGHS model status codes (highs.constants.modelStatus) in HiGHS's own words
 * (Highs::modelStatusToString) and in the solver-neutral vocabulary of SolveResult.
 */
const STATUS: Record<number, { words: string; status: SolveStatus }> = {
  0: { words: 'Not Set', status: 'error' },
  1: { words: 'Load error', status: 'error' },
  2: { words: 'Model error', status: 'error' },
  3: { words: 'Presolve error', status: 'error' },
  4: { words: 'Solve error', status: 'error' },
  5: { words: 'Postsolve error', status: 'error' },
  6: { words: 'Empty', status: 'optimal' },
  7: { words: 'Optimal', status: 'optimal' },
  8: { words: 'Infeasible', status: 'infeasible' },
  9: { words: 'Primal infeasible or unbounded', status: 'infeasible-or-unbounded' },
  10: { words: 'Unbounded', status: 'unbounded' },
  11: { words: 'Bound on objective reached', status: 'interrupted' },
  12: { words: 'Target for objective reached', status: 'interrupted' },
  13: { words: 'Time limit reached', status: 'time-limit' },
  14: { words: 'Iteration limit reached', status: 'iteration-limit' },
  15: { words: 'Unknown', status: 'error' },
  16: { words: 'Solution limit reached', status: 'interrupted' },
  17: { words: 'Interrupted by user', status: 'interrupted' },
};

export function highsStatusWords(code: number): string {
  return STATUS[code]?.words ?? `model status ${code}`;
}

export function solveStatusOf(code: number): SolveStatus {
  return STATUS[code]?.status ?? 'error';
}

/** Why the solve ended this way, for a person reading a run report; undefined when optimal. */
export function statusMessage(code: number, detail: { timeLimitSec?: number; hasPoint: boolean; gap?: number }): string | undefined {
  const status = solveStatusOf(code);
  const words = highsStatusWords(code);
  switch (status) {
    case 'optimal':
      return code === 6 ? 'HiGHS reports an empty model: the objective is its constant term' : undefined;
    case 'time-limit': {
      const limit = detail.timeLimitSec !== undefined ? ` of ${Number(detail.timeLimitSec.toPrecision(3))} s` : '';
      const found = detail.hasPoint
        ? `the best point found is returned${detail.gap !== undefined && Number.isFinite(detail.gap) ? ` (relative gap ${(detail.gap * 100).toPrecision(3)} %)` : ''}`
        : 'no feasible point was found';
      return `HiGHS reached its time limit${limit}; ${found}`;
    }
    case 'infeasible':
      return 'HiGHS proved that no point satisfies every constraint and bound';
    case 'unbounded':
      return 'HiGHS proved the objective unbounded: some direction improves it without limit';
    case 'infeasible-or-unbounded':
      return 'HiGHS presolve found the model infeasible or unbounded without telling which';
    case 'iteration-limit':
      return `HiGHS stopped at an iteration limit (${words})`;
    case 'interrupted':
      return `HiGHS stopped early: ${words}`;
    default:
      return `HiGHS failed: ${words}`;
  }
}
