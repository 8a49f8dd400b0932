import type { LicenceState, SolverAvailability } from '../../../api/solvers.ts';
import { declaredFeatures } from '../solverFeatures.ts';
import { PROBE_TIMEOUT_MS, probeSafely, type SolverProbeOptions } from '../solverProbe.ts';
import { findExecutable } from './executablePath.ts';
import { gurobiSpec } from './gurobiBackend.ts';
import { runProbeCommand } from './probeCommand.ts';

const GUROBI_INSTALL = 'install the Gurobi Optimizer from gurobi.com/downloads with its licence (grbgetkey), and put its bin folder on the PATH';

/**
 * Gurobi on this machine: the `gurobi_cl` the backend would run (the first on the PATH), its version
 * (`gurobi_cl --version`: "Gurobi Optimizer version 12.0.1 build v12.0.1rc0 (linux64)") and its licence
 * (`gurobi_cl --license`), Gurobi's own words kept. It is available only with a valid licence: without one
 * gurobi_cl solves nothing.
 */
export function probeGurobi(options: SolverProbeOptions = {}): Promise<SolverAvailability> {
  const identity = { id: 'gurobi', name: 'Gurobi', features: declaredFeatures(gurobiSpec.classes, gurobiSpec.features) } as const;
  return probeSafely(identity, async () => {
    const wanted = options.executables?.gurobi ?? 'gurobi_cl';
    const found = findExecutable(wanted, options.env);
    if (!found) {
      const where = wanted.includes('/') ? `${wanted} is not an executable file` : `${wanted} is not on the PATH`;
      return {
        ...identity,
        available: false,
        version: null,
        path: null,
        licence: { state: 'unknown', words: null },
        reason: `Gurobi is not installed: ${where} (${GUROBI_INSTALL})`,
      };
    }
    const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
    const [versionAnswer, licenceAnswer] = await Promise.all([
      runProbeCommand(found, ['--version'], timeoutMs),
      runProbeCommand(found, ['--license'], timeoutMs),
    ]);
    const version = readGurobiVersion(versionAnswer.lines);
    if (licenceAnswer.failure) {
      return { ...identity, available: false, version, path: found, licence: { state: 'unknown', words: null }, reason: licenceAnswer.failure };
    }
    const licence = readGurobiLicence(licenceAnswer.lines, licenceAnswer.exitCode);
    return { ...identity, available: licence.state === 'valid', version, path: found, licence, reason: licenceReason(licence) };
  });
}

/** The version in gurobi_cl's banner, or null when it printed none. */
export function readGurobiVersion(lines: readonly string[]): string | null {
  for (const line of lines) {
    const m = /^\s*Gurobi Optimizer version (\d+(?:\.\d+)*)/.exec(line) ?? /^\s*Gurobi (\d+\.\d+\.\d+) \(/.exec(line);
    if (m) return m[1]!;
  }
  return null;
}

/**
 * The licence as `gurobi_cl --license` reports it. Gurobi states a licence problem as an error line, e.g.
 * "ERROR 10009: No Gurobi license found (user U, host H, hostid I, cores C)" or "ERROR 10009: License expired
 * 2024-12-31", and exits non-zero; a valid licence prints where it comes from ("Using license file
 * /opt/gurobi/gurobi.lic", or "Academic license - for non-commercial use only - expires 2025-06-23"), after any
 * "Set parameter" lines. Any other error line, or a non-zero exit, is an error in Gurobi's words.
 */
export function readGurobiLicence(lines: readonly string[], exitCode: number | null): { state: LicenceState; words: string | null } {
  const text = lines.map((l) => l.trim()).filter((l) => l !== '');
  const expired = text.find((l) => /\blicen[cs]e (?:has )?expired\b/i.test(l));
  if (expired) return { state: 'expired', words: expired };
  const missing = text.find((l) => /\bno (?:gurobi )?licen[cs]e (?:file )?(?:was )?found\b|\bunable to (?:find|locate) (?:a |the )?licen[cs]e/i.test(l));
  if (missing) return { state: 'missing', words: missing };
  const error = text.find((l) => /^(?:ERROR|Error|Gurobi error)\b|\brequest denied\b|\bmismatch\b/i.test(l));
  if (error || exitCode !== 0) {
    return { state: 'error', words: error ?? (text.slice(-3).join(' / ') || `gurobi_cl --license exited with code ${exitCode}`) };
  }
  const about = text.filter((l) => !/^Set parameter\b/.test(l));
  return { state: 'valid', words: (about.length > 0 ? about : text).join('; ') || null };
}

/** What to do about a licence that is not valid, with Gurobi's words. */
function licenceReason(licence: { state: LicenceState; words: string | null }): string | null {
  const said = `gurobi_cl --license: ${licence.words ?? 'no answer'}`;
  switch (licence.state) {
    case 'valid':
    case 'not-needed':
      return null;
    case 'missing':
      return `Gurobi has no licence on this machine (${said}): get one at gurobi.com and install it with grbgetkey, or set GRB_LICENSE_FILE to its gurobi.lic`;
    case 'expired':
      return `Gurobi's licence has expired (${said}): renew it at gurobi.com and install the new key with grbgetkey`;
    case 'error':
    case 'unknown':
      return `Gurobi refused its licence (${said}): check the licence file and the licence server it names`;
  }
}
