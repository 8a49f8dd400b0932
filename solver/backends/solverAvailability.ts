import type { SolverAvailability } from '../../api/solvers.ts';
import { probeCbc } from './cli/cbcAvailability.ts';
import { probeGurobi } from './cli/gurobiAvailability.ts';
import { probeHighs } from './highs/highsAvailability.ts';
import type { SolverProbeOptions } from './solverProbe.ts';

/**
 * Every solver Jessica drives, as this machine has it: HiGHS, CBC, Gurobi, in that order, probed at once. Each
 * answer says whether the solver can run a solve here (installed, and licensed where it needs a licence), its
 * version, path, licence and declared features, and when it cannot, why and what to do. Never throws.
 */
export async function probeSolvers(options: SolverProbeOptions = {}): Promise<SolverAvailability[]> {
  const list = await Promise.all([probeHighs(), probeCbc(options), probeGurobi(options)]);
  // the fields in the contract's order, which is the order --json prints them in
  return list.map(({ id, name, available, version, path, licence, features, reason }) => ({ id, name, available, version, path, licence, features, reason }));
}
