import { ZodError } from 'zod';
import type { ApiError, Envelope } from '../api/envelope.ts';
import { fail, ok } from '../api/envelope.ts';
import { methods } from '../api/methods.ts';
import type { MethodName, ParsedArgs } from '../api/methods.ts';
import { ModelAssemblyError } from '../solver/assembler/modelAssemblyError.ts';
import { TrackingUniverseError } from '../solver/portfolio/trackingUniverse.ts';
import { InputError, SolveFailure } from './errors.ts';
import { ensureDemoMarket } from './market/demoMarket.ts';
import { importUniverse, listUniverses } from './market/priceImport.ts';
import { optimizePortfolio } from './portfolio/optimizePortfolio.ts';
import type { CoreServices } from './services.ts';
import { showUseCase } from './usecases/showUseCase.ts';
import { copyUseCase, disableComponent, enableComponent, setParameters } from './usecases/useCaseEdits.ts';
import { matrixTable } from './usecases/useCaseMatrix.ts';
import { listUseCases } from './usecases/useCaseStore.ts';

type Handlers = { [M in MethodName]: (args: ParsedArgs<M>) => Promise<unknown> };

export interface Core {
  /** Validates `args` against the contract, runs the handler and answers with an envelope; never throws. */
  dispatch(method: string, args: unknown): Promise<Envelope<unknown>>;
  subscribe(event: string, handler: (payload: unknown) => void): () => void;
  services: CoreServices;
}

export function createCore(services: CoreServices): Core {
  const { db, events } = services;
  const handlers: Handlers = {
    'data/import': (args) =>
      importUniverse(db, { ...args, onProgress: (rows: number) => events.emit('data/progress', { universe: args.universe, rows }) }),
    'data/list': async () => {
      ensureDemoMarket(db);
      return listUniverses(db);
    },
    'portfolio/optimize': (args) => optimizePortfolio(services, args),
    'usecases/list': async () => listUseCases(db),
    'usecases/show': async ({ id }) => showUseCase(db, id),
    'usecases/matrix': async () => matrixTable(db),
    'usecases/set': async ({ id, values, note }) => setParameters(db, id, values, { note }),
    'usecases/enable': async ({ id, component, params, note }) => enableComponent(db, id, component, params, { note }),
    'usecases/disable': async ({ id, component, note }) => disableComponent(db, id, component, { note }),
    'usecases/copy': async ({ id, newId, title, note }) => copyUseCase(db, id, newId, { title, note }),
  };

  return {
    services,
    async dispatch(method, args) {
      if (!Object.hasOwn(methods, method)) {
        return fail({ code: 'unknown-method', message: `unknown method "${method}" (known: ${Object.keys(methods).join(', ')})` });
      }
      const name = method as MethodName;
      try {
        const parsed = methods[name].parse(args ?? {});
        const handler = handlers[name] as (a: typeof parsed) => Promise<unknown>;
        return ok(await handler(parsed));
      } catch (error) {
        return fail(toApiError(error));
      }
    },
    subscribe(event, handler) {
      events.on(event, handler);
      return () => events.off(event, handler);
    },
  };
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof InputError) return { code: 'bad-input', message: error.message, where: error.where };
  if (error instanceof ModelAssemblyError) {
    return { code: 'bad-input', message: error.message, where: { component: error.issues[0]?.component }, details: error.issues };
  }
  if (error instanceof TrackingUniverseError) return { code: 'bad-input', message: error.message };
  if (error instanceof SolveFailure) return { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) };
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join('.') ?? '';
    return { code: 'bad-input', message: `${field ? `${field}: ` : ''}${issue?.message ?? error.message}`, where: { field }, details: error.issues };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}
