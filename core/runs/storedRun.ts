import type { StoredRun } from '../../api/runs.ts';
import { NotFoundError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { getRun } from '../store/runStore.ts';

/** A stored run with its spans, or a NotFoundError naming the id. */
export function showRun(db: Database, id: number): StoredRun {
  const run = getRun(db, id);
  if (!run) throw new NotFoundError(`no run ${id} in the store`, { field: 'id' });
  return run;
}
