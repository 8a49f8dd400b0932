import type { ModelContext } from '../../components/component.ts';
import type { ModelIR } from '../../model/ir.ts';
import { periodCount } from '../../tracking/trackingProblem.ts';
import type { UseCase } from '../../usecases/useCase.ts';
import { assembleModel, type AssembledModel, type AssembleOptions } from '../assembleModel.ts';
import { TemplateBuilder } from './templateBuilder.ts';

/**
 * The last IR assembled for one structural key, kept so that the next assembly with that key
 * writes into copies of its arrays (TemplateBuilder) and a persistent solver model can be patched.
 * The cache never mutates `ir`; callers must not either (assembled IRs are read-only by contract).
 */
export interface ModelTemplate {
  key: string;
  ir: ModelIR;
  /** assemblies served from this template, and how many of them changed its structure */
  hits: number;
  restructured: number;
}

export type AssemblyCache = Map<string, ModelTemplate>;

/**
 * Templates kept at most: each holds one model's arrays (a few MB for the S&P 500), and a long-lived
 * app or batch sees a handful of structures at a time; the least recently used goes first.
 */
export const ASSEMBLY_CACHE_SIZE = 16;

export function createAssemblyCache(): AssemblyCache {
  return new Map();
}

/** Marks `key` as just used, and drops the least recently used templates beyond the size. */
function touch(cache: AssemblyCache, key: string, template: ModelTemplate): void {
  cache.delete(key);
  cache.set(key, template);
  while (cache.size > ASSEMBLY_CACHE_SIZE) cache.delete(cache.keys().next().value!);
}

/**
 * 'cold': no template, assembled from scratch; 'patched': assembled into the template with the same
 * structure (only numbers and names differ); 'restructured': assembled into the template but the
 * structure moved (a parameter that adds rows, a return of exactly 0 dropping a coefficient). The IR
 * is exact in all three cases; the template is replaced by the new IR in all three.
 */
export type CacheOutcome = 'cold' | 'patched' | 'restructured';

export interface CachedAssembly extends AssembledModel {
  cache: CacheOutcome;
  key: string;
}

/**
 * What a re-solve keeps: the use case's components (ids, in order), the account's lots (var.lot-sales
 * makes a column per lot), the universe's names and the number of periods. Parameter values, dates,
 * returns, prices, the account value and the exclusions are data. A parameter that does change the
 * shape is caught by TemplateBuilder (outcome 'restructured'), so the key need not foresee it.
 */
export function structuralKey(useCase: UseCase, context: ModelContext): string {
  const { problem, holdings } = context;
  return JSON.stringify([
    useCase.id,
    useCase.components.map((c) => c.id),
    problem.universe,
    periodCount(problem),
    problem.tickers,
    holdings ? holdings.lots.length : null,
  ]);
}

/** assembleModel through the cache: the first call per structural key is cold, later ones reuse its template. */
export function assembleCached(useCase: UseCase, context: ModelContext, cache: AssemblyCache, options: AssembleOptions = {}): CachedAssembly {
  const key = structuralKey(useCase, context);
  const template = cache.get(key);
  if (!template) {
    const cold = assembleModel(useCase, context, options);
    touch(cache, key, { key, ir: cold.ir, hits: 0, restructured: 0 });
    return { ...cold, cache: 'cold', key };
  }
  let builder: TemplateBuilder | undefined;
  const assembled = assembleModel(useCase, context, {
    ...options,
    builder: (name) => (builder = new TemplateBuilder(name, template.ir)),
  });
  const restructured = builder!.structureChanged;
  template.ir = assembled.ir;
  template.hits++;
  if (restructured) template.restructured++;
  touch(cache, key, template);
  return { ...assembled, cache: restructured ? 'restructured' : 'patched', key };
}
