import type { StoredRun } from '../../api/runs.ts';
import { NotFoundError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { deleteRun, getRun } from '../store/runStore.ts';

/** A stored run with its spans, or a NotFoundError naming the id. */
export function showRun(db: Database, id: number): StoredRun {
  const run = getRun(db, id);
  if (!run) throw new NotFoundError(`no run ${id} in the store`, { field: 'id' });
  return run;
}

/**
 * Deletes a run with everything stored under it (spans, samples, a batch's allocations); the team database loses it
 * at the next sync. A NotFoundError names an id that is not there.
 */
export function removeRun(db: Database, id: number): { deleted: number } {
  const deleted = deleteRun(db, id);
  if (deleted === 0) throw new NotFoundError(`no run ${id} in the store`, { field: 'id' });
  return { deleted };
}
