import { componentCatalogue, type ComponentCatalogue } from '../../solver/components/catalogue.ts';
import type { Component } from '../../solver/components/component.ts';
import type { UseCase } from '../../solver/usecases/useCase.ts';
import { parameterSchemas } from './parameterValue.ts';

/** A problem of a use case found without data: one component, and the parameter when it is about one. */
export interface UseCaseIssue {
  component: string;
  parameter?: string;
  message: string;
}

/** How an issue reads on one line: `con.max-weight.maxWeight: Too big: expected number to be <=1`. */
export function describeIssue(issue: UseCaseIssue): string {
  return `${issue.component}${issue.parameter === undefined ? '' : `.${issue.parameter}`}: ${issue.message}`;
}

/**
 * What can be said of a use case before any data is loaded: every component is known and named once,
 * every parameter is one its schema has and parses there, and every variable set a component requires
 * is provided by another component of the use case. The assembler checks the same and more (data,
 * order); these are the checks an edit of the matrix can be held to.
 */
export function useCaseIssues(useCase: UseCase, catalogue: ComponentCatalogue = componentCatalogue): UseCaseIssue[] {
  const issues: UseCaseIssue[] = [];
  const present: Component[] = [];
  const seen = new Set<string>();
  for (const entry of useCase.components) {
    const component = catalogue.get(entry.id);
    if (!component) {
      issues.push({ component: entry.id, message: `unknown component (known: ${[...catalogue.keys()].join(', ')})` });
      continue;
    }
    if (seen.has(entry.id)) {
      issues.push({ component: entry.id, message: 'appears more than once' });
      continue;
    }
    seen.add(entry.id);
    present.push(component);
    const names = parameterSchemas(component.params);
    if (names) {
      for (const name of Object.keys(entry.params)) {
        if (!Object.hasOwn(names, name)) issues.push({ component: entry.id, parameter: name, message: `no such parameter (${parameterList(component)})` });
      }
    }
    const parsed = component.params.safeParse(entry.params);
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        // an unknown key is reported above, by name
        if (i.code === 'unrecognized_keys' && names) continue;
        const parameter = i.path.length > 0 ? i.path.map(String).join('.') : undefined;
        const missing = i.code === 'invalid_type' && i.path.length === 1 && entry.params[String(i.path[0])] === undefined;
        issues.push({ component: entry.id, ...(parameter === undefined ? {} : { parameter }), message: missing ? 'required, not set' : i.message });
      }
    }
  }
  const provided = new Set(present.flatMap((c) => c.provides));
  for (const c of present) {
    for (const set of c.requires) {
      if (provided.has(set)) continue;
      const providers = [...catalogue.values()].filter((k) => k.provides.includes(set)).map((k) => k.id);
      issues.push({
        component: c.id,
        message: `requires variable set '${set}', which no component of the use case provides${providers.length > 0 ? ` (${providers.join(' or ')} does)` : ''}`,
      });
    }
  }
  return issues;
}

/** `its parameters: maxWeight` or `it takes no parameters`, for messages about a misspelt name. */
export function parameterList(component: Component): string {
  const names = Object.keys(parameterSchemas(component.params) ?? {});
  return names.length === 0 ? 'it takes no parameters' : `its parameters: ${names.join(', ')}`;
}
