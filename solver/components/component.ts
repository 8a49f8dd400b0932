import type { z } from 'zod';
import type { ModelBuilder } from '../model/builder.ts';
import type { AccountHoldings } from '../tracking/accountHoldings.ts';
import type { TrackingProblem } from '../tracking/trackingProblem.ts';

/**
 * A model component (DESIGN section 4): one piece of an optimization model, variables, an
 * objective or a constraint, with its math in words, the parameters it accepts and the variable
 * sets it creates and needs. Use cases list components; the assembler orders and applies them.
 */

export type ComponentKind = 'variables' | 'objective' | 'constraint';

/** What a component adds beyond a linear program, so a model can be routed before it is built. */
export type ComponentFeature = 'integer' | 'quadratic';

/** The data every component of one model is applied to. */
export interface ModelContext {
  problem: TrackingProblem;
  /** V, the account's value in dollars; components that count whole shares need it */
  accountValue?: number;
  /**
   * The account's current cash and tax lots, for use cases that trade an existing account
   * (var.trades, var.lot-sales and the tax components). With holdings, V follows
   * resolveAccountValue (solver/tracking/accountHoldings.ts): fill accountValue from it.
   */
  holdings?: AccountHoldings;
}

export interface Component<Schema extends z.ZodType = z.ZodType> {
  /** `var.*`, `obj.*` or `con.*`, stable: use cases refer to it */
  readonly id: string;
  readonly kind: ComponentKind;
  readonly title: string;
  /** the component's math in plain text, shown beside the use-case matrix */
  readonly doc: string;
  /** its parameters; every value a use case gives passes through this schema first */
  readonly params: Schema;
  /** variable sets it creates (ModelIR `variableSets` names) */
  readonly provides: readonly string[];
  /** variable sets it adds rows or bounds on, created by other components */
  readonly requires: readonly string[];
  readonly features: readonly ComponentFeature[];
  /**
   * Components whose effect this one reads (bounds it derives a big-M from, an annotation it
   * completes). They are not required; when the model has them they are applied first.
   */
  readonly after?: readonly string[];
  /**
   * Problems the schema cannot see because they depend on the data (an unknown ticker, a missing
   * account value), in words, without the component id (the assembler prefixes it). Empty when fine.
   */
  check?(params: z.output<Schema>, context: ModelContext): string[];
  /** Adds the component's columns, rows, bounds and costs; throws ComponentError on bad data. */
  apply(builder: ModelBuilder, params: z.output<Schema>, context: ModelContext): void;
}

/** Keeps a component's parameter type tied to its schema. */
export function defineComponent<Schema extends z.ZodType>(component: Component<Schema>): Component<Schema> {
  return Object.freeze(component);
}

/** A problem found while applying a component; the assembler reports it under `component`. */
export class ComponentError extends Error {
  readonly component: string;
  /** the problem in words, without the component id */
  readonly detail: string;

  constructor(component: string, detail: string) {
    super(`${component}: ${detail}`);
    this.name = 'ComponentError';
    this.component = component;
    this.detail = detail;
  }
}

/** The column block of a variable set another component created, or a ComponentError naming both. */
export function requiredSet(builder: ModelBuilder, component: string, set: string): { start: number; count: number } {
  const found = builder.variableSet(set);
  if (!found) throw new ComponentError(component, `needs the variable set '${set}', which no component created before it`);
  return found;
}
