import { componentCatalogue, type ComponentCatalogue } from '../components/catalogue.ts';
import type { ModelClass } from '../model/ir.ts';

export interface BackendClasses {
  id: string;
  classes: readonly ModelClass[];
}

/**
 * Why `backend` cannot take a model of class `modelClass`, and what would: the other backends that
 * take the class (`--solver gurobi`), and the components that make the model that class, with the
 * linear or continuous form to use instead (obj.tracking-variance → obj.tracking-mad; whole shares →
 * --fractional). Undefined when the backend takes the class.
 */
export function routingRefusal(
  modelClass: ModelClass,
  backend: BackendClasses,
  others: readonly BackendClasses[],
  componentIds: readonly string[],
  catalogue: ComponentCatalogue = componentCatalogue,
): string | undefined {
  if (backend.classes.includes(modelClass)) return undefined;
  const options: string[] = [];
  const quadratic = componentIds.filter((id) => catalogue.get(id)?.features.includes('quadratic'));
  const integer = componentIds.filter((id) => catalogue.get(id)?.features.includes('integer'));
  const wantsLinear = (modelClass === 'MIQP' || modelClass === 'QP') && !backend.classes.includes('QP') && !backend.classes.includes('MIQP');
  const wantsContinuous = modelClass === 'MIQP' || (modelClass === 'MILP' && !backend.classes.includes('MILP'));
  if (quadratic.length > 0 && (wantsLinear || (modelClass === 'MIQP' && backend.classes.includes('MILP')))) {
    const mad = quadratic.includes('obj.tracking-variance') ? 'use obj.tracking-mad instead of obj.tracking-variance' : `use a linear objective instead of ${quadratic.join(', ')}`;
    options.push(mad);
  }
  if (integer.length > 0 && (wantsContinuous && (backend.classes.includes('QP') || backend.classes.includes('LP')))) {
    options.push(`drop the integer requirements of ${integer.join(', ')} (e.g. --fractional for whole shares)`);
  }
  const able = others.filter((b) => b.id !== backend.id && b.classes.includes(modelClass)).map((b) => `--solver ${b.id}`);
  if (able.length > 0) options.push(able.join(' or '));
  const head = `solver ${backend.id} cannot solve a ${modelClass} model (it takes ${backend.classes.join(', ')})`;
  return options.length > 0 ? `${head}: ${options.join(', or ')}` : head;
}
