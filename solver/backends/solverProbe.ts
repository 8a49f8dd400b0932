import type { SolverAvailability } from '../../api/solvers.ts';

/** How the solvers are looked for (solverAvailability.ts and the probe beside each backend). */
export interface SolverProbeOptions {
  /** the environment whose PATH is searched; default process.env */
  env?: NodeJS.ProcessEnv;
  /** ms each probing command (`cbc -quit`, `gurobi_cl --version`, `gurobi_cl --license`) may take; default 5 s */
  timeoutMs?: number;
  /** the executables to probe instead of the names looked up on the PATH: a name or a path */
  executables?: { cbc?: string; gurobi?: string };
}

/** A solver that answers no `--version` within 5 s is as good as absent for a user waiting on the list. */
export const PROBE_TIMEOUT_MS = 5000;

/** What a probe knows before it looks: who the solver is and what its backend declares. */
export type SolverIdentity = Pick<SolverAvailability, 'id' | 'name' | 'features'>;

/** The probe's answer, or the solver as unavailable with the error's words: a probe never throws. */
export async function probeSafely(identity: SolverIdentity, probe: () => Promise<SolverAvailability>): Promise<SolverAvailability> {
  try {
    return await probe();
  } catch (e) {
    return {
      ...identity,
      available: false,
      version: null,
      path: null,
      licence: { state: 'unknown', words: null },
      reason: `${identity.name} could not be checked: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
