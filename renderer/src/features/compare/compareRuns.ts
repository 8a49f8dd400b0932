import type { CompareEntry, CompareStart } from '../../../../api/solvers.ts';

/** How people write each solver's name. */
export const solverNames: Record<CompareEntry['solver'], string> = { highs: 'HiGHS', cbc: 'CBC', gurobi: 'Gurobi' };

const startWords: Record<CompareStart, string> = { heuristic: 'heuristic start', none: 'no start' };

/** A run of a comparison is one solver from one start: `cbc/heuristic`, `highs/none`. */
export function runKey(run: { solver: string; start: CompareStart }): string {
  return `${run.solver}/${run.start}`;
}

export function solverName(solver: string): string {
  return solverNames[solver as CompareEntry['solver']] ?? solver;
}

export function startName(start: CompareStart): string {
  return startWords[start];
}

/** e.g. "CBC · heuristic start" */
export function runLabel(run: { solver: string; start: CompareStart }): string {
  return `${solverName(run.solver)} · ${startName(run.start)}`;
}
