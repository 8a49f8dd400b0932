import type { ModelContext } from '../components/component.ts';
import type { ModelIR } from '../model/ir.ts';

/**
 * A conflict as the diagnosis finds it and the families of conflicts read it: the components that
 * cannot hold together, the elastic LP's smallest repair, and the model they were found in.
 */

/** A component of the conflict, with the parameters the use case gave it. */
export interface ConflictComponent {
  id: string;
  params: Record<string, unknown>;
}

/** One row group of the smallest repair: the least total violation the elastic LP needs from a component. */
export interface ElasticSlack {
  component: string;
  /** Σ of its rows' violations at the elastic optimum */
  violation: number;
}

export interface ConflictFacts {
  /** the conflict's model: the final column bounds and rows of its components and of those they require */
  ir: ModelIR;
  level: 'relaxation' | 'integer';
  slacks: ElasticSlack[];
  irreducible: boolean;
  /** what the model was assembled from: V, the holdings and the prices, for amounts in dollars */
  context?: ModelContext;
}

/** The conflict as one family of conflicts reads it. */
export interface ConflictView {
  byId: ReadonlyMap<string, ConflictComponent>;
  facts: ConflictFacts;
  /** components an earlier sentence already accounts for */
  named: ReadonlySet<string>;
}

/** One family's sentence and the components it accounts for. */
export interface ConflictFinding {
  sentence: string;
  names: string[];
}
