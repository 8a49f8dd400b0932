import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SolverAvailability } from '../../api/solvers.ts';
import { probeCbc } from './cli/cbcAvailability.ts';
import { probeGurobi, readGurobiLicence } from './cli/gurobiAvailability.ts';
import { gurobiStandIn, gurobiStandInWith } from './cli/testing/gurobiStandIn.ts';
import { loadHighsRuntime } from './highs/highsRuntime.ts';
import { probeHighs } from './highs/highsAvailability.ts';
import { probeSolvers } from './solverAvailability.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jessica-solver-availability-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A directory holding only a gurobi_cl that runs the stand-in with a licence switch: the PATH of one probe. */
async function pathWithStandIn(licence: 'valid' | 'missing' | 'expired' | 'error'): Promise<{ PATH: string; file: string }> {
  const own = path.join(dir, licence);
  await mkdir(own, { recursive: true });
  return { PATH: own, file: await gurobiStandInWith(own, { licence }) };
}

describe('the solvers on this machine', () => {
  it('HiGHS: the highs package Jessica installed, its version and its library’s, MIT, no threads', async () => {
    const pkgDir = await realpath(path.join(repoRoot, 'node_modules/highs'));
    const pkg = JSON.parse(await readFile(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string };
    const library = (await loadHighsRuntime()).version.string;
    expect(await probeHighs()).toEqual({
      id: 'highs',
      name: 'HiGHS',
      available: true,
      version: `${pkg.version} (HiGHS ${library})`,
      path: pkgDir,
      licence: { state: 'not-needed', words: 'open source (MIT licence): no licence key needed' },
      features: ['LP', 'MILP', 'QP', 'mip-start', 'time-limit', 'gap'],
      reason: null,
    });
  });

  it('CBC: the cbc a shell finds, with the version its banner prints', async () => {
    const shell = spawnSync('sh', ['-c', 'command -v cbc'], { encoding: 'utf8' }).stdout.trim();
    expect(shell, 'cbc is on the PATH (setup/testMachine.sh installs coinor-cbc)').not.toBe('');
    const banner = spawnSync(shell, ['-quit'], { encoding: 'utf8' }).stdout;
    const version = /^Version: (\S+)/m.exec(banner)![1];
    expect(await probeCbc()).toEqual({
      id: 'cbc',
      name: 'CBC',
      available: true,
      version,
      path: shell,
      licence: { state: 'not-needed', words: 'open source (Eclipse Public License): no licence key needed' },
      features: ['LP', 'MILP', 'mip-start', 'time-limit', 'gap', 'threads'],
      reason: null,
    });
  });

  it('with nothing on the PATH, CBC and Gurobi are unavailable and each says how to install it; HiGHS ships with Jessica', async () => {
    const empty = path.join(dir, 'empty');
    await mkdir(empty);
    const [highs, cbc, gurobi] = await probeSolvers({ env: { PATH: empty } });
    expect(highs!.available).toBe(true);
    expect(cbc).toMatchObject({ id: 'cbc', available: false, version: null, path: null, licence: { state: 'not-needed' } });
    expect(cbc!.reason).toBe('CBC is not installed: cbc is not on the PATH (Debian/Ubuntu: apt-get install coinor-cbc; elsewhere see github.com/coin-or/Cbc)');
    expect(gurobi).toEqual({
      id: 'gurobi',
      name: 'Gurobi',
      available: false,
      version: null,
      path: null,
      licence: { state: 'unknown', words: null },
      features: ['LP', 'MILP', 'QP', 'MIQP', 'mip-start', 'time-limit', 'gap', 'threads', 'iis'],
      reason:
        'Gurobi is not installed: gurobi_cl is not on the PATH (install the Gurobi Optimizer from gurobi.com/downloads with ' +
        'its licence (grbgetkey), and put its bin folder on the PATH)',
    });
  });
});

describe('Gurobi through the stand-in for gurobi_cl (not Gurobi: it solves with CBC)', () => {
  it('with a licence: available, with the version gurobi_cl --version prints and the licence in Gurobi’s words', async () => {
    const { PATH, file } = await pathWithStandIn('valid');
    const version = /Gurobi Optimizer version (\S+)/.exec(spawnSync(gurobiStandIn, ['--version'], { encoding: 'utf8' }).stdout)![1];
    expect(await probeGurobi({ env: { PATH } })).toMatchObject({
      available: true,
      version,
      path: file,
      licence: { state: 'valid', words: 'Using license file /opt/gurobi/gurobi.lic' },
      reason: null,
    });
    expect(version).toBe('12.0.1');
  });

  it.each([
    {
      licence: 'missing' as const,
      words: /^ERROR 10009: No Gurobi license found \(user \S+, host \S+, hostid 8e3f21aa, cores \d+\)$/,
      reason: /^Gurobi has no licence on this machine \(gurobi_cl --license: ERROR 10009: No Gurobi license found .*\): get one at gurobi\.com and install it with grbgetkey, or set GRB_LICENSE_FILE to its gurobi\.lic$/,
    },
    {
      licence: 'expired' as const,
      words: /^ERROR 10009: License expired 2024-12-31$/,
      reason: /^Gurobi's licence has expired \(gurobi_cl --license: ERROR 10009: License expired 2024-12-31\): renew it at gurobi\.com/,
    },
    {
      licence: 'error' as const,
      words: /^ERROR 10009: HostID mismatch \(licensed to 1f2e3d4c, hostid is 9a8b7c6d\)$/,
      reason: /^Gurobi refused its licence \(gurobi_cl --license: ERROR 10009: HostID mismatch/,
    },
  ])('licence $licence: unavailable, Gurobi’s words kept, and what to do', async ({ licence, words, reason }) => {
    const { PATH, file } = await pathWithStandIn(licence);
    const g = await probeGurobi({ env: { PATH } });
    expect(g).toMatchObject({ available: false, version: '12.0.1', path: file, licence: { state: licence } });
    expect(g.licence.words).toMatch(words);
    expect(g.reason).toMatch(reason);
  });

  it('probes the executable it is given instead of the PATH’s', async () => {
    const g = await probeGurobi({ env: { PATH: '' }, executables: { gurobi: gurobiStandIn } });
    expect(g).toMatchObject({ available: true, path: gurobiStandIn, version: '12.0.1' });
  });
});

describe('a probe never throws and never waits long', () => {
  it('gives up on a gurobi_cl that does not answer, after the timeout', async () => {
    const hanging = path.join(dir, 'hanging');
    await mkdir(hanging);
    await writeFile(path.join(hanging, 'gurobi_cl'), '#!/bin/sh\nsleep 30\n', { mode: 0o755 });
    const t0 = performance.now();
    const g = await probeGurobi({ env: { PATH: hanging }, timeoutMs: 300 });
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(g).toMatchObject({ available: false, version: null, licence: { state: 'unknown', words: null } });
    expect(g.reason).toBe(`${path.join(hanging, 'gurobi_cl')} --license did not answer within 0.3 s`);
  });

  it('answers for a cbc that cannot be started', async () => {
    const broken = path.join(dir, 'broken');
    await mkdir(broken);
    await writeFile(path.join(broken, 'cbc'), '#!/nonexistent/interpreter\n', { mode: 0o755 });
    const c: SolverAvailability = await probeCbc({ env: { PATH: broken } });
    expect(c).toMatchObject({ available: false, path: path.join(broken, 'cbc'), version: null });
    expect(c.reason).toMatch(new RegExp(`^${path.join(broken, 'cbc')} -quit could not be started: .*ENOENT`));
  });
});

describe('gurobi_cl --license in the words other Gurobi setups print', () => {
  it.each([
    // an academic named-user licence (Gurobi 10 and later): valid, with its expiry date
    [['Set parameter Username', 'Academic license - for non-commercial use only - expires 2025-06-23'], 0, 'valid', 'Academic license - for non-commercial use only - expires 2025-06-23'],
    // a token server client
    [['Set parameter TokenServer to value "lmgr.example.edu"', 'Using license file /opt/gurobi/gurobi.lic'], 0, 'valid', 'Using license file /opt/gurobi/gurobi.lic'],
    [['Error 10009: License expired 2021-12-09'], 1, 'expired', 'Error 10009: License expired 2021-12-09'],
    [['Set parameter TokenServer to value "license01"', "Request denied: user 'eduardo' not in authorized user list"], 1, 'error', "Request denied: user 'eduardo' not in authorized user list"],
    [[], 1, 'error', 'gurobi_cl --license exited with code 1'],
  ] as const)('%j (exit %d) is %s', (lines, exitCode, state, words) => {
    expect(readGurobiLicence(lines, exitCode)).toEqual({ state, words });
  });
});
