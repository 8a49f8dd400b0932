import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gurobiStandInWith } from '../solver/backends/cli/testing/gurobiStandIn.ts';
import { jessicaIn } from './testing/runJessica.ts';

let home: string;
beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-cli-compare-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

const pathWithoutGurobi = (process.env.PATH ?? '')
  .split(path.delimiter)
  .filter((d) => d !== '' && !existsSync(path.join(d, 'gurobi_cl')))
  .join(path.delimiter);

/** `jessica` with its data directory in `home` and the given PATH */
function jessicaWith(pathVariable: string) {
  const previous = process.env.PATH;
  return (...args: string[]) => {
    process.env.PATH = pathVariable;
    try {
      return jessicaIn(() => home)(...args);
    } finally {
      process.env.PATH = previous;
    }
  };
}

const LP = ['--universe', 'demo', '--use-case', 'index-tracking', '--lookback', '120', '--time-limit', '60'];

describe('jessica compare', () => {
  it('prints the solves side by side with their agreement and writes the comparison', () => {
    const out = path.join(home, 'lp');
    const r = jessicaWith(pathWithoutGurobi)('compare', ...LP, '--solvers', 'highs,cbc', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^solver\s+start\s+status\s+objective\s+bound\s+gap\s+seconds\s+nodes\s+iterations\s+tracking error\s+names$/m);
    expect(r.stdout).toMatch(/^highs\s+none\s+optimal\s/m);
    expect(r.stdout).toMatch(/^cbc\s+none\s+optimal\s/m);
    expect(r.stdout).toMatch(/agreement: the 2 proven optima agree within/);
    expect(r.stdout).toMatch(/schedule: all 2 solves at once|schedule: one solve after another/);
    const csv = readFileSync(path.join(out, 'comparison.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(existsSync(path.join(out, 'run.json'))).toBe(true);
  }, 180_000);

  it('says a disagreement between proven optima loudly and exits 2', async () => {
    const dir = path.join(home, 'worse-gurobi');
    mkdirSync(dir, { recursive: true });
    await gurobiStandInWith(dir, { worse: 0.05 });
    const r = jessicaWith(`${dir}${path.delimiter}${pathWithoutGurobi}`)('compare', ...LP, '--solvers', 'highs,gurobi');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/agreement: 1 DISAGREEMENT/);
    expect(r.stderr).toMatch(/^DISAGREEMENT: highs and gurobi both claim a proven optimum .* so gurobi's "optimal" is wrong$/m);
  }, 180_000);

  it('refuses an unknown solver and one not installed, exit 1, naming them', () => {
    const run = jessicaWith(pathWithoutGurobi);
    const unknown = run('compare', ...LP, '--solvers', 'highs,xpress');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/--solvers.*no solver xpress \(known: highs, cbc, gurobi\)/);
    const absent = run('compare', ...LP, '--solvers', 'highs,gurobi');
    expect(absent.code).toBe(1);
    expect(absent.stderr).toMatch(/solver gurobi is not installed here/);
  }, 180_000);
});

describe('jessica optimize --solver race', () => {
  it('races HiGHS and CBC on the model and prints how each entrant ended', () => {
    const r = jessicaWith(pathWithoutGurobi)('optimize', ...LP, '--solver', 'race');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^solver: (highs|cbc) .*: optimal/m);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('  race: '));
    expect(lines).toHaveLength(2);
    expect(lines.filter((l) => / won, optimal/.test(l))).toHaveLength(1);
    for (const l of lines) expect(l).toMatch(/^ {2}race: (highs|cbc) (won|cancelled|finished), /);
  }, 180_000);
});
