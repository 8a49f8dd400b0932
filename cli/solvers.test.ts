import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SolverAvailability } from '../api/solvers.ts';
import { gurobiStandInWith } from '../solver/backends/cli/testing/gurobiStandIn.ts';
import { repoRoot, type JessicaRun } from './testing/runJessica.ts';

let home: string;
beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-cli-solvers-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** The PATH of this process without any directory that holds a gurobi_cl, so that Gurobi is absent for sure. */
const pathWithoutGurobi = (process.env.PATH ?? '')
  .split(path.delimiter)
  .filter((d) => d !== '' && !existsSync(path.join(d, 'gurobi_cl')))
  .join(path.delimiter);

/** `jessica ...args` as a user runs it, with the given PATH and environment. */
function jessica(env: NodeJS.ProcessEnv, ...args: string[]): JessicaRun {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/jessica.mjs'), ...args], {
    env: { ...process.env, JESSICA_HOME: home, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A directory with the stand-in for gurobi_cl (not Gurobi: it solves with CBC) under gurobi_cl's name. */
async function standInDirectory(licence: 'valid' | 'expired'): Promise<string> {
  const dir = path.join(home, `gurobi-${licence}`);
  mkdirSync(dir, { recursive: true });
  await gurobiStandInWith(dir, { licence });
  return dir;
}

describe('jessica solvers', () => {
  it('lists HiGHS and CBC with their versions and paths, and says Gurobi is unavailable and why, exiting 0', () => {
    const r = jessica({ PATH: pathWithoutGurobi }, 'solvers');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^solver\s+available\s+version\s+path\s+licence\s+features$/);
    const highsVersion = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/highs/package.json'), 'utf8')).version as string;
    const cbcBanner = spawnSync('cbc', ['-quit'], { encoding: 'utf8', env: { PATH: pathWithoutGurobi } }).stdout;
    const cbcVersion = /^Version: (\S+)/m.exec(cbcBanner)![1]!;
    const cbcPath = spawnSync('sh', ['-c', 'command -v cbc'], { encoding: 'utf8', env: { PATH: pathWithoutGurobi } }).stdout.trim();
    expect(lines[1]).toMatch(new RegExp(`^HiGHS\\s+yes\\s+${highsVersion.replaceAll('.', '\\.')} \\(HiGHS \\S+\\)\\s+\\S+node_modules/highs\\s+not-needed\\s+LP MILP QP mip-start time-limit gap$`));
    expect(lines[2]).toMatch(new RegExp(`^CBC\\s+yes\\s+${cbcVersion.replaceAll('.', '\\.')}\\s+${cbcPath}\\s+not-needed\\s+LP MILP mip-start time-limit gap threads$`));
    expect(lines[3]).toMatch(/^Gurobi\s+no\s+-\s+-\s+unknown\s+LP MILP QP MIQP mip-start time-limit gap threads iis$/);
    expect(r.stdout).toContain('\nGurobi is unavailable: Gurobi is not installed: gurobi_cl is not on the PATH (install the Gurobi Optimizer');
  });

  it('with the stand-in on the PATH and its licence expired: its version and path, unavailable in Gurobi’s words', async () => {
    const expired = await standInDirectory('expired');
    const r = jessica({ PATH: `${expired}${path.delimiter}${pathWithoutGurobi}` }, 'solvers');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`\\nGurobi\\s+no\\s+12\\.0\\.1\\s+${path.join(expired, 'gurobi_cl')}\\s+expired\\s+LP MILP QP MIQP`));
    expect(r.stdout).toContain('\nGurobi licence (expired): ERROR 10009: License expired 2024-12-31\n');
    expect(r.stdout).toContain(
      "\nGurobi is unavailable: Gurobi's licence has expired (gurobi_cl --license: ERROR 10009: License expired 2024-12-31): " +
        'renew it at gurobi.com and install the new key with grbgetkey\n',
    );
  });

  it('--json prints the list as the core method answers it: with a licensed stand-in, Gurobi is available', async () => {
    const valid = await standInDirectory('valid');
    const r = jessica({ PATH: `${valid}${path.delimiter}${pathWithoutGurobi}` }, 'solvers', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as SolverAvailability[];
    expect(list.map((s) => [s.id, s.available])).toEqual([
      ['highs', true],
      ['cbc', true],
      ['gurobi', true],
    ]);
    expect(Object.keys(list[0]!)).toEqual(['id', 'name', 'available', 'version', 'path', 'licence', 'features', 'reason']);
    expect(list[2]).toMatchObject({
      version: '12.0.1',
      path: path.join(valid, 'gurobi_cl'),
      licence: { state: 'valid', words: 'Using license file /opt/gurobi/gurobi.lic' },
      reason: null,
    });
  });
});
