import type { SolverAvailability } from '../../api/solvers.ts';
import { probeSolvers } from '../../solver/backends/solverAvailability.ts';

/**
 * `solvers/list`: the solvers the core would run, found as its backends find them (the PATH of this process), with
 * version, path, licence, features, and why one is unavailable. An unavailable solver is an answer, not an error.
 */
export function listSolvers(env: NodeJS.ProcessEnv = process.env): Promise<SolverAvailability[]> {
  return probeSolvers({ env });
}
