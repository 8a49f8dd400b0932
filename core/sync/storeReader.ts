import BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../store/database.ts';

/**
 * A connection of the sync's own to the store, read-only. Each scope is read inside a read transaction on it, so its
 * tables come from one snapshot (WAL) while the app keeps writing; the app's own connection never holds a
 * transaction across the sync's awaits. An in-memory store (tests) has no file a second connection could open: it is
 * read from a copy taken now, its state at the start of the sync.
 */
export function openStoreReader(db: Database): Database {
  if (db.memory || db.name === '' || db.name === ':memory:') return new BetterSqlite3(db.serialize());
  const reader = new BetterSqlite3(db.name, { readonly: true, fileMustExist: true });
  reader.pragma('busy_timeout = 5000');
  return reader;
}

/** The store's identity (migration 006): the team database keys its rows by it. */
export function storeId(db: Database): string {
  return db.prepare('SELECT store_id FROM store_identity WHERE id = 1').pluck().get() as string;
}

/** Runs `read` inside one read transaction of `reader`: every query in it sees the same snapshot. */
export async function inReadTransaction<T>(reader: Database, read: () => Promise<T>): Promise<T> {
  reader.exec('BEGIN');
  try {
    return await read();
  } finally {
    reader.exec('COMMIT');
  }
}
