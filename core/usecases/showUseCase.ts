import type { UseCaseDetail } from '../../api/useCases.ts';
import { InputError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { getUseCase, useCaseHistory, useCaseIds } from './useCaseStore.ts';

export function showUseCase(db: Database, id: string): UseCaseDetail {
  const found = getUseCase(db, id);
  if (!found) throw new InputError(`unknown use case "${id}" (known: ${useCaseIds(db).join(', ')})`, { field: 'id' });
  return { ...found, history: useCaseHistory(db, id) };
}
