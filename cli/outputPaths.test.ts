import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jessicaIn, repoRoot, type JessicaRun } from './testing/runJessica.ts';

let home: string;
const jessica = jessicaIn(() => home);

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-out-paths-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs stored so far: a refusal before any work stores none. */
function storedRuns(dataHome = home): number {
  const file = path.join(dataHome, 'jessica.sqlite');
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM runs').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** One line on stderr, exit 1, naming the option and the path. */
function expectRefused(r: JessicaRun, option: string, file: string, why: RegExp): void {
  expect(r.code, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`${option} ${file}: `);
  expect(lines[0]).toMatch(why);
}

const optimize = ['optimize', '--universe', 'demo', '--use-case', 'index-tracking'];

describe('--out and the other paths to write are checked before any work', () => {
  it('optimize --out D where D/run.json is a directory: exit 1 naming --out, no portfolio.csv, no run stored', () => {
    const out = path.join(home, 'run-json-dir');
    mkdirSync(path.join(out, 'run.json'), { recursive: true });
    expectRefused(jessica(...optimize, '--out', out), '--out', out, /holds run\.json, which is not a run's output/);
    expect(readdirSync(out)).toEqual(['run.json']);
    expect(storedRuns()).toBe(0);
  });

  it('batch --out an existing file: exit 1 at once, no run stored', () => {
    const book = path.join(home, 'book.csv');
    expect(jessica('accounts', 'generate', '--universe', 'demo', '--count', '20', '--out', book).code).toBe(0);
    const file = path.join(home, 'a-file');
    writeFileSync(file, 'mine');
    const r = jessica('batch', '--accounts', book, '--universe', 'demo', '--use-case', 'index-tracking', '--out', file);
    expectRefused(r, '--out', file, /is a file, not a directory/);
    // refused before the load stage: no book read, no model solved, so no run (a run is stored once a job has stages)
    expect(storedRuns()).toBe(0);
  });

  it("refuses a directory holding the user's own files, which replacing it whole would delete", () => {
    const out = path.join(home, 'project');
    mkdirSync(out);
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    writeFileSync(path.join(out, 'portfolio.csv'), 'an earlier output');
    expectRefused(jessica('minimums', '--universe', 'demo', '--use-case', 'index-tracking', '--te-target', '1%', '--out', out), '--out', out, /holds notes\.txt/);
    expect(readdirSync(out).sort()).toEqual(['notes.txt', 'portfolio.csv']);
    expect(storedRuns()).toBe(0);
  });

  it('--out under a file, --write-model at a directory or inside --out, --holdings-out at a directory: each exit 1 naming its option', () => {
    const file = path.join(home, 'plain-file');
    writeFileSync(file, 'x');
    expectRefused(jessica(...optimize, '--out', path.join(file, 'out')), '--out', path.join(file, 'out'), new RegExp(`${file} is a file, not a directory`));
    const modelDir = path.join(home, 'model.mps');
    mkdirSync(modelDir);
    expectRefused(jessica(...optimize, '--write-model', modelDir), '--write-model', modelDir, /is a directory/);
    const out = path.join(home, 'with-model');
    const inside = path.join(out, 'model.lp');
    expectRefused(jessica(...optimize, '--out', out, '--write-model', inside), '--write-model', inside, /inside --out .*replaced whole/);
    const lotsDir = path.join(home, 'lots-dir');
    mkdirSync(lotsDir);
    expectRefused(
      jessica('accounts', 'generate', '--count', '5', '--out', path.join(home, 'b.csv'), '--holdings-out', lotsDir),
      '--holdings-out',
      lotsDir,
      /is a directory/,
    );
    expect(existsSync(path.join(home, 'b.csv'))).toBe(false);
    expect(storedRuns()).toBe(0);
  });

  it('a parent without write permission, a read-only place: exit 1 naming --out and the directory (run as an unprivileged user)', () => {
    // root may write anywhere: the check is what an ordinary user meets, so the command runs as one
    const asRoot = process.getuid?.() === 0;
    const userHome = mkdtempSync(path.join(os.tmpdir(), 'jessica-out-user-'));
    try {
      const locked = path.join(userHome, 'locked');
      mkdirSync(locked);
      if (asRoot) chownSync(userHome, 65534, 65534);
      chmodSync(locked, 0o555);
      const run = (...args: string[]): JessicaRun => {
        const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/jessica.mjs'), ...args], {
          env: { ...process.env, JESSICA_HOME: userHome },
          encoding: 'utf8',
          timeout: 120_000,
          ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
        });
        return { code: r.status, stdout: r.stdout, stderr: r.stderr };
      };
      const out = path.join(locked, 'out');
      expectRefused(run(...optimize, '--out', out), '--out', out, new RegExp(`cannot write in ${locked} \\(permission denied, EACCES\\)`));
      const book = path.join(locked, 'sub', 'book.csv');
      expectRefused(run('accounts', 'generate', '--count', '5', '--out', book), '--out', book, /cannot write in .*locked \(permission denied/);
      expect(readdirSync(locked)).toEqual([]);
      expect(storedRuns(userHome)).toBe(0);
    } finally {
      rmSync(userHome, { recursive: true, force: true });
    }
  });
});
