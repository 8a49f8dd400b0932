import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importUniverse } from '../market/priceImport.ts';
import { openDatabase } from './database.ts';
import { createStagingFile, removeDeadStagingFiles, UNOWNED_STAGING_AGE_MS } from './stagingFiles.ts';

const repo = path.resolve(import.meta.dirname, '../..');

let dir: string;
let store: string;
let sleeper: ChildProcess | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-staging-files-'));
  store = path.join(dir, 'jessica.sqlite');
});
afterEach(() => {
  sleeper?.kill('SIGKILL');
  sleeper = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The id of a process that has ended. */
function deadPid(): number {
  const ended = spawnSync(process.execPath, ['-e', '']);
  expect(ended.status).toBe(0);
  return ended.pid!;
}

/** The id of a process that runs until the test ends. */
function livePid(): number {
  sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
  return sleeper.pid!;
}

/** Writes a staging file (and a journal of it) under the name the owner `pid`, thread `thread` would give it. */
function fakeStaging(pid: number, thread: number, label: string, base: string = store): string {
  const file = `${base}.staging-p${pid}t${thread}-${label}-0123456789ab`;
  fs.writeFileSync(file, 'staged rows');
  fs.writeFileSync(`${file}-journal`, 'journal');
  return path.basename(file);
}

const listing = (): string[] => fs.readdirSync(dir).filter((name) => name.includes('.staging-')).sort();

describe('staging files of imports that died', () => {
  it('are removed when the store opens; those of running processes and of other threads stay', async () => {
    const dead = fakeStaging(deadPid(), 0, 'sp500');
    const live = fakeStaging(livePid(), 0, 'sp500');
    const ownNotOpen = fakeStaging(process.pid, threadId, 'r2000');
    const otherThread = fakeStaging(process.pid, threadId + 1, 'r2000');
    const oldUnowned = path.basename(`${store}.staging-sp500-a1b2c3d4e5f6`);
    fs.writeFileSync(path.join(dir, oldUnowned), 'from an earlier version');
    const hourAgo = (Date.now() - UNOWNED_STAGING_AGE_MS - 60_000) / 1000;
    fs.utimesSync(path.join(dir, oldUnowned), hourAgo, hourAgo);
    const freshUnowned = path.basename(`${store}.staging-demo-a1b2c3d4e5f6`);
    fs.writeFileSync(path.join(dir, freshUnowned), 'maybe an import of an earlier version');
    const otherStore = path.basename(`${path.join(dir, 'other.sqlite')}.staging-p${deadPid()}t0-x-0123456789ab`);
    fs.writeFileSync(path.join(dir, otherStore), 'beside another store');

    openDatabase(store).close();

    expect(listing()).toEqual(
      [live, `${live}-journal`, otherThread, `${otherThread}-journal`, freshUnowned, otherStore].sort(),
    );
    expect(listing()).not.toContain(dead);
    expect(listing()).not.toContain(ownNotOpen);
    expect(listing()).not.toContain(oldUnowned);
  });

  it('are removed when an import begins, on a file store and on an in-memory one (staged in the temp directory)', async () => {
    const db = openDatabase(store);
    const memory = openDatabase(':memory:');
    const tmpBase = path.join(os.tmpdir(), 'jessica');
    const inTmp = fakeStaging(deadPid(), 0, `mem${process.pid}`, tmpBase);
    try {
      const dead = fakeStaging(deadPid(), 0, 'u');
      const live = fakeStaging(livePid(), 0, 'u');
      const prices = path.join(dir, 'p.csv');
      fs.writeFileSync(prices, 'date,ticker,close\n2021-01-04,AAA,1\n');
      await importUniverse(db, { universe: 'u', pricesFile: prices });
      expect(listing()).toEqual([live, `${live}-journal`]);
      expect(listing()).not.toContain(dead);
      await importUniverse(memory, { universe: 'u', pricesFile: prices });
      expect(fs.existsSync(path.join(os.tmpdir(), inTmp))).toBe(false);
      expect(fs.existsSync(path.join(os.tmpdir(), `${inTmp}-journal`))).toBe(false);
    } finally {
      db.close();
      memory.close();
      for (const suffix of ['', '-journal']) fs.rmSync(path.join(os.tmpdir(), inTmp + suffix), { force: true });
    }
  });

  it('a file this thread has open is never taken for a dead one', () => {
    let closed = 0;
    const staging = createStagingFile(store, 'u', () => closed++);
    fs.writeFileSync(staging.path, 'staged rows');
    expect(path.basename(staging.path)).toMatch(new RegExp(`^jessica\\.sqlite\\.staging-p${process.pid}t${threadId}-u-[0-9a-f]{12}$`));
    expect(removeDeadStagingFiles(store)).toEqual([]);
    expect(fs.existsSync(staging.path)).toBe(true);
    staging.remove();
    staging.remove();
    expect(fs.existsSync(staging.path)).toBe(false);
    // the owner closes its own database before remove; the process-end hook is what calls close
    expect(closed).toBe(0);
  });
});

/** Runs a script that opens a staging file in `dir` and prints its path, then does `then`. */
function childWithStaging(then: string): ChildProcess {
  const script = path.join(dir, 'child.ts');
  fs.writeFileSync(
    script,
    `import fs from 'node:fs';
import { createStagingFile } from ${JSON.stringify(path.join(repo, 'core/store/stagingFiles.ts'))};
const staging = createStagingFile(${JSON.stringify(store)}, 'u', () => fs.writeFileSync(${JSON.stringify(path.join(dir, 'closed'))}, 'closed'));
fs.writeFileSync(staging.path, 'staged rows');
console.log(staging.path);
${then}
`,
  );
  return spawn(process.execPath, ['--import', 'tsx', script], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
}

/** The child's first line of output, then how it ended. */
async function firstLineThenEnd(child: ChildProcess, onLine: (line: string) => void = () => undefined) {
  let output = '';
  let first = '';
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  await new Promise<void>((resolve) =>
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n') && first === '') {
        first = output.split('\n')[0]!;
        onLine(first);
        resolve();
      }
    }),
  );
  return { file: first, ...(await ended) };
}

describe('a process that ends while a staging file is open', () => {
  it('removes it as it exits, its database closed first', async () => {
    const { file, code } = await firstLineThenEnd(childWithStaging('process.exit(3);'));
    expect(code).toBe(3);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'closed'))).toBe(true);
  });

  it('removes it on Ctrl-C (SIGINT) and on SIGTERM, and still ends by that signal', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const child = childWithStaging('setInterval(() => undefined, 1000);');
      const ended = await firstLineThenEnd(child, () => child.kill(signal));
      expect(ended.signal, signal).toBe(signal);
      expect(fs.existsSync(ended.file), signal).toBe(false);
    }
  });

  it('leaves the signal to a listener of the program (a server stopping), and removes the file at exit', async () => {
    const child = childWithStaging(`process.on('SIGINT', () => { console.log('stopping'); setTimeout(() => process.exit(0), 50); });
setInterval(() => undefined, 1000);`);
    const ended = await firstLineThenEnd(child, () => child.kill('SIGINT'));
    expect(ended).toMatchObject({ code: 0, signal: null });
    expect(fs.existsSync(ended.file)).toBe(false);
  });
});
