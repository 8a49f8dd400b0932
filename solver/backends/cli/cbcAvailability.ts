import type { SolverAvailability } from '../../../api/solvers.ts';
import { declaredFeatures } from '../solverFeatures.ts';
import { PROBE_TIMEOUT_MS, probeSafely, type SolverProbeOptions } from '../solverProbe.ts';
import { cbcSpec } from './cbcBackend.ts';
import { findExecutable } from './executablePath.ts';
import { runProbeCommand } from './probeCommand.ts';

const CBC_INSTALL = 'Debian/Ubuntu: apt-get install coinor-cbc; elsewhere see github.com/coin-or/Cbc';

/**
 * CBC on this machine: the `cbc` the backend would run (the first on the PATH), its version from the banner it
 * prints before anything else ("Version: 2.10.8" of `cbc -quit`), no licence (open source, Eclipse Public License).
 */
export function probeCbc(options: SolverProbeOptions = {}): Promise<SolverAvailability> {
  const identity = { id: 'cbc', name: 'CBC', features: declaredFeatures(cbcSpec.classes, cbcSpec.features) } as const;
  return probeSafely(identity, async () => {
    const base = { ...identity, licence: { state: 'not-needed' as const, words: 'open source (Eclipse Public License): no licence key needed' } };
    const wanted = options.executables?.cbc ?? 'cbc';
    const found = findExecutable(wanted, options.env);
    if (!found) {
      const where = wanted.includes('/') ? `${wanted} is not an executable file` : `${wanted} is not on the PATH`;
      return { ...base, available: false, version: null, path: null, reason: `CBC is not installed: ${where} (${CBC_INSTALL})` };
    }
    const answer = await runProbeCommand(found, ['-quit'], options.timeoutMs ?? PROBE_TIMEOUT_MS);
    const version = readCbcVersion(answer.lines);
    if (answer.failure) return { ...base, available: false, version, path: found, reason: answer.failure };
    return { ...base, available: true, version, path: found, reason: null };
  });
}

/** The version in CBC's banner ("Version: 2.10.8"), or null when it printed none. */
export function readCbcVersion(lines: readonly string[]): string | null {
  for (const line of lines) {
    const m = /^\s*Version:\s*(\S+)/.exec(line);
    if (m) return m[1]!;
  }
  return null;
}
