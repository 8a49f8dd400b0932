import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { RunEnvironment } from '../../api/runs.ts';
import { redactUrl } from '../sync/teamDatabaseUrl.ts';

/**
 * The packages a job's work runs on, whose versions change its timings or answers: the solver (highs), the store
 * (better-sqlite3), the team database (pg, pg-copy-streams), the pool (piscina), the data (yahoo-finance2,
 * csv-parse) and the contract's validation (zod).
 */
const PACKAGES = ['highs', 'better-sqlite3', 'pg', 'pg-copy-streams', 'piscina', 'yahoo-finance2', 'csv-parse', 'zod', 'tsx'] as const;

/** Environment variables that change how Jessica runs, beside JESSICA_*. */
const BEHAVIOUR_VARIABLES = ['NODE_OPTIONS', 'UV_THREADPOOL_SIZE'];

/** A variable whose name says it holds a secret is recorded as set, never with its value. */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|KEY|CREDENTIAL/i;
const SECRET = '***';

/**
 * What a run was measured on (api RunEnvironment), stored beside its spans so that timings compare across machines
 * and releases: the machine (host, OS, CPU model and cores, RAM), Node, the versions of Jessica and the packages it
 * runs on (read once per process; a package not installed is left out), the solvers the job used with their versions
 * as they reported them (`solvers`, by the caller), and the environment variables that change behaviour, a secret in
 * one redacted: a URL's password (JESSICA_PG_URL) as `***`, a variable named for a secret (JESSICA_TOKEN) as `***`.
 */
export function runEnvironment(solvers: Record<string, string> = {}, env: NodeJS.ProcessEnv = process.env): RunEnvironment {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.versions.node,
    packages: { ...packageVersions() },
    solvers: Object.fromEntries(Object.entries(solvers).filter(([id, version]) => id !== '' && version !== '')),
    env: behaviourVariables(env),
  };
}

/** JESSICA_*, NODE_OPTIONS and UV_THREADPOOL_SIZE as set, sorted by name, secrets redacted. */
export function behaviourVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  const names = Object.keys(env)
    .filter((name) => name.startsWith('JESSICA_') || BEHAVIOUR_VARIABLES.includes(name))
    .sort();
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value === undefined) continue;
    out[name] = SECRET_NAME.test(name) ? SECRET : value.includes('://') ? redactUrl(value) : value;
  }
  return out;
}

let versions: Readonly<Record<string, string>> | undefined;

/** jessica's own version and each installed package's, read from their package.json files once per process. */
function packageVersions(): Readonly<Record<string, string>> {
  if (versions) return versions;
  const found: Record<string, string> = {};
  const own = readVersion(path.resolve(import.meta.dirname, '../../package.json'));
  if (own) found.jessica = own;
  // the folders Node looks for a package in, from here up (a package may not export its package.json)
  const lookup = createRequire(import.meta.url).resolve.paths('highs') ?? [];
  for (const name of PACKAGES) {
    for (const dir of lookup) {
      const version = readVersion(path.join(dir, name, 'package.json'));
      if (version) {
        found[name] = version;
        break;
      }
    }
  }
  versions = found;
  return versions;
}

function readVersion(file: string): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}
