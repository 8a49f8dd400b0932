import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database.ts';

// `jessica data import` as a user runs it, stopped mid-import by Ctrl-C and by SIGKILL: no staging file
// outlives the next start, and the store keeps what it had.

const repo = path.resolve(import.meta.dirname, '../..');
const jessica = path.join(repo, 'bin/jessica.mjs');

let home: string;
let bigPrices: string;
beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-interrupted-'));
  // a million rows: many seconds of import, so the signals land mid-stream
  const rows = ['date,ticker,close'];
  for (let day = 0; day < 1000; day++) {
    const date = new Date(Date.UTC(2015, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
    for (let k = 0; k < 1000; k++) rows.push(`${date},T${k},${(10 + k / 10 + day / 100).toFixed(2)}`);
  }
  bigPrices = path.join(home, 'big.csv');
  fs.writeFileSync(bigPrices, rows.join('\n'));
});
afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

const stagingFiles = (): string[] => fs.readdirSync(home).filter((name) => name.includes('.staging-'));

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  stdout: string;
}

/** Runs `jessica ...args` on the test's data directory; `whenStaging` is called once its staging file exists. */
function run(args: string[], whenStaging?: (kill: (signal: NodeJS.Signals) => void) => void): Promise<Ended> {
  const child = spawn(process.execPath, [jessica, ...args], { cwd: repo, env: { ...process.env, JESSICA_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let watching: NodeJS.Timeout | undefined;
  if (whenStaging) {
    watching = setInterval(() => {
      if (stagingFiles().length === 0) return;
      clearInterval(watching);
      // let the stream run a moment with its staging database open
      setTimeout(() => whenStaging((signal) => child.kill(signal)), 500);
    }, 20);
  }
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearInterval(watching);
      resolve({ code, signal, stdout, stderr });
    }),
  );
}

describe('an import interrupted from outside', () => {
  it('Ctrl-C removes the staging file at once; SIGKILL leaves one, which the next start removes; the store stays intact', async () => {
    const small = path.join(home, 'small.csv');
    fs.writeFileSync(small, 'date,ticker,close\n2021-01-04,AAA,1\n2021-01-05,AAA,2\n');
    const kept = await run(['data', 'import', '--universe', 'kept', '--prices', small]);
    expect(kept.stderr).toBe('');
    expect(kept.code).toBe(0);

    const interrupted = await run(['data', 'import', '--universe', 'big', '--prices', bigPrices], (kill) => kill('SIGINT'));
    expect(interrupted.signal).toBe('SIGINT');
    expect(interrupted.stdout).toBe('');
    expect(stagingFiles()).toEqual([]);

    const killed = await run(['data', 'import', '--universe', 'big', '--prices', bigPrices], (kill) => kill('SIGKILL'));
    expect(killed.signal).toBe('SIGKILL');
    // nothing can run on SIGKILL: its staging file is left behind
    expect(stagingFiles()).toHaveLength(1);

    const listed = await run(['data', 'list', '--json']);
    expect(listed.code).toBe(0);
    expect(stagingFiles()).toEqual([]);
    expect((JSON.parse(listed.stdout) as { name: string }[]).map((u) => u.name)).toEqual(['demo', 'kept']);

    const db = openDatabase(path.join(home, 'jessica.sqlite'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare("SELECT count(*) FROM prices WHERE universe = 'kept'").pluck().get()).toBe(2);
      expect(db.prepare("SELECT count(*) FROM prices WHERE universe = 'big'").pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
