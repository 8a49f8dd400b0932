import { indexTracking } from './indexTracking.ts';
import type { UseCase } from './useCase.ts';

/** The use cases shipped with Jessica; the matrix in SQLite starts from these. */
export const useCaseCatalogue: readonly UseCase[] = [indexTracking];
