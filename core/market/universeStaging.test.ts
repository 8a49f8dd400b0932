import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Cancelled, InputError } from '../errors.ts';
import { openDatabase, type Database } from '../store/database.ts';
import { saveRun } from '../store/runStore.ts';
import { copyUseCase } from '../usecases/useCaseEdits.ts';
import { importUniverse, PROGRESS_EVERY, type ImportRequest } from './priceImport.ts';

// The import stages its rows in a database of its own and touches the store only in one synchronous
// publish at the end, so work done on the store's connection while it streams is never part of it.

let dir: string;
let dbFile: string;
let db: Database;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-staging-'));
  dbFile = path.join(dir, 'jessica.sqlite');
  db = openDatabase(dbFile);
  // universe u exists before every import below, which would replace it
  await importUniverse(db, { universe: 'u', pricesFile: write('small.csv', 'date,ticker,close\n2021-01-04,AAA,1\n2021-01-05,AAA,2\n') });
});
afterEach(() => {
  if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const GOOD_ROWS = PROGRESS_EVERY + 2;

/** GOOD_ROWS good price rows on one day, so onProgress is called mid-stream, then `tail` rows. */
function bigPrices(tail: string[] = []): string {
  const rows = ['date,ticker,close'];
  for (let k = 0; k < GOOD_ROWS; k++) rows.push(`2021-01-04,T${k},${1 + k}`);
  return write('big.csv', [...rows, ...tail].join('\n'));
}

const listing = (): string[] => fs.readdirSync(dir).sort();

/** Read through a connection of its own, which sees only what is committed to the file. */
function committed<T>(read: (other: Database) => T): T {
  const other = openDatabase(dbFile);
  try {
    return read(other);
  } finally {
    other.close();
  }
}

const priceRows = (store: Database, universe: string): number =>
  store.prepare('SELECT count(*) FROM prices WHERE universe = ?').pluck().get(universe) as number;

interface Observed {
  /** db.inTransaction at every progress call */
  inTransaction: boolean[];
  /** the data directory at the first progress call */
  filesDuring: string[];
  runId: number;
  otherRunId: number;
}

/**
 * Imports into u with, at the first progress call (mid-stream), a stored run and a use-case copy on the
 * store's own connection, and a run stored by a second connection that refuses to wait for a lock.
 */
async function importWithWritesDuring(request: Omit<ImportRequest, 'universe' | 'onProgress'>, afterWrites: () => void = () => undefined) {
  const observed: Observed = { inTransaction: [], filesDuring: [], runId: 0, otherRunId: 0 };
  const filesBefore = listing();
  const outcome = await importUniverse(db, {
    universe: 'u',
    ...request,
    onProgress: () => {
      observed.inTransaction.push(db.inTransaction);
      if (observed.inTransaction.length > 1) return;
      observed.filesDuring = listing();
      observed.runId = saveRun(db, { kind: 'optimize', status: 'optimal', universe: 'u', options: { during: 'import' }, spans: [] });
      copyUseCase(db, 'index-tracking', 'edited-during-import');
      const other = openDatabase(dbFile);
      try {
        other.pragma('busy_timeout = 0');
        observed.otherRunId = saveRun(other, { kind: 'optimize', status: 'optimal', options: { by: 'second connection' }, spans: [] });
      } finally {
        other.close();
      }
      afterWrites();
    },
  }).then(
    (summary) => ({ summary, error: undefined }),
    (error: unknown) => ({ summary: undefined, error }),
  );
  return { ...outcome, observed, filesBefore };
}

/** The writes made during the import are committed, whatever became of the import. */
function expectWritesKept(observed: Observed): void {
  expect(observed.runId).toBeGreaterThan(0);
  expect(observed.otherRunId).toBeGreaterThan(observed.runId);
  committed((other) => {
    const statuses = other.prepare('SELECT id, status FROM runs WHERE id IN (?, ?) ORDER BY id').raw().all(observed.runId, observed.otherRunId);
    expect(statuses).toEqual([
      [observed.runId, 'optimal'],
      [observed.otherRunId, 'optimal'],
    ]);
    expect(other.prepare("SELECT origin FROM use_cases WHERE id = 'edited-during-import'").pluck().get()).toBe('user');
  });
}

/** The store's connection held no transaction while the import streamed, and the staging file is gone. */
function expectIsolated(observed: Observed, filesBefore: string[]): void {
  expect(observed.inTransaction.length).toBeGreaterThan(0);
  expect(observed.inTransaction.every((open) => !open)).toBe(true);
  // during the import its staging database is one more file in the data directory; afterwards it is gone
  expect(observed.filesDuring.filter((file) => !filesBefore.includes(file))).toHaveLength(1);
  expect(listing()).toEqual(filesBefore);
  expect(db.inTransaction).toBe(false);
}

describe('writes on the store while an import streams', () => {
  it('survive the import failing on a bad row; u keeps its old rows', async () => {
    const file = bigPrices(['2021-01-05,T0,-1']);
    const { error, observed, filesBefore } = await importWithWritesDuring({ pricesFile: file });
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).where).toEqual({ file, line: GOOD_ROWS + 2, field: 'close' });
    expectWritesKept(observed);
    expectIsolated(observed, filesBefore);
    expect(committed((other) => priceRows(other, 'u'))).toBe(2);
  });

  it('survive the import being cancelled; u keeps its old rows', async () => {
    const controller = new AbortController();
    const { error, observed, filesBefore } = await importWithWritesDuring({ pricesFile: bigPrices(), signal: controller.signal }, () =>
      controller.abort(),
    );
    expect(error).toBeInstanceOf(Cancelled);
    expect((error as Cancelled).message).toBe('the import of u was cancelled: nothing was written');
    expectWritesKept(observed);
    expectIsolated(observed, filesBefore);
    expect(committed((other) => priceRows(other, 'u'))).toBe(2);
  });

  it('are committed along with a good import, which replaces u', async () => {
    const { summary, error, observed, filesBefore } = await importWithWritesDuring({ pricesFile: bigPrices() });
    expect(error).toBeUndefined();
    expect(summary).toMatchObject({ universe: 'u', rows: GOOD_ROWS, tickers: GOOD_ROWS, members: GOOD_ROWS, days: 1 });
    // a progress call mid-stream and one at the end of the prices, neither inside a transaction
    expect(observed.inTransaction).toEqual([false, false]);
    expectWritesKept(observed);
    expectIsolated(observed, filesBefore);
    committed((other) => {
      expect(priceRows(other, 'u')).toBe(GOOD_ROWS);
      expect(other.prepare("SELECT count(*) FROM prices WHERE universe = 'u' AND date = '2021-01-05'").pluck().get()).toBe(0);
      expect(other.prepare("SELECT member_count, price_rows FROM universes WHERE name = 'u'").raw().get()).toEqual([GOOD_ROWS, GOOD_ROWS]);
    });
    // the publish turns foreign keys off for its length only, and leaves nothing attached
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect((db.pragma('database_list') as { name: string }[]).map((d) => d.name)).toEqual(['main']);
  });
});

describe('a publish that cannot run', () => {
  it('changes nothing when another connection holds the write lock, deletes the staging file, and a retry succeeds', async () => {
    const prices = write('p.csv', 'date,ticker,close\n2022-01-03,ZZZ,5\n');
    const filesBefore = listing();
    const before = committed((other) => other.prepare("SELECT * FROM prices WHERE universe = 'u' ORDER BY date").all());
    db.pragma('busy_timeout = 0');
    const locker = openDatabase(dbFile);
    try {
      const error = await importUniverse(db, {
        universe: 'u',
        pricesFile: prices,
        // the end of the prices, the last await before the publish
        onProgress: () => locker.exec('BEGIN IMMEDIATE'),
      }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect((error as { code?: string }).code).toBe('SQLITE_BUSY');
    } finally {
      if (locker.inTransaction) locker.exec('ROLLBACK');
      locker.close();
    }
    expect(listing()).toEqual(filesBefore);
    expect(db.inTransaction).toBe(false);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect((db.pragma('database_list') as { name: string }[]).map((d) => d.name)).toEqual(['main']);
    expect(committed((other) => other.prepare("SELECT * FROM prices WHERE universe = 'u' ORDER BY date").all())).toEqual(before);

    expect(await importUniverse(db, { universe: 'u', pricesFile: prices })).toMatchObject({ rows: 1, firstDate: '2022-01-03' });
    expect(db.prepare("SELECT ticker FROM prices WHERE universe = 'u'").pluck().all()).toEqual(['ZZZ']);
  });

  it('refuses to join a transaction left open on the store, and leaves it open and untouched', async () => {
    const pricesFile = write('p.csv', 'date,ticker,close\n2022-01-03,ZZZ,5\n');
    const filesBefore = listing();
    // the import of u before this test is one
    const runsBefore = db.prepare('SELECT count(*) FROM runs').pluck().get();
    const error = await importUniverse(db, {
      universe: 'u',
      pricesFile,
      onProgress: () => {
        db.exec('BEGIN');
        saveRun(db, { kind: 'optimize', status: 'running', options: {}, spans: [] });
      },
    }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect((error as Error).message).toMatch(/has a transaction open: universe u was not replaced/);
    expect(db.inTransaction).toBe(true);
    expect(db.prepare("SELECT count(*) FROM runs WHERE status = 'running'").pluck().get()).toBe(1);
    db.exec('ROLLBACK');
    // neither the run saved in the open transaction nor the failed import's (which would have joined it) is kept
    expect(db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(runsBefore);
    expect(priceRows(db, 'u')).toBe(2);
    expect(listing()).toEqual(filesBefore);
  });
});
