import type { ParsedArgs } from '../../api/methods.ts';
import type { ComponentIssue, ModelFacts } from '../../api/useCases.ts';
import { assembleCached } from '../../solver/assembler/cache/assembleCached.ts';
import { ModelAssemblyError } from '../../solver/assembler/modelAssemblyError.ts';
import { componentCatalogue } from '../../solver/components/catalogue.ts';
import type { ModelClass } from '../../solver/model/ir.ts';
import { buildTrackingProblem } from '../../solver/tracking/trackingUniverse.ts';
import type { UseCase } from '../../solver/usecases/useCase.ts';
import { NotFoundError } from '../errors.ts';
import { DEMO_UNIVERSE, ensureDemoMarket } from '../market/demoMarket.ts';
import { readPricePanel } from '../market/pricePanelReader.ts';
import { requireUniverse } from '../market/universeCatalog.ts';
import type { CoreServices } from '../services.ts';
import { sampleAccount } from './sampleAccount.ts';
import { solverRoutes } from './solverRoutes.ts';
import { useCaseIssues } from './useCaseIssues.ts';
import { getUseCase, useCaseIds } from './useCaseStore.ts';

/**
 * What the current version of a use case assembles to on a universe's data (its last date, or asOf,
 * and the lookback): class, size, the columns and rows of each component, the solvers that take it.
 * The model is assembled for the sample account (sampleAccount.ts), through the services' assembly
 * cache. A use case that does not assemble is an answer, not an error: `assembled` is false and every
 * issue names its component (and parameter, when the matrix's own checks find it).
 */
export function modelFacts(services: CoreServices, args: ParsedArgs<'usecases/facts'>): ModelFacts {
  const { db } = services;
  const stored = getUseCase(db, args.id);
  if (!stored) throw new NotFoundError(`unknown use case "${args.id}" (known: ${useCaseIds(db).join(', ')})`, { field: 'id' });
  const useCase: UseCase = stored.useCase;
  if (args.universe === DEMO_UNIVERSE) ensureDemoMarket(db);
  requireUniverse(db, args.universe);
  const problem = buildTrackingProblem(readPricePanel(db, args.universe, { asOf: args.asOf, lookback: args.lookback }));
  const { holdings, accountValue, account } = sampleAccount(problem);
  const ids = useCase.components.map((c) => c.id);

  const facts: ModelFacts = {
    useCase: useCase.id,
    version: stored.version,
    universe: args.universe,
    asOf: problem.asOf,
    assembled: false,
    modelClass: null,
    columns: 0,
    integerColumns: 0,
    rows: 0,
    nonzeros: 0,
    quadraticNonzeros: 0,
    components: [],
    solvers: [],
    issues: [],
    account,
    assembleMs: 0,
  };
  const notAssembled = (issues: ComponentIssue[]): ModelFacts => ({ ...facts, issues, solvers: solverRoutes(impliedClass(ids), ids) });

  // the matrix's own checks first: they name the parameter, which the assembler's messages only spell out
  const found = useCaseIssues(useCase);
  if (found.length > 0) return notAssembled(found);
  let assembled;
  try {
    assembled = assembleCached(useCase, { problem, accountValue, holdings }, services.assemblyCache);
  } catch (error) {
    if (error instanceof ModelAssemblyError) return notAssembled(error.issues.map((i) => ({ component: i.component, message: i.message })));
    throw error;
  }
  return {
    ...facts,
    assembled: true,
    modelClass: assembled.modelClass,
    ...assembled.size,
    components: assembled.ir.components.map((c) => ({ component: c.component, columns: c.colCount, rows: c.rowCount })),
    solvers: solverRoutes(assembled.modelClass, ids),
    assembleMs: assembled.assembleMs,
  };
}

/** The class a model of these components has, by their declared features: integer → MI, quadratic → QP. */
function impliedClass(componentIds: readonly string[]): ModelClass {
  const features = new Set(componentIds.flatMap((id) => componentCatalogue.get(id)?.features ?? []));
  const integer = features.has('integer');
  if (features.has('quadratic')) return integer ? 'MIQP' : 'QP';
  return integer ? 'MILP' : 'LP';
}
