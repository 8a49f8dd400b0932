import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../core/createCore.ts';
import { openServices } from '../core/services.ts';
import { jessicaIn, startJessica } from './testing/runJessica.ts';

let home: string;
const jessica = jessicaIn(() => home);

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-atomic-cli-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

const FILES = ['accounts.csv', 'allocations.csv', 'clusters.csv', 'run.json', 'trades.csv'];

interface Book {
  file: string;
  values: Map<string, number>;
}

const rows = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
const snapshot = (dir: string) => new Map(readdirSync(dir).map((f) => [f, readFileSync(path.join(dir, f))]));

/**
 * Demo books of 300 all-cash accounts: every trade of a batch is a buy of what the account ends up holding. Written by
 * the core `jessica accounts generate` calls, in this process: the books are this test's input, not what it tests,
 * and a command's start costs a second or more. It loads the demo market into the store as the command would.
 */
async function generateBooks(...seeds: number[]): Promise<Book[]> {
  const core = createCore(openServices({ home, highsWorkers: 1 }));
  try {
    const books: Book[] = [];
    for (const seed of seeds) {
      const file = path.join(home, `book-${seed}.csv`);
      const r = await core.dispatch('accounts/generate', { universe: 'demo', count: 300, seed, out: file });
      expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
      books.push({ file, values: new Map(rows(file).map((a) => [a.account_id!, Number(a.value)])) });
    }
    return books;
  } finally {
    await core.services.close();
  }
}

// small and quick: one size band per key, short solves; on a busy machine a model may find no target in time, which
// leaves its accounts in cash (still one whole run), so a partial result is allowed
const batchArgs = (book: Book, out: string) =>
  ['batch', '--accounts', book.file, '--universe', 'demo', '--use-case', 'index-tracking', '--clusters', '1', '--time-limit', '0.3', '--workers', '2', '--allow-partial', '--out', out];

/**
 * `dir` holds one complete run of `book` and nothing else: its five files, run.json naming them and the book, and
 * the files agreeing with each other, which files of two runs (on two different books) cannot: accounts.csv has the
 * book's values, allocations.csv adds up to them, trades.csv buys exactly what allocations.csv holds, clusters.csv
 * has run.json's clusters and every account.
 */
function expectOneRunOf(dir: string, book: Book, out: string): void {
  expect(readdirSync(dir).sort()).toEqual(FILES);
  const run = JSON.parse(readFileSync(path.join(dir, 'run.json'), 'utf8')) as { options: { accountsFile: string }; files: string[]; accounts: number; clusters: { clusterId: string; accounts: number }[] };
  expect(run.options.accountsFile).toBe(book.file);
  expect([...run.files].sort()).toEqual(FILES.map((f) => path.join(out, f)));
  const accounts = rows(path.join(dir, 'accounts.csv'));
  expect(new Map(accounts.map((a) => [a.account_id!, Number(a.value)]))).toEqual(book.values);
  const clusters = rows(path.join(dir, 'clusters.csv'));
  expect(clusters.map((c) => [c.cluster_id, Number(c.accounts)])).toEqual(run.clusters.map((c) => [c.clusterId, c.accounts]));
  expect(clusters.reduce((s, c) => s + Number(c.accounts), 0)).toBe(book.values.size);
  const held = new Map<string, number>();
  const total = new Map<string, number>();
  for (const a of rows(path.join(dir, 'allocations.csv'))) {
    total.set(a.account_id!, (total.get(a.account_id!) ?? 0) + Number(a.value));
    if (a.ticker !== 'CASH') held.set(`${a.account_id} ${a.ticker}`, Number(a.shares));
  }
  for (const [id, value] of book.values) expect(Math.abs(total.get(id)! - value), id).toBeLessThan(1);
  const bought = new Map(rows(path.join(dir, 'trades.csv')).map((t) => [`${t.account_id} ${t.ticker}`, t.side === 'buy' ? Number(t.shares) : -1]));
  expect(bought).toEqual(held);
}

/** Whether a file in `dir` was written since `ms`. */
function writtenSince(dir: string, ms: number): boolean {
  try {
    return readdirSync(dir).some((f) => statSync(path.join(dir, f)).mtimeMs >= ms);
  } catch {
    return false;
  }
}

/** The staging directories and moved-aside outputs beside `out`. */
const siblings = (out: string) => readdirSync(path.dirname(out)).filter((f) => f.startsWith(`${path.basename(out)}.`));

describe('an output directory is one run, whole, whatever moment the run is killed at', () => {
  it('batch --out D rerun and killed -9 at every step of its write stage: D is the previous run or the new one, never a mix; leftovers go at the next write', async () => {
    const books = await generateBooks(1, 2);
    const out = path.join(home, 'out', 'book');
    let current = 0;
    const first = jessica(...batchArgs(books[current]!, out));
    expect(first.code, first.stderr).toBe(0);
    expectOneRunOf(out, books[current]!, out);
    let previous = snapshot(out);

    const killPoints: [string, (staging: string) => boolean][] = [
      ['its staging directory appears', () => true],
      ['clusters.csv is written, allocations.csv under way', (s) => existsSync(path.join(s, 'clusters.csv'))],
      ['trades.csv is under way', (s) => existsSync(path.join(s, 'trades.csv'))],
      ['accounts.csv is under way', (s) => existsSync(path.join(s, 'accounts.csv'))],
      ['run.json is written, the swap next', (s) => existsSync(path.join(s, 'run.json'))],
    ];
    const landed: string[] = [];
    for (const [moment, reached] of killPoints) {
      const next = 1 - current;
      const startedAt = Date.now();
      const child = startJessica(home, ...batchArgs(books[next]!, out));
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
      let ended = false;
      void exited.then(() => (ended = true));
      while (!ended) {
        // where the run writes: its staging directory, or D itself for a writer that writes in place
        const staging = siblings(out).find((f) => f.startsWith(`book.tmp-${child.pid}-`));
        const writing = staging ? path.join(path.dirname(out), staging) : writtenSince(out, startedAt) ? out : undefined;
        if (writing && reached(writing)) {
          child.kill('SIGKILL');
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      const end = await exited;
      if (end === 'SIGKILL') {
        landed.push(moment);
        // what the killed run was writing stays beside D, under a name no one takes for an output, until the next write;
        // a kill that lands after the swap and its clean-up (the process was exiting) leaves nothing: D is then the new
        // run, whole, as checked below
        const leftover = siblings(out).some((f) => f.startsWith(`book.tmp-${child.pid}-`) || f.startsWith(`book.old-${child.pid}-`));
        const swapped = existsSync(out) && !readFileSync(path.join(out, 'run.json')).equals(previous.get('run.json')!);
        expect(leftover || swapped, `killed when ${moment}: nothing beside D, and D is not the new run`).toBe(true);
      } else {
        expect(end, `the run ${moment} ended on its own`).toBe(0);
      }

      if (existsSync(out) && readFileSync(path.join(out, 'run.json')).equals(previous.get('run.json')!)) {
        expect(snapshot(out), `killed when ${moment}: the previous run, file for file`).toEqual(previous);
      } else if (existsSync(out)) {
        expectOneRunOf(out, books[next]!, out);
        current = next;
        previous = snapshot(out);
      } else {
        // killed in the instant between its two renames: the previous output is whole beside it, and goes back at the next write
        const aside = siblings(out).find((f) => f.startsWith(`book.old-${child.pid}-`));
        expect(aside, `killed when ${moment}: no output and none moved aside`).toBeDefined();
        expect(snapshot(path.join(path.dirname(out), aside!))).toEqual(previous);
      }
    }
    // the first moment is before any file is complete: the kill always lands there
    expect(landed[0]).toBe(killPoints[0]![0]);

    const next = 1 - current;
    const last = jessica(...batchArgs(books[next]!, out));
    expect(last.code, last.stderr).toBe(0);
    expectOneRunOf(out, books[next]!, out);
    expect(siblings(out)).toEqual([]);
    console.info(`killed while ${landed.join('; ')}`);
  }, 400_000);
});
