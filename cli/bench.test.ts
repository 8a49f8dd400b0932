import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jessicaIn } from './testing/runJessica.ts';

let home: string;
beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-cli-bench-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** `jessica` on its own store, with no team database configured (and the environment `env` sets) */
function jessica(...args: string[]) {
  return jessicaWith({}, ...args);
}

function jessicaWith(env: Record<string, string>, ...args: string[]) {
  const saved = { ...process.env };
  delete process.env.JESSICA_PG_URL;
  Object.assign(process.env, env);
  try {
    return jessicaIn(() => home)(...args);
  } finally {
    for (const name of [...Object.keys(env), 'JESSICA_PG_URL']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

function matrixFile(name: string, text: string): string {
  const file = path.join(home, name);
  writeFileSync(file, text);
  return file;
}

describe('jessica bench', () => {
  it('prints a line per row as it starts and the table at the end, writes bench.csv and bench.md; a skipped row is no failure', () => {
    const file = matrixFile(
      'tiny.yaml',
      ['workloads:', '  - kind: optimize', '    baseline: { universe: demo, lookback: 60 }', '    factors: { solver: [highs, cbc], store: [sqlite, postgres] }'].join('\n'),
    );
    const out = path.join(home, 'out');
    const r = jessica('bench', '--matrix', file, '--repeats', '1', '--out', out);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('row '))).toEqual([
      'row 1 of 3: optimize · baseline',
      'row 2 of 3: optimize · solver=cbc',
      'row 3 of 3: optimize · store=postgres',
    ]);
    expect(r.stderr).toMatch(/^setting up: /m);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^bench tiny\.yaml \[run \d+\]: 3 rows, 1 timed run each after a warm-up/m);
    expect(r.stdout).toMatch(/^\| optimize +\| baseline +\| demo: 504 names × 61 dates to 2025-12-31 +\| \d+\.\d{3} +\| \d+\.\d{3}–\d+\.\d{3} +\| \d+ +\| 1 +\| ok +\| highs /m);
    expect(r.stdout).toMatch(/^\| optimize +\| store=postgres +\| – +\| – +\| – +\| – +\| 0 +\| skipped +\|/m);
    expect(r.stdout).toMatch(/^optimize · store=postgres: skipped: no team database is configured/m);
    expect(r.stdout).toContain(`wrote ${path.join(out, 'bench.csv')}`);
    expect(readFileSync(path.join(out, 'bench.csv'), 'utf8').trim().split('\n')).toHaveLength(4);
    expect(readFileSync(path.join(out, 'bench.md'), 'utf8')).toMatch(/^command: `jessica bench --matrix .*tiny\.yaml --repeats 1 --out .*out`$/m);
  }, 120_000);

  it('exits 2 when a row failed, naming it and why', () => {
    // CBC takes no quadratic objective: the variance model on CBC fails, the others run
    const file = matrixFile(
      'failing.yaml',
      ['workloads:', '  - kind: optimize', '    baseline: { universe: demo, lookback: 60 }', '    combinations: [{ solver: cbc, objective: variance }]'].join('\n'),
    );
    const r = jessica('bench', '--matrix', file, '--repeats', '1');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^\| optimize +\| solver=cbc, objective=variance +\| .*\| failed +\|/m);
    expect(r.stdout).toMatch(/^optimize · solver=cbc, objective=variance: failed: .*cbc/m);
    expect(r.stderr).toMatch(/^1 row failed; exit 2$/m);
  }, 120_000);

  it('skips the screens rows, saying why, where it finds no Chromium to time them in; the other rows run', () => {
    const file = matrixFile(
      'screens.yaml',
      [
        'workloads:',
        '  - kind: screens',
        '    baseline: { universe: demo, accounts: 30 }',
        '    factors: { screen: [book-load, account] }',
        '  - kind: optimize',
        '    baseline: { universe: demo, lookback: 60 }',
      ].join('\n'),
    );
    const r = jessicaWith({ JESSICA_E2E_CHROMIUM: path.join(home, 'no-chromium') }, 'bench', '--matrix', file, '--repeats', '1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\| screens +\| baseline +\| – +\| – +\| – +\| – +\| 0 +\| skipped +\|/m);
    expect(r.stdout).toMatch(/^\| screens +\| screen=account +\| – +\| .*\| skipped +\|/m);
    expect(r.stdout).toMatch(/^\| optimize +\| baseline +\| demo: .*\| ok +\|/m);
    const reason = `no Chromium at ${path.join(home, 'no-chromium')} to time the screens in: install Debian's chromium package (apt-get install chromium), or set JESSICA_E2E_CHROMIUM to a Chromium`;
    expect(r.stdout).toContain(`screens · baseline: skipped: ${reason}`);
    expect(r.stdout).toContain(`screens · screen=account: skipped: ${reason}`);
    // neither the book nor a batch was made for the rows that could not run
    const store = new Database(path.join(home, 'jessica.sqlite'), { readonly: true });
    try {
      expect(store.prepare("SELECT count(*) FROM books WHERE name LIKE 'bench-demo-30-%'").pluck().get()).toBe(0);
      expect(store.prepare("SELECT count(*) FROM runs WHERE kind = 'batch'").pluck().get()).toBe(0);
    } finally {
      store.close();
    }
  }, 120_000);

  it('refuses a bad matrix with exit 1, naming the file and the field, and runs nothing', () => {
    const file = matrixFile('bad.json', JSON.stringify({ workloads: [{ kind: 'optimize', factors: { lookback: ['long'] } }] }));
    const r = jessica('bench', '--matrix', file, '--out', path.join(home, 'never'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^jessica: ${file.replaceAll('.', '\\.')}, field workloads\\[0\\]\\.factors\\.lookback\\[0\\]: .*expected number`, 'm'));
    expect(existsSync(path.join(home, 'never'))).toBe(false);
    const both = jessica('bench', '--matrix', file, '--preset', 'tiny');
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/give --matrix or --preset, not both/);
  }, 60_000);
});
