import type { Database } from './database.ts';

/**
 * The app's settings kept in the store (migration 006), so the desktop app, `jessica` and `jessica serve` on one
 * data directory agree on them. Values are text; a key with no row is unset.
 */
export function readSetting(db: Database, key: string): string | null {
  const value = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
  return value ?? null;
}

/** Stores `value` under `key`, or removes the key when `value` is null. */
export function writeSetting(db: Database, key: string, value: string | null): void {
  if (value === null) {
    db.prepare('DELETE FROM settings WHERE key = ?').run(key);
    return;
  }
  db.prepare(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ).run(key, value, new Date().toISOString());
}
