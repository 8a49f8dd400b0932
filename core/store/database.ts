import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { removeDeadStagingFiles } from './stagingFiles.ts';
import { StoreError } from '../errors.ts';

export type Database = BetterSqlite3.Database;

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

/** A schema step: `NNN_what.sql` in core/store/migrations, applied once, in version order. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Opens (creating when absent) the SQLite store and brings its schema up to date.
 * WAL lets readers (the app, CloudBeaver) work while a job writes; busy_timeout makes a second
 * writer wait for the lock instead of failing at once. The staging files that imports killed before
 * they could clean up left beside it are removed (stagingFiles.ts).
 */
export function openDatabase(file: string): Database {
  if (file !== ':memory:' && file !== '') {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    removeDeadStagingFiles(path.resolve(file));
  }
  let db: Database;
  try {
    db = new BetterSqlite3(file);
  } catch (error) {
    throw namingTheFile(file, error);
  }
  try {
    db.pragma('journal_mode = WAL');
    // With WAL, NORMAL loses no committed data on a process crash, only possibly on a power loss.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // An import writes ~100 MB of WAL in one transaction; without a limit the file keeps that size until close.
    db.pragma('journal_size_limit = 67108864');
    applyMigrations(db, readMigrations(migrationsDir));
  } catch (error) {
    db.close();
    throw namingTheFile(file, error);
  }
  return db;
}

/**
 * SQLite says only `file is not a database`: a user with a stray or damaged `jessica.sqlite` needs its path and
 * what to do, which StoreError adds (exit 1 for a file to move aside, 2 for a lock that may clear).
 */
function namingTheFile(file: string, error: unknown): unknown {
  return error instanceof BetterSqlite3.SqliteError ? new StoreError(path.resolve(file), error.code, error.message) : error;
}

/**
 * Opens (creating) a throwaway database with the store's schema, so work bound for the store meets the
 * same constraints first (an import's staging database). Only its own connection ever uses it, and a
 * failure or crash means the file is deleted, never recovered: so no journal file and no syncs.
 */
export function openScratchDatabase(file: string): Database {
  const db = new BetterSqlite3(file);
  try {
    // MEMORY, not OFF: better-sqlite3's defensive mode refuses OFF. Pages appended to a fresh file are not
    // journaled, so the in-memory journal stays small.
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.pragma('foreign_keys = ON');
    applyMigrations(db, readMigrations(migrationsDir));
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

export function readMigrations(dir: string): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .map((file) => /^(\d+)_(.+)\.sql$/.exec(file))
    .filter((match) => match !== null)
    .map((match) => ({
      version: Number(match[1]),
      name: match[2]!,
      sql: fs.readFileSync(path.join(dir, match[0]), 'utf8'),
    }))
    .sort((a, b) => a.version - b.version);
  for (let k = 1; k < migrations.length; k++) {
    if (migrations[k]!.version === migrations[k - 1]!.version) {
      throw new Error(`two migrations share version ${migrations[k]!.version} in ${dir}`);
    }
  }
  return migrations;
}

/**
 * Applies every migration newer than the store's, each in its own transaction together with its
 * schema_migrations row, so a failing migration leaves the store at the previous version.
 * Returns the versions applied.
 */
export function applyMigrations(db: Database, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    applied_at  TEXT NOT NULL
  ) STRICT`);
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of migrations) {
    if (isApplied.get(migration.version) !== undefined) continue;
    // IMMEDIATE takes the write lock before re-checking, so two processes opening a fresh store
    // cannot both apply the same step.
    db.transaction(() => {
      if (isApplied.get(migration.version) !== undefined) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
      applied.push(migration.version);
    }).immediate();
  }
  return applied;
}
