import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { benchRunArgs } from '../../api/methods.ts';
import { InputError } from '../errors.ts';
import { parseBenchMatrix, presetMatrixFile, readBenchMatrix } from './benchMatrixFile.ts';
import { planRows } from './benchPlan.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-bench-matrix-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The error reading `file` throws, as its message. */
function refusal(read: () => unknown): InputError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error('no error');
}

describe('a bench matrix file', () => {
  it('is read as YAML or JSON by its extension, into one row per baseline and per other value of each factor', () => {
    const yaml = write(
      'm.yaml',
      [
        'repeats: 4',
        'workloads:',
        '  - kind: optimize',
        '    baseline: { universe: sp500 }',
        '    factors:',
        '      solver: [highs, cbc]',
        '      universe: [demo, sp500, r2000]',
        '      lookback: [252, 126, 504]',
        '    combinations:',
        '      - { solver: cbc, lookback: 504 }',
        '      - { solver: cbc }',
        '  - kind: batch',
        '    repeats: 1',
        '    factors: { workers: [1, 2], accounts: [50, 100] }',
      ].join('\n'),
    );
    const json = write('m.json', JSON.stringify({ workloads: [{ kind: 'optimize', factors: { objective: ['mad', 'variance'], store: ['sqlite', 'postgres'] } }] }));
    const rows = planRows(readBenchMatrix(yaml));
    // optimize: 1 + (2−1) + (3−1) + (3−1) = 6, and one combination (the other is the solver=cbc row already planned); batch: 1 + 1 + 1
    expect(rows.map((r) => r.label)).toEqual([
      'optimize · baseline',
      'optimize · solver=cbc',
      'optimize · universe=demo',
      'optimize · universe=r2000',
      'optimize · lookback=126',
      'optimize · lookback=504',
      'optimize · solver=cbc, lookback=504',
      'batch · baseline',
      'batch · workers=2',
      'batch · accounts=100',
    ]);
    expect(rows[0]).toMatchObject({ role: 'baseline', repeats: 4, setup: { solver: 'highs', universe: 'sp500', lookback: 252, objective: 'mad', store: 'sqlite' } });
    expect(rows[3]).toMatchObject({ role: 'factor', factor: 'universe', value: 'r2000', setup: { solver: 'highs', universe: 'r2000', lookback: 252 } });
    expect(rows[6]).toMatchObject({ role: 'combination', factor: null, setup: { solver: 'cbc', universe: 'sp500', lookback: 504 } });
    expect(rows[7]).toMatchObject({ repeats: 1, setup: { workers: 1, accounts: 50, universe: 'demo', lookback: 252 }, settings: { useCase: 'index-tracking', timeLimit: 1 } });
    expect(planRows(readBenchMatrix(yaml), 2).every((r) => r.repeats === 2)).toBe(true);
    expect(planRows(readBenchMatrix(json)).map((r) => r.label)).toEqual(['optimize · baseline', 'optimize · objective=variance', 'optimize · store=postgres']);
  });

  it.each([
    ['an unknown factor', 'workloads:\n  - kind: optimize\n    factors: { colour: [red] }\n', /field workloads\[0\]\.factors: unknown factor for an optimize workload "colour" \(known: solver, universe, lookback, objective, store\)/],
    ['a factor of the other kind', 'workloads:\n  - kind: batch\n    factors: { solver: [highs] }\n', /field workloads\[0\]\.factors: unknown factor for a batch workload "solver" \(known: workers, accounts, universe, lookback\)/],
    ['empty values', 'workloads:\n  - kind: optimize\n    factors: { solver: [] }\n', /field workloads\[0\]\.factors\.solver: give at least one value/],
    ['values that are not a list', 'workloads:\n  - kind: optimize\n    factors: { lookback: 252 }\n', /field workloads\[0\]\.factors\.lookback: expected a list of values/],
    ['a value of the wrong type', 'workloads:\n  - kind: optimize\n    factors: { lookback: [252, long] }\n', /field workloads\[0\]\.factors\.lookback\[1\]: .*expected number/],
    ['a value not allowed', 'workloads:\n  - kind: optimize\n    factors: { solver: [highs, mosek] }\n', /field workloads\[0\]\.factors\.solver\[1\]: .*"highs"\|"cbc"\|"gurobi"/],
    ['a value named twice', 'workloads:\n  - kind: batch\n    factors: { workers: [1, 1] }\n', /field workloads\[0\]\.factors\.workers: a value is named twice/],
    ['an unknown kind', 'workloads:\n  - kind: frontier\n', /field workloads\[0\]\.kind: kind must be one of optimize, batch, screens/],
    ['a screen the bench does not know', 'workloads:\n  - kind: screens\n    factors: { screen: [book-load, frontier] }\n', /field workloads\[0\]\.factors\.screen\[1\]: .*"book-load"\|"book-nav"\|"cluster"\|"account"/],
    ['a batch factor in a screens workload', 'workloads:\n  - kind: screens\n    factors: { workers: [1, 2] }\n', /field workloads\[0\]\.factors: unknown factor for a screens workload "workers" \(known: screen, accounts, universe\)/],
    ['a screens baseline of no book', 'workloads:\n  - kind: screens\n    baseline: { accounts: 0 }\n', /field workloads\[0\]\.baseline\.accounts: /],
    ['an unknown screens setting', 'workloads:\n  - kind: screens\n    settings: { lookback: 60 }\n', /field workloads\[0\]\.settings: unknown setting for a screens workload "lookback" \(known: useCase, timeLimit, clusters, seed, restrictions\)/],
    ['no workloads', 'repeats: 2\nworkloads: []\n', /field workloads: give at least one workload/],
    ['a misspelt top-level field', 'repeat: 2\nworkloads:\n  - kind: optimize\n', /unknown field "repeat"/],
    ['nothing at all', '# nothing\n', /the matrix is empty/],
  ])('refuses %s, naming the file and the field', (_what, text, message) => {
    const file = write('bad.yaml', text);
    const error = refusal(() => readBenchMatrix(file));
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(file)).toBe(true);
    expect(error.where.file).toBe(file);
  });

  it('plans a screens workload one factor at a time, the screen a factor like any other', () => {
    const file = write(
      'screens.yaml',
      [
        'workloads:',
        '  - kind: screens',
        '    repeats: 2',
        '    baseline: { universe: sp500, accounts: 10000 }',
        '    factors: { screen: [book-load, book-nav, cluster, account], accounts: [10000, 1000] }',
        '    combinations: [{ screen: cluster, accounts: 1000 }]',
      ].join('\n'),
    );
    const rows = planRows(readBenchMatrix(file));
    expect(rows.map((r) => r.label)).toEqual([
      'screens · baseline',
      'screens · screen=book-nav',
      'screens · screen=cluster',
      'screens · screen=account',
      'screens · accounts=1000',
      'screens · screen=cluster, accounts=1000',
    ]);
    expect(rows[0]).toMatchObject({ kind: 'screens', role: 'baseline', repeats: 2, setup: { screen: 'book-load', universe: 'sp500', accounts: 10000 } });
    expect(rows[4]).toMatchObject({ factor: 'accounts', value: '1000', setup: { screen: 'book-load', universe: 'sp500', accounts: 1000 } });
    expect(rows[0]!.settings).toEqual({ useCase: 'index-tracking', timeLimit: 1, seed: 1, restrictions: 'individual' });
    // left out: the Book screen from page load, 1,000 accounts on the demo market
    expect(planRows(parseBenchMatrix({ workloads: [{ kind: 'screens' }] }, 'matrix'))[0]!.setup).toEqual({ screen: 'book-load', accounts: 1000, universe: 'demo' });
  });

  it('refuses a file it cannot read or parse, naming it (and the line of a YAML error)', () => {
    expect(refusal(() => readBenchMatrix(path.join(dir, 'missing.yaml'))).message).toMatch(/missing\.yaml: no such file or directory \(ENOENT\)/);
    expect(refusal(() => readBenchMatrix(write('m.toml', 'x = 1'))).message).toMatch(/m\.toml, field matrixFile: a bench matrix is JSON \(\.json\) or YAML \(\.yaml, \.yml\), not "\.toml"/);
    const broken = refusal(() => readBenchMatrix(write('broken.yaml', 'workloads:\n  - kind: optimize\n    factors: { solver: [highs\n')));
    expect(broken.message).toMatch(/broken\.yaml line \d+: is not valid YAML/);
    expect(refusal(() => readBenchMatrix(write('broken.json', '{"workloads": [}'))).message).toMatch(/broken\.json: is not valid JSON/);
  });

  it('given whole to bench/run, is checked by the method’s schema, naming the field', () => {
    const parsed = benchRunArgs.safeParse({ matrix: { workloads: [{ kind: 'optimize', factors: { colour: ['red'] } }] } });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['matrix', 'workloads', 0, 'factors']);
    expect(parsed.error!.issues[0]!.message).toMatch(/unknown factor for an optimize workload "colour"/);
    expect(benchRunArgs.safeParse({ preset: 'tiny', matrixFile: 'x.yaml' }).error!.issues[0]!.message).toBe('give at most one of matrix, matrixFile or preset');
    expect(refusal(() => parseBenchMatrix({ workloads: [{ kind: 'batch', factors: { accounts: [0] } }] }, 'matrix')).message).toMatch(/^matrix, field workloads\[0\]\.factors\.accounts\[0\]: /);
  });

  it('ships presets that read and plan', () => {
    const tiny = planRows(readBenchMatrix(presetMatrixFile('tiny')));
    expect(tiny.length).toBeGreaterThanOrEqual(3);
    const defaults = planRows(readBenchMatrix(presetMatrixFile('default')));
    // optimize: 1 + 1 (solver) + 2 (universe) + 2 (lookback) + 1 (objective) + 1 (store); batch: 1 + 1 (workers) + 1 (accounts)
    expect(defaults.filter((r) => r.kind === 'optimize')).toHaveLength(8);
    expect(defaults.filter((r) => r.kind === 'batch')).toHaveLength(3);
    // screens: 1 + 3 (the other screens) + 1 (accounts)
    expect(defaults.filter((r) => r.kind === 'screens').map((r) => r.setup)).toEqual([
      { screen: 'book-load', universe: 'sp500', accounts: 10000 },
      { screen: 'book-nav', universe: 'sp500', accounts: 10000 },
      { screen: 'cluster', universe: 'sp500', accounts: 10000 },
      { screen: 'account', universe: 'sp500', accounts: 10000 },
      { screen: 'book-load', universe: 'sp500', accounts: 1000 },
    ]);
    expect(defaults[0]!.setup).toMatchObject({ universe: 'sp500', solver: 'highs', lookback: 252 });
    // npm run bench:screens: the four screens on the demo market, the Book screen on the S&P 500
    const screens = planRows(readBenchMatrix(path.resolve(import.meta.dirname, '../../bench/matrix.screens.yaml')));
    expect(screens.map((r) => r.label)).toEqual(['screens · baseline', 'screens · screen=book-nav', 'screens · screen=cluster', 'screens · screen=account', 'screens · universe=sp500']);
    expect(screens.every((r) => r.kind === 'screens' && r.repeats === 5 && r.setup.accounts === 10000)).toBe(true);
  });
});
