import { InputError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { getUseCase, useCaseHistory, useCaseIds, type StoredUseCase, type UseCaseVersion } from './useCaseStore.ts';

/** A use case's current version with every version before it, oldest first (the current one last). */
export interface UseCaseDetail extends StoredUseCase {
  history: UseCaseVersion[];
}

export function showUseCase(db: Database, id: string): UseCaseDetail {
  const found = getUseCase(db, id);
  if (!found) throw new InputError(`unknown use case "${id}" (known: ${useCaseIds(db).join(', ')})`, { field: 'id' });
  return { ...found, history: useCaseHistory(db, id) };
}
