import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The stand-in for gurobi_cl beside this file (not Gurobi: it solves with CBC; see its header). */
export const gurobiStandIn = fileURLToPath(new URL('./gurobi_cl', import.meta.url));

/** The stand-in's switches (its header documents them), as environment variables. */
export interface GurobiStandInSwitches {
  licence?: 'valid' | 'missing' | 'expired' | 'error';
  /** report an optimum made worse by this relative amount, with a point that has that objective */
  worse?: number;
  /** the file each run appends its argv and InputFiles to, one JSON line per run */
  record?: string;
}

/**
 * An executable `gurobi_cl` in `dir` that runs the stand-in with these switches. The backends start solvers with
 * the environment of the process, so a test that wants a switch for one solve hands the backend this file.
 */
export async function gurobiStandInWith(dir: string, switches: GurobiStandInSwitches): Promise<string> {
  const env: Record<string, string> = {};
  if (switches.licence) env.GUROBI_STAND_IN_LICENCE = switches.licence;
  if (switches.worse !== undefined) env.GUROBI_STAND_IN_WORSE = String(switches.worse);
  if (switches.record) env.GUROBI_STAND_IN_RECORD = switches.record;
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  const exports = Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}`);
  const file = path.join(dir, 'gurobi_cl');
  await writeFile(file, `#!/bin/sh\n${exports.join('\n')}\nexec ${quote(gurobiStandIn)} "$@"\n`, { mode: 0o755 });
  return file;
}

/** One run of the stand-in as it recorded itself. */
export interface GurobiStandInRun {
  argv: string[];
  cwd: string;
  /** the text of each InputFile, by the name it was given */
  inputFiles: Record<string, string>;
}
