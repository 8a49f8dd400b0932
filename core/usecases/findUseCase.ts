import type { UseCase } from '../../solver/usecases/useCase.ts';
import type { Database } from '../store/database.ts';
import { InputError } from '../errors.ts';
import { getUseCase, useCaseIds } from './useCaseStore.ts';

/** The current version of a use case in the matrix (catalogue, edited or copied), or an InputError listing the ids there are. */
export function findUseCase(db: Database, id: string): UseCase {
  const found = getUseCase(db, id);
  if (!found) throw new InputError(`unknown use case "${id}" (known: ${useCaseIds(db).join(', ')})`, { field: 'use-case' });
  return found.useCase;
}
