import type { EditResult, StoredUseCase } from '../../api/useCases.ts';
import { componentCatalogue, type ComponentCatalogue } from '../../solver/components/catalogue.ts';
import type { ComponentKind } from '../../solver/components/component.ts';
import { useCaseSchema, useCaseSolver, type UseCase, type UseCaseComponent } from '../../solver/usecases/useCase.ts';
import { InputError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { coerceParameter, parameterSchemas } from './parameterValue.ts';
import { describeIssue, parameterList, useCaseIssues, type UseCaseIssue } from './useCaseIssues.ts';
import { getUseCase, useCaseIds } from './useCaseStore.ts';
import { writeVersion } from './writeVersion.ts';

export interface EditOptions {
  /** why, in the user's words; stored with the version beside what changed */
  note?: string;
  /** where component ids are resolved; the shipped catalogue unless a test brings its own */
  catalogue?: ComponentCatalogue;
}

const KIND_RANK: Readonly<Record<ComponentKind, number>> = { variables: 0, objective: 1, constraint: 2 };

const USE_CASE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The current version or an InputError listing the ids there are. */
function current(db: Database, id: string): StoredUseCase {
  const found = getUseCase(db, id);
  if (!found) throw new InputError(`unknown use case "${id}" (known: ${useCaseIds(db).join(', ')})`, { field: 'id' });
  return found;
}

function issueKey(issue: UseCaseIssue): string {
  return describeIssue(issue);
}

/** One InputError for every issue, located at the first one's component and parameter. */
function refuse(useCaseId: string, what: string, issues: readonly UseCaseIssue[]): never {
  const [first, ...rest] = issues as [UseCaseIssue, ...UseCaseIssue[]];
  // the location prefix names the first issue's component and parameter; the others are named in full
  throw new InputError(`use case ${useCaseId}, ${what}, refused: ${[first.message, ...rest.map(describeIssue)].join('; ')}`, {
    component: first.component,
    ...(first.parameter === undefined ? {} : { field: first.parameter }),
  });
}

/**
 * Applies `change` to a copy of the current version and, when the result differs and the change added
 * no issue, writes it as the next version; all in one IMMEDIATE transaction, so a refused edit writes
 * nothing and two writers cannot both build on the same version. Issues the use case already had (a
 * component a newer release renamed, say) do not block an edit; only new ones do.
 */
function edit(db: Database, id: string, options: EditOptions, change: (draft: UseCase, catalogue: ComponentCatalogue) => string): EditResult {
  const catalogue = options.catalogue ?? componentCatalogue;
  getUseCase(db, id); // seeds outside the write transaction
  return db
    .transaction((): EditResult => {
      const before = current(db, id);
      const draft: UseCase = structuredClone(before.useCase);
      const what = change(draft, catalogue);
      if (JSON.stringify(draft) === JSON.stringify(before.useCase)) return { ...before, changed: false };
      const known = new Set(useCaseIssues(before.useCase, catalogue).map(issueKey));
      const added = useCaseIssues(draft, catalogue).filter((i) => !known.has(issueKey(i)));
      if (added.length > 0) refuse(id, what, added);
      const note = options.note?.trim() ? `${options.note.trim()} (${what})` : what;
      writeVersion(db, draft, { note, author: 'user' });
      return { ...current(db, id), changed: true };
    })
    .immediate();
}

/** `con.max-weight.maxWeight` → component `con.max-weight`, parameter `maxWeight` (component ids contain dots, parameters do not). */
export function splitParameterPath(path: string): { component: string; parameter: string } {
  const dot = path.lastIndexOf('.');
  if (dot <= 0 || dot === path.length - 1) {
    throw new InputError(`"${path}" is not component.parameter, e.g. con.max-weight.maxWeight`, { field: 'parameter' });
  }
  return { component: path.slice(0, dot), parameter: path.slice(dot + 1) };
}

/**
 * Adds the component unless present, then the components that provide what it requires when exactly one
 * catalogue component does (con.max-names brings var.selection), so enabling a cell gives a use case that
 * assembles. Returns the ids added.
 */
function enable(draft: UseCase, componentId: string, catalogue: ComponentCatalogue): string[] {
  const component = catalogue.get(componentId);
  if (!component) throw new InputError(`unknown component (known: ${[...catalogue.keys()].join(', ')})`, { component: componentId });
  if (draft.components.some((c) => c.id === componentId)) return [];
  // after the last component of its kind, so a use case reads variables, objectives, constraints
  const rank = (id: string): number => KIND_RANK[catalogue.get(id)?.kind ?? 'constraint'];
  const after = draft.components.findLastIndex((c) => rank(c.id) <= rank(componentId));
  draft.components.splice(after + 1, 0, { id: componentId, params: {} });
  const added = [componentId];
  for (const set of component.requires) {
    const provided = draft.components.some((c) => catalogue.get(c.id)?.provides.includes(set));
    if (provided) continue;
    const providers = [...catalogue.values()].filter((k) => k.provides.includes(set));
    if (providers.length === 1) added.push(...enable(draft, providers[0]!.id, catalogue));
  }
  return added;
}

function entry(draft: UseCase, componentId: string): UseCaseComponent {
  return draft.components.find((c) => c.id === componentId)!;
}

function enabledNote(added: readonly string[]): string {
  if (added.length === 0) return '';
  const [first, ...rest] = added;
  return rest.length === 0 ? `enabled ${first}` : `enabled ${first} with ${rest.join(', ')}, which it requires`;
}

/** The key of `usecases/set` that chooses the use case's solver rather than a component's parameter (no dot, so no component.parameter). */
const SOLVER_KEY = 'solver';

/**
 * `solver=NAME`: the solver the use case runs on when optimize names none. HiGHS is stored as the field's
 * absence, so the stored JSON has one spelling per choice and setting HiGHS on a use case that never chose
 * is no edit. Returns the change as the version's note says it ('' when it is the solver already chosen).
 */
function setSolver(id: string, draft: UseCase, raw: unknown): string {
  const allowed = useCaseSchema.shape.solver.unwrap().options;
  const name = typeof raw === 'string' ? raw.trim() : raw;
  const chosen = allowed.find((s) => s === name);
  if (chosen === undefined) {
    throw new InputError(
      `use case ${id}: solver must be one of ${allowed.join(', ')} (race: every installed solver at once, the first to prove optimality wins), not ${JSON.stringify(raw)}`,
      { field: SOLVER_KEY },
    );
  }
  const was = useCaseSolver(draft);
  if (chosen === was) return '';
  if (chosen === useCaseSolver({})) delete draft.solver;
  else draft.solver = chosen;
  return `solver = ${JSON.stringify(chosen)} (was ${JSON.stringify(was)})`;
}

/**
 * Sets parameters, given as `component.parameter` → value, as one new version. A component that is not
 * enabled is enabled (with what it requires). String values are read as the parameter's type
 * (`0.05`, `5%`, `true`, `AAPL,MSFT`); the component's schema then checks the whole parameter object.
 * The key `solver` (highs, cbc, gurobi or race) sets the solver the use case runs on.
 */
export function setParameters(db: Database, id: string, values: Readonly<Record<string, unknown>>, options: EditOptions = {}): EditResult {
  const paths = Object.keys(values);
  if (paths.length === 0) throw new InputError('no parameter to set: give component.parameter=value or solver=NAME', { field: 'values' });
  return edit(db, id, options, (draft, catalogue) => {
    const changes: string[] = [];
    const enabled: string[] = [];
    for (const path of paths) {
      if (path === SOLVER_KEY) {
        const change = setSolver(id, draft, values[path]);
        if (change !== '') changes.push(change);
        continue;
      }
      const whole = catalogue.get(path);
      if (whole) throw new InputError(`use case ${id}: give component.parameter, e.g. ${path}.NAME (${parameterList(whole)})`, { component: path });
      const { component: componentId, parameter } = splitParameterPath(path);
      const component = catalogue.get(componentId);
      if (!component) {
        throw new InputError(`use case ${id}: unknown component (known: ${[...catalogue.keys()].join(', ')})`, { component: componentId, field: parameter });
      }
      const schemas = parameterSchemas(component.params);
      const schema = schemas?.[parameter];
      if (!schema || !Object.hasOwn(schemas, parameter)) {
        throw new InputError(`use case ${id}: no such parameter (${parameterList(component)})`, { component: componentId, field: parameter });
      }
      const value = coerceParameter(schema, values[path]);
      if (!value.ok) throw new InputError(`use case ${id}: ${value.problem}`, { component: componentId, field: parameter });
      enabled.push(...enable(draft, componentId, catalogue));
      const target = entry(draft, componentId);
      const was = target.params[parameter];
      target.params = { ...target.params, [parameter]: value.value };
      changes.push(`${path} = ${JSON.stringify(value.value)}${was === undefined ? '' : ` (was ${JSON.stringify(was)})`}`);
    }
    return [enabledNote(enabled), changes.join(', ')].filter((s) => s !== '').join('; ');
  });
}

export function setParameter(db: Database, id: string, path: string, value: unknown, options: EditOptions = {}): EditResult {
  return setParameters(db, id, { [path]: value }, options);
}

/** Parameters read as their schemas expect; names the schema lacks pass through for the issue check to name. */
function coerceParameters(id: string, componentId: string, params: Readonly<Record<string, unknown>>, catalogue: ComponentCatalogue): Record<string, unknown> {
  const schemas = parameterSchemas(catalogue.get(componentId)!.params) ?? {};
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(params)) {
    const value = Object.hasOwn(schemas, name) ? coerceParameter(schemas[name]!, raw) : { ok: true as const, value: raw };
    if (!value.ok) throw new InputError(`use case ${id}: ${value.problem}`, { component: componentId, field: name });
    out[name] = value.value;
  }
  return out;
}

/** Turns a cell of the matrix on, with `params` (which must satisfy the component's schema) and what it requires. */
export function enableComponent(
  db: Database,
  id: string,
  componentId: string,
  params: Readonly<Record<string, unknown>> = {},
  options: EditOptions = {},
): EditResult {
  return edit(db, id, options, (draft, catalogue) => {
    const added = enable(draft, componentId, catalogue);
    const target = entry(draft, componentId);
    const given = coerceParameters(id, componentId, params, catalogue);
    target.params = { ...target.params, ...given };
    const note = enabledNote(added);
    return note === '' ? `set ${componentId} ${JSON.stringify(target.params)}` : `${note}${Object.keys(given).length > 0 ? ` ${JSON.stringify(given)}` : ''}`;
  });
}

/** Turns a cell off; refused when another component of the use case requires what it provides. */
export function disableComponent(db: Database, id: string, componentId: string, options: EditOptions = {}): EditResult {
  return edit(db, id, options, (draft) => {
    const before = draft.components.length;
    draft.components = draft.components.filter((c) => c.id !== componentId);
    if (draft.components.length === before) {
      throw new InputError(`use case ${id} does not have it (it has ${draft.components.map((c) => c.id).join(', ')})`, { component: componentId });
    }
    return `disabled ${componentId}`;
  });
}

/** A new user use case, version 1, with the current components of `id`; refused when `newId` is taken. */
export function copyUseCase(db: Database, id: string, newId: string, options: { title?: string; note?: string } = {}): EditResult {
  if (!USE_CASE_ID.test(newId)) {
    throw new InputError(`"${newId}" is not a use-case id: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit`, { field: 'newId' });
  }
  getUseCase(db, id); // seeds outside the write transaction
  return db
    .transaction((): EditResult => {
      const source = current(db, id);
      if (getUseCase(db, newId)) throw new InputError(`use case "${newId}" already exists`, { field: 'newId' });
      const copy: UseCase = {
        ...structuredClone(source.useCase),
        id: newId,
        title: options.title?.trim() || `${source.useCase.title} (copy)`,
      };
      const what = `copied from ${id} v${source.version}`;
      writeVersion(db, copy, { note: options.note?.trim() ? `${options.note.trim()} (${what})` : what, author: 'user', origin: 'user' });
      return { ...current(db, newId), changed: true };
    })
    .immediate();
}
