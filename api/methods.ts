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
    /** current positions, one row per tax lot: ticker,shares[,cost_basis,acquired] */
    holdingsFile: z.string().min(1).optional(),
    /** cash in the account besides the holdings, in dollars */
    cash: z.number().min(0).optional(),
    /** dollars to raise for a withdrawal: the account value is reduced by it */
    withdraw: z.number().positive().optional(),
    fractional: z.boolean().default(false),
    solver: z.enum(solverIds).default('highs'),
    timeLimit: z.number().positive().default(10),
    mipGap: z.number().min(0).lt(1).optional(),
    out: z.string().min(1).optional(),
    /** write the assembled model to this file, LP or MPS by its extension (.lp, .mps), with FILE.names.json */
    writeModel: z.string().regex(/\.(lp|mps)$/i, 'must end in .lp or .mps').optional(),
  })
  .strict();

/** The use-case matrix (DESIGN section 4): use cases × components, versioned in the store. */
const useCaseId = z.string().min(1);
const componentId = z.string().min(1);
const changeNote = z.string().max(500).optional();

export const useCasesListArgs = z.object({}).strict();
export const useCasesShowArgs = z.object({ id: useCaseId }).strict();
export const useCasesMatrixArgs = z.object({}).strict();
export const useCasesSetArgs = z
  .object({
    id: useCaseId,
    /** `component.parameter` → value; strings are read as the parameter's type (`0.05`, `5%`, `true`, `A,B`) */
    values: z.record(z.string().min(1), z.unknown()).refine((v) => Object.keys(v).length > 0, 'give at least one component.parameter'),
    note: changeNote,
  })
  .strict();
export const useCasesEnableArgs = z
  .object({ id: useCaseId, component: componentId, params: z.record(z.string(), z.unknown()).default({}), note: changeNote })
  .strict();
export const useCasesDisableArgs = z.object({ id: useCaseId, component: componentId, note: changeNote }).strict();
export const useCasesCopyArgs = z.object({ id: useCaseId, newId: useCaseId, title: z.string().min(1).optional(), note: changeNote }).strict();

/** The contract: method name → argument schema. Names are `domain/verb`. */
export const methods = {
  'data/import': dataImportArgs,
  'data/list': dataListArgs,
  'portfolio/optimize': optimizeArgs,
  'usecases/list': useCasesListArgs,
  'usecases/show': useCasesShowArgs,
  'usecases/matrix': useCasesMatrixArgs,
  'usecases/set': useCasesSetArgs,
  'usecases/enable': useCasesEnableArgs,
  'usecases/disable': useCasesDisableArgs,
  'usecases/copy': useCasesCopyArgs,
} as const;

export type MethodName = keyof typeof methods;
export type MethodArgs<M extends MethodName> = z.input<(typeof methods)[M]>;
export type ParsedArgs<M extends MethodName> = z.output<(typeof methods)[M]>;
