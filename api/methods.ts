import { z } from 'zod';

/** ISO calendar date yyyy-mm-dd. */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as yyyy-mm-dd');
const fraction = z.number().gt(0).lte(1);

export const dataImportArgs = z.object({
  universe: z.string().min(1).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  pricesFile: z.string().min(1),
  constituentsFile: z.string().min(1).optional(),
  indexFile: z.string().min(1).optional(),
});

export const dataListArgs = z.object({}).strict();

export const solverIds = ['highs', 'cbc', 'gurobi'] as const;

export const optimizeArgs = z
  .object({
    universe: z.string().min(1),
    useCase: z.string().min(1),
    asOf: isoDate.optional(),
    lookback: z.number().int().min(2).default(252),
    benchmark: z.enum(['cap', 'index']).optional(),
    maxNames: z.number().int().min(1).optional(),
    minWeight: fraction.optional(),
    maxWeight: fraction.optional(),
    sectorBand: z.number().min(0).lte(1).optional(),
    exclude: z.array(z.string().min(1)).optional(),
    accountValue: z.number().positive().optional(),
    fractional: z.boolean().default(false),
    solver: z.enum(solverIds).default('highs'),
    timeLimit: z.number().positive().default(10),
    mipGap: z.number().min(0).lt(1).optional(),
    out: z.string().min(1).optional(),
  })
  .strict();

/** The contract: method name → argument schema. Names are `domain/verb`. */
export const methods = {
  'data/import': dataImportArgs,
  'data/list': dataListArgs,
  'portfolio/optimize': optimizeArgs,
} as const;

export type MethodName = keyof typeof methods;
export type MethodArgs<M extends MethodName> = z.input<(typeof methods)[M]>;
export type ParsedArgs<M extends MethodName> = z.output<(typeof methods)[M]>;
