import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jessicaIn } from './testing/runJessica.ts';

let home: string;

const jessica = jessicaIn(() => home, 120_000);

function weights(dir: string): number[] {
  const rows = parse(readFileSync(path.join(dir, 'portfolio.csv'), 'utf8'), { columns: true }) as { weight: string }[];
  return rows.map((r) => Number(r.weight));
}

function run(dir: string): { useCase: string; objective: number; status: string } {
  return JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8'));
}

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-cli-usecases-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('jessica usecases', () => {
  it('lists the catalogue on first use', () => {
    const r = jessica('usecases', 'list', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; origin: string; version: number }[];
    expect(list).toContainEqual(expect.objectContaining({ id: 'index-tracking', origin: 'catalogue', version: 1 }));
    expect(jessica('usecases', 'list').stdout).toMatch(/^id\s+version\s+origin\s+title/);
  });

  it('a max weight set on a copy of index-tracking binds when the copy is optimized, and the original is untouched', () => {
    expect(jessica('usecases', 'copy', 'index-tracking', 'capped-tracking', '--title', 'Capped tracking').code).toBe(0);
    const set = jessica('usecases', 'set', 'capped-tracking', 'con.max-weight.maxWeight=2%', '--note', 'client cap');
    expect(set.stderr).toBe('');
    expect(set.stdout).toBe('capped-tracking version 2: client cap (enabled con.max-weight; con.max-weight.maxWeight = 0.02)\n');

    const free = path.join(home, 'free');
    const capped = path.join(home, 'capped');
    expect(jessica('optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--lookback', '120', '--out', free).code).toBe(0);
    const r = jessica('optimize', '--universe', 'demo', '--use-case', 'capped-tracking', '--lookback', '120', '--out', capped);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);

    // the cap matters on this market: the uncapped optimum holds a name above it
    expect(Math.max(...weights(free))).toBeGreaterThan(0.02);
    const w = weights(capped);
    expect(Math.max(...w)).toBeLessThanOrEqual(0.02 + 1e-9);
    expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
    expect(run(capped).useCase).toBe('capped-tracking');
    // a constraint can only make the optimum worse
    expect(run(capped).objective).toBeGreaterThanOrEqual(run(free).objective - 1e-12);

    const original = JSON.parse(jessica('usecases', 'show', 'index-tracking', '--json').stdout);
    expect(original.version).toBe(1);
    expect(original.useCase.components.some((c: { id: string }) => c.id === 'con.max-weight')).toBe(false);
  });

  it('shows a use case with its history, and a refused edit exits 1 with one line and changes nothing', () => {
    const bad = jessica('usecases', 'set', 'capped-tracking', 'con.max-weight.maxWeight=1.5');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^jessica: field maxWeight, component con\.max-weight: .*Too big.*\n$/);
    const typo = jessica('usecases', 'set', 'capped-tracking', 'con.max-wieght.maxWeight=0.1');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/component con\.max-wieght: .*unknown component/);
    expect(jessica('usecases', 'set', 'capped-tracking', 'maxWeight').code).toBe(1);

    const shown = jessica('usecases', 'show', 'capped-tracking');
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^capped-tracking: Capped tracking \(user, version 2\)/);
    expect(shown.stdout).toMatch(/con\.max-weight\s+maxWeight=0\.02/);
    expect(shown.stdout).toMatch(/v1 .* copied from index-tracking v1/);
    expect(shown.stdout).toMatch(/v2 .* client cap/);
  });

  it('prints the matrix as CSV with a row per use case', () => {
    const r = jessica('usecases', 'matrix', '--csv');
    expect(r.code).toBe(0);
    const records = parse(r.stdout, { columns: true }) as Record<string, string>[];
    const capped = records.find((x) => x.use_case === 'capped-tracking')!;
    expect(capped.version).toBe('2');
    expect(JSON.parse(capped['con.max-weight']!)).toEqual({ maxWeight: 0.02 });
    expect(records.find((x) => x.use_case === 'index-tracking')!['con.max-weight']).toBe('');
    expect(jessica('usecases', 'matrix').stdout).toMatch(/\[constraint\][\s\S]*con\.max-weight\s.*maxWeight=0\.02/);
  });

  it('enables and disables a component', () => {
    expect(jessica('usecases', 'enable', 'capped-tracking', 'con.sector-band', 'band=10%').stdout).toBe('capped-tracking version 3: enabled con.sector-band {"band":0.1}\n');
    const refused = jessica('usecases', 'disable', 'capped-tracking', 'var.weights');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/requires variable set 'weights'/);
    expect(jessica('usecases', 'disable', 'capped-tracking', 'con.sector-band').stdout).toBe('capped-tracking version 4: disabled con.sector-band\n');
  });

  it("sets a use case's solver to race, and optimize without --solver races on it", () => {
    const set = jessica('usecases', 'set', 'capped-tracking', 'solver=race', '--note', 'race CBC and HiGHS');
    expect(set.stderr).toBe('');
    expect(set.stdout).toBe('capped-tracking version 5: race CBC and HiGHS (solver = "race" (was "highs"))\n');

    const r = jessica('optimize', '--universe', 'demo', '--use-case', 'capped-tracking', '--lookback', '60', '--time-limit', '30');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const race = r.stdout.split('\n').filter((l) => l.startsWith('  race: '));
    expect(race.map((l) => l.split(' ')[3]).sort()).toEqual(expect.arrayContaining(['cbc', 'highs']));
    const won = race.filter((l) => / won, optimal/.test(l));
    expect(won).toHaveLength(1);
    // the solver line names the winner
    expect(r.stdout).toMatch(new RegExp(`^solver: ${won[0]!.split(' ')[3]} .*: optimal`, 'm'));
  });
});
