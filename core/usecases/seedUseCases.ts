import { useCaseCatalogue } from '../../solver/usecases/catalogue.ts';
import { useCaseSchema, type UseCase } from '../../solver/usecases/useCase.ts';
import type { Database } from '../store/database.ts';
import type { UseCaseOrigin, VersionAuthor } from '../../api/useCases.ts';
import { writeVersion } from './writeVersion.ts';

export interface SeedResult {
  /** catalogue use cases the store did not have */
  added: string[];
  /** catalogue use cases whose shipped definition changed and that nobody had edited since the last one */
  updated: string[];
}

interface CurrentRow {
  id: string;
  origin: UseCaseOrigin;
  author: VersionAuthor;
  definition: string;
}

/**
 * Brings the stored matrix up to the shipped catalogue: adds the catalogue use cases it lacks and, for a
 * catalogue use case whose current version was written by the catalogue (no user edit since), writes
 * the shipped definition as a new version when it differs. A user's edit is never replaced, and a use
 * case a later release no longer ships stays (runs refer to it). Runs on every read: one small query
 * when there is nothing to do.
 */
export function seedUseCases(db: Database, catalogue: readonly UseCase[] = useCaseCatalogue): SeedResult {
  const result: SeedResult = { added: [], updated: [] };
  const shipped = catalogue.map((u) => ({ useCase: u, json: JSON.stringify(useCaseSchema.parse(u)) }));
  const readCurrent = db.prepare(
    `SELECT u.id, u.origin, v.author, v.definition FROM use_cases u
     JOIN use_case_versions v ON v.use_case = u.id AND v.version = u.current_version`,
  );
  const pending = (): { add: UseCase[]; update: UseCase[] } => {
    const current = new Map((readCurrent.all() as CurrentRow[]).map((r) => [r.id, r]));
    const add: UseCase[] = [];
    const update: UseCase[] = [];
    for (const { useCase, json } of shipped) {
      const row = current.get(useCase.id);
      if (row === undefined) add.push(useCase);
      else if (row.origin === 'catalogue' && row.author === 'catalogue' && row.definition !== json) update.push(useCase);
    }
    return { add, update };
  };
  if (isUpToDate(pending())) return result;
  // IMMEDIATE and a second look under the write lock: two processes opening a fresh store seed it once
  db.transaction(() => {
    const { add, update } = pending();
    for (const useCase of add) {
      writeVersion(db, useCase, { note: 'from the catalogue', author: 'catalogue', origin: 'catalogue' });
      result.added.push(useCase.id);
    }
    for (const useCase of update) {
      writeVersion(db, useCase, { note: 'catalogue update', author: 'catalogue' });
      result.updated.push(useCase.id);
    }
  }).immediate();
  return result;
}

function isUpToDate(p: { add: UseCase[]; update: UseCase[] }): boolean {
  return p.add.length === 0 && p.update.length === 0;
}
