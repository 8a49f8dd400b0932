import os from 'node:os';
import path from 'node:path';
import { openScratchDatabase, type Database } from '../store/database.ts';
import { createStagingFile, removeDeadStagingFiles, type StagingFile } from '../store/stagingFiles.ts';
import { UniverseWriter, type UniverseCounts } from './universeWriter.ts';

/**
 * A universe loaded into a staging database of its own, then published into the store in one step.
 *
 * Loading files takes seconds of awaited streaming. A transaction held that long on the store's connection
 * would take in every other write made on that connection meanwhile (a stored run, a use-case edit), losing
 * it with a failed or cancelled load or committing it with a good one, and a second connection would block
 * its thread on a lock that only that thread's event loop can release. So the rows go, through the same
 * UniverseWriter and the same schema (so the same duplicate and constraint checks), into a file nothing else
 * opens, where the transaction may stay open across awaits. The store sees them only in `publish`: one
 * transaction with no await inside, so no other work can run on the connection while it is open.
 * The staging file is deleted however the load ends: by `discard` or `publish`, by the process as it exits
 * or is interrupted, or, when the process was killed, by the next one to open the store (stagingFiles.ts).
 */
export class UniverseStaging {
  private ended = false;

  private constructor(
    private readonly store: Database,
    private readonly staging: Database,
    /** the staging database file */
    private readonly file: StagingFile,
    /** writes into the staging database, inside its one transaction */
    readonly writer: UniverseWriter,
  ) {}

  /**
   * Creates the staging database beside the store and opens its transaction, first removing the staging
   * files of imports whose process died.
   */
  static open(store: Database, universe: string, source: string): UniverseStaging {
    const base = stagingBase(store);
    removeDeadStagingFiles(base);
    let staging: Database | undefined;
    const file = createStagingFile(base, universe, () => {
      if (staging?.open) staging.close();
    });
    try {
      staging = openScratchDatabase(file.path);
      return new UniverseStaging(store, staging, file, UniverseWriter.begin(staging, universe, source));
    } catch (error) {
      if (staging?.open) staging.close();
      file.remove();
      throw error;
    }
  }

  /**
   * Replaces the universe in the store with the staged one, all at once, and deletes the staging file.
   * A failure leaves the store as it was. `step` runs each of its two steps (`commit`: the staging database's
   * transaction; `replace`: the universe replaced in the store), e.g. as spans of the import's run.
   */
  publish(step: <T>(name: 'commit' | 'replace', work: () => T) => T = (_name, work) => work()): UniverseCounts {
    if (this.ended) throw new Error(`the load of universe ${this.writer.universe} has already ended`);
    try {
      const counts = step('commit', () => this.writer.commit());
      // The store's connection reads the file next; this one has nothing more to do.
      this.staging.close();
      step('replace', () => replaceUniverse(this.store, this.file.path, this.writer.universe));
      return counts;
    } finally {
      this.discard();
    }
  }

  /** Drops the staged rows and deletes the staging file; the store is not touched. Safe to call twice. */
  discard(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.staging.open) this.staging.close();
    this.file.remove();
  }
}

/**
 * Staging files go beside the store's file (the same file system, and a data directory sized for the
 * store, where a RAM-backed os.tmpdir() may not hold a large universe), or in os.tmpdir() for an
 * in-memory store.
 */
function stagingBase(store: Database): string {
  const main = (store.pragma('database_list') as { name: string; file: string }[]).find((db) => db.name === 'main')?.file;
  return main === undefined || main === '' ? path.join(os.tmpdir(), 'jessica') : main;
}

const STAGING = 'staging';

/**
 * One IMMEDIATE transaction on the store's connection: the universe's old rows go, the staged universe,
 * members, prices and index closes come in (the staged tables hold only this universe), and the staged
 * instruments are merged as UniverseWriter merges them (a known field is never blanked). Synchronous, so
 * nothing else runs on the connection while it is open. It refuses to run inside a transaction someone
 * left open on the connection rather than join it (better-sqlite3 would nest it as a savepoint).
 *
 * It blocks the event loop for its whole length, so foreign keys are off for it: with them on, SQLite looks
 * up the universe row for every price row deleted or inserted (replacing the S&P 500's 1.1M rows: 0.8 s of
 * deleting with them, 0.25 s without). The rows need no check: the staged ones passed the same foreign keys
 * in the staging database, and children are deleted before their universe row and inserted after it.
 */
function replaceUniverse(store: Database, stagingFile: string, universe: string): void {
  if (store.inTransaction) {
    throw new Error(`the store's connection has a transaction open: universe ${universe} was not replaced, so as not to join it`);
  }
  const foreignKeys = store.pragma('foreign_keys', { simple: true }) as number;
  store.prepare(`ATTACH DATABASE ? AS ${STAGING}`).run(stagingFile);
  try {
    // outside the transaction: inside one SQLite ignores this pragma
    store.pragma('foreign_keys = OFF');
    store
      .transaction(() => {
        for (const table of ['prices', 'index_closes', 'universe_members']) {
          store.prepare(`DELETE FROM main.${table} WHERE universe = ?`).run(universe);
        }
        store.prepare('DELETE FROM main.universes WHERE name = ?').run(universe);
        store.exec(`
          INSERT INTO main.universes (name, created_at, source, member_count, ticker_count, price_rows, first_date, last_date, trading_days, index_rows)
          SELECT name, created_at, source, member_count, ticker_count, price_rows, first_date, last_date, trading_days, index_rows
          FROM ${STAGING}.universes;
          INSERT INTO main.universe_members (universe, ticker, name, sector, industry, market_cap, shares_outstanding, weight)
          SELECT universe, ticker, name, sector, industry, market_cap, shares_outstanding, weight
          FROM ${STAGING}.universe_members;
          INSERT INTO main.prices (universe, date, ticker, open, high, low, close, adj_close, volume)
          SELECT universe, date, ticker, open, high, low, close, adj_close, volume
          FROM ${STAGING}.prices;
          INSERT INTO main.index_closes (universe, date, close)
          SELECT universe, date, close
          FROM ${STAGING}.index_closes;
          INSERT INTO main.instruments (ticker, name, sector, industry, updated_at)
          SELECT ticker, name, sector, industry, updated_at
          FROM ${STAGING}.instruments WHERE true
          ON CONFLICT (ticker) DO UPDATE SET
            name = coalesce(excluded.name, name),
            sector = coalesce(excluded.sector, sector),
            industry = coalesce(excluded.industry, industry),
            updated_at = excluded.updated_at;
        `);
      })
      .immediate();
  } finally {
    store.pragma(`foreign_keys = ${foreignKeys}`);
    store.exec(`DETACH DATABASE ${STAGING}`);
  }
}
