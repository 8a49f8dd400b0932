import { useCaseCatalogue } from '../../solver/usecases/catalogue.ts';
import type { UseCase } from '../../solver/usecases/useCase.ts';
import { InputError } from '../errors.ts';

export function findUseCase(id: string): UseCase {
  const found = useCaseCatalogue.find((u) => u.id === id);
  if (!found) {
    throw new InputError(`unknown use case "${id}" (known: ${useCaseCatalogue.map((u) => u.id).join(', ')})`, { field: 'use-case' });
  }
  return found;
}
