import { createHash } from 'node:crypto';
import type { Database } from '../database.ts';

/**
 * The store's history of runs: a job that fails or is cancelled is recorded there (recordedJob.ts), with the change
 * its insert records for the team database, even when it wrote nothing else.
 */
const RUN_HISTORY = new Set(['runs', 'spans', 'run_samples', 'sync_changes', 'sqlite_sequence']);

/**
 * A SHA-256 of every row of every table but the run history, by table: equal before and after a failed or cancelled
 * job when it changed nothing else in the store (whatever order SQLite returns the rows in).
 */
export function storeData(db: Database): Record<string, string> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  const out: Record<string, string> = {};
  for (const table of tables.filter((t) => !RUN_HISTORY.has(t))) {
    const rows = (db.prepare(`SELECT * FROM "${table}"`).raw(true).all() as unknown[][]).map((row) => JSON.stringify(row)).sort();
    out[table] = createHash('sha256').update(rows.join('\n')).digest('hex');
  }
  return out;
}
