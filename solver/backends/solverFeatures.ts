import type { SolverFeature } from '../../api/solvers.ts';
import type { ModelClass } from '../model/ir.ts';

/** What a backend does beyond the model classes it solves: a MIP start, a time limit, a gap, threads, an IIS. */
export type SolverAbility = Exclude<SolverFeature, ModelClass>;

/** A backend's declared features as `jessica solvers` lists them: its model classes, then its abilities. */
export function declaredFeatures(classes: readonly ModelClass[], abilities: readonly SolverAbility[]): SolverFeature[] {
  return [...classes, ...abilities];
}
