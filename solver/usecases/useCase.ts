import { z } from 'zod';

/**
 * A use case (DESIGN section 4): a named list of components with their parameters, plain JSON,
 * so that it can be stored in SQLite, edited in the use-case matrix and sent over any transport.
 */
export const useCaseComponentSchema = z.strictObject({
  id: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
});

export const useCaseSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string(),
  description: z.string(),
  components: z.array(useCaseComponentSchema),
});

export type UseCaseComponent = z.output<typeof useCaseComponentSchema>;
export type UseCase = z.output<typeof useCaseSchema>;
