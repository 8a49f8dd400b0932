import type { z } from 'zod';
import { componentCatalogue, type ComponentCatalogue } from '../components/catalogue.ts';
import { ComponentError, type Component, type ModelContext } from '../components/component.ts';
import { ModelBuilder } from '../model/builder.ts';
import { modelClass, modelSize, type ModelClass, type ModelIR, type ModelSize } from '../model/ir.ts';
import { useCaseSchema, type UseCase } from '../usecases/useCase.ts';
import { componentOrder } from './componentOrder.ts';
import { ModelAssemblyError, type AssemblyIssue } from './modelAssemblyError.ts';

export interface AssembledModel {
  ir: ModelIR;
  modelClass: ModelClass;
  size: ModelSize;
  /** component ids in the order they were applied */
  order: string[];
  assembleMs: number;
}

export interface AssembleOptions {
  /** where component ids are resolved; the shipped catalogue unless a test brings its own */
  catalogue?: ComponentCatalogue;
  /** the builder components write into; a fresh ModelBuilder unless the assembly cache replays into a template */
  builder?: (name: string) => ModelBuilder;
}

interface Resolved {
  component: Component;
  raw: Record<string, unknown>;
  params: unknown;
}

/** Zod's findings as issues: `parameter maxNames: Too small: ...`, or `parameters: Unrecognized key ...` for the whole object. */
function zodIssues(component: string, error: z.ZodError, noun: 'parameter' | 'field'): AssemblyIssue[] {
  return error.issues.map((i) => ({
    component,
    message: i.path.length > 0 ? `${noun} ${i.path.join('.')}: ${i.message}` : `${noun}s: ${i.message}`,
  }));
}

/**
 * Resolves, validates, orders and applies the components of a use case to a tracking problem.
 * Every problem found before applying (unknown component, repeated component, bad parameter,
 * data the component cannot use, missing or duplicate provider of a variable set, a cycle) is
 * collected and thrown as one ModelAssemblyError; an error while applying is thrown under the
 * component that raised it.
 */
export function assembleModel(useCase: UseCase, context: ModelContext, options: AssembleOptions = {}): AssembledModel {
  const t0 = performance.now();
  const catalogue = options.catalogue ?? componentCatalogue;
  const shape = useCaseSchema.safeParse(useCase);
  if (!shape.success) throw new ModelAssemblyError(String(useCase?.id), zodIssues(`use-case ${String(useCase?.id)}`, shape.error, 'field'));

  const issues: AssemblyIssue[] = [];
  const resolved: Resolved[] = [];
  const seen = new Set<string>();
  for (const entry of shape.data.components) {
    const component = catalogue.get(entry.id);
    if (!component) {
      issues.push({ component: entry.id, message: `unknown component (known: ${[...catalogue.keys()].join(', ')})` });
      continue;
    }
    if (seen.has(entry.id)) {
      issues.push({ component: entry.id, message: 'appears more than once in the use case' });
      continue;
    }
    seen.add(entry.id);
    const parsed = component.params.safeParse(entry.params);
    if (!parsed.success) {
      issues.push(...zodIssues(entry.id, parsed.error, 'parameter'));
      continue;
    }
    for (const message of component.check?.(parsed.data, context) ?? []) issues.push({ component: entry.id, message });
    resolved.push({ component, raw: entry.params, params: parsed.data });
  }

  // provides/requires over every known component, including those whose parameters failed
  const present = shape.data.components.map((e) => catalogue.get(e.id)).filter((c): c is Component => c !== undefined);
  const providers = new Map<string, string>();
  for (const c of new Set(present)) {
    for (const s of c.provides) {
      const first = providers.get(s);
      if (first !== undefined) issues.push({ component: c.id, message: `provides variable set '${s}', which ${first} already provides` });
      else providers.set(s, c.id);
    }
  }
  for (const c of new Set(present)) {
    for (const s of c.requires) {
      if (providers.has(s)) continue;
      const candidates = [...catalogue.values()].filter((k) => k.provides.includes(s)).map((k) => k.id);
      issues.push({
        component: c.id,
        message: `requires variable set '${s}', which no component of the use case provides${candidates.length > 0 ? ` (add ${candidates.join(' or ')})` : ''}`,
      });
    }
  }
  const { order, issues: cycle } = componentOrder(resolved.map((r) => r.component));
  issues.push(...cycle);
  if (issues.length > 0) throw new ModelAssemblyError(shape.data.id, issues);

  const byId = new Map(resolved.map((r) => [r.component.id, r]));
  const { problem } = context;
  const name = `${shape.data.id} ${problem.universe} ${problem.asOf}`;
  const builder = options.builder ? options.builder(name) : new ModelBuilder(name);
  for (const component of order) {
    const r = byId.get(component.id)!;
    builder.beginComponent(component.id, r.raw);
    try {
      component.apply(builder, r.params, context);
    } catch (error) {
      const issue =
        error instanceof ComponentError
          ? { component: error.component, message: error.detail }
          : { component: component.id, message: error instanceof Error ? error.message : String(error) };
      throw new ModelAssemblyError(shape.data.id, [issue]);
    }
    builder.endComponent();
    const missing = component.provides.filter((s) => !builder.variableSet(s));
    if (missing.length > 0) {
      throw new ModelAssemblyError(shape.data.id, [{ component: component.id, message: `declares variable sets it did not create: ${missing.join(', ')}` }]);
    }
  }
  const ir = builder.build();
  return { ir, modelClass: modelClass(ir), size: modelSize(ir), order: order.map((c) => c.id), assembleMs: performance.now() - t0 };
}
