import { z } from 'zod';
import { solverChoices } from '../../api/methods.ts';

/**
 * A use case (DESIGN section 4): a named list of components with their parameters, plain JSON,
 * so that it can be stored in SQLite, edited in the use-case matrix and sent over any transport.
 */
export const useCaseComponentSchema = z.strictObject({
  id: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
});

/** The solver a use case runs on when the optimize call names none; a use case that does not say runs on HiGHS. */
export const DEFAULT_USE_CASE_SOLVER = 'highs';

export const useCaseSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string(),
  description: z.string(),
  components: z.array(useCaseComponentSchema),
  /**
   * highs | cbc | gurobi | race. Absent means HiGHS and is stored absent (no default here): the stored
   * definitions written before the field existed stay byte for byte what the catalogue ships, so seeding
   * sees no change, and setting `highs` on such a use case is no edit.
   */
  solver: z.enum(solverChoices).optional(),
});

export type UseCaseComponent = z.output<typeof useCaseComponentSchema>;
export type UseCase = z.output<typeof useCaseSchema>;
export type UseCaseSolverId = (typeof solverChoices)[number];

/** The solver the use case runs on: its own choice, or HiGHS when it makes none. */
export function useCaseSolver(useCase: Pick<UseCase, 'solver'>): UseCaseSolverId {
  return useCase.solver ?? DEFAULT_USE_CASE_SOLVER;
}
