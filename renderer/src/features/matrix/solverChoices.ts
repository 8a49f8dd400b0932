import { solverChoices } from '../../../../api/methods.ts';
import type { UseCaseSolver } from '../../../../api/useCases.ts';

/** The solvers a use case can run on, in the order a select lists them. */
export const useCaseSolvers: readonly UseCaseSolver[] = solverChoices;

/** How people write each solver's name. */
export const solverLabels: Readonly<Record<UseCaseSolver, string>> = {
  highs: 'HiGHS',
  cbc: 'CBC',
  gurobi: 'Gurobi',
  race: 'race (all at once)',
};

/** What `race` does, for a select's title. */
export const raceTitle =
  'race: every installed solver at once from one heuristic start; the first to prove optimality wins and the others are stopped; at the time limit the best point wins';
