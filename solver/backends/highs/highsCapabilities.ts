import type { ModelClass } from '../../model/ir.ts';
import type { SolverAbility } from '../solverFeatures.ts';

/** What HiGHS solves: no MIQP (its MIP solver takes no quadratic objective). */
export const HIGHS_CLASSES: readonly ModelClass[] = ['LP', 'MILP', 'QP'];

/**
 * What HiGHS takes besides a model: a MIP start (setSolution), a time limit and a relative gap. No threads: the
 * WebAssembly build runs one thread per solve, and parallelism comes from the pool's worker threads instead.
 */
export const HIGHS_ABILITIES: readonly SolverAbility[] = ['mip-start', 'time-limit', 'gap'];
