/** JSON-plain types of the model-to-use-case matrix, the component catalogue and model facts. */

export type UseCaseOrigin = 'catalogue' | 'user';
export type VersionAuthor = 'catalogue' | 'user';
export type ComponentKind = 'variables' | 'objective' | 'constraint';
export type ModelClassName = 'LP' | 'MILP' | 'QP' | 'MIQP';
/**
 * The solver a use case runs on when an optimize call names none: one solver, or `race` (every installed
 * solver at once from one heuristic start; the first to prove optimality wins, the others are stopped).
 */
export type UseCaseSolver = 'highs' | 'cbc' | 'gurobi' | 'race';

/** One component of a use case with its parameters, as stored. */
export interface UseCaseComponentEntry {
  id: string;
  params: Record<string, unknown>;
}

export interface UseCaseDefinition {
  id: string;
  title: string;
  description: string;
  components: UseCaseComponentEntry[];
  /** absent: HiGHS */
  solver?: UseCaseSolver;
}

export interface UseCaseSummary {
  id: string;
  title: string;
  description: string;
  origin: UseCaseOrigin;
  version: number;
  updatedAt: string;
  /** component ids of the current version */
  components: string[];
}

export interface UseCaseVersion {
  version: number;
  createdAt: string;
  note: string;
  author: VersionAuthor;
  useCase: UseCaseDefinition;
}

/** A use case as stored: its current version and where it came from. */
export interface StoredUseCase extends UseCaseVersion {
  origin: UseCaseOrigin;
}

/** A use case's current version with every version before it, oldest first (the current one last). */
export interface UseCaseDetail extends StoredUseCase {
  history: UseCaseVersion[];
}

/** The use case after an edit; `changed` is false when the edit asked for what it already said (no version written). */
export interface EditResult extends StoredUseCase {
  changed: boolean;
}

/** A component of the matrix; `unknown` is one a stored use case names but this release does not ship. */
export interface MatrixColumn {
  component: string;
  kind: ComponentKind | 'unknown';
  title: string;
  doc: string;
}

/** One use case × component: whether the current version has the component, and its parameters as stored. */
export interface MatrixCell {
  enabled: boolean;
  params: Record<string, unknown>;
}

export interface MatrixRow {
  useCase: string;
  title: string;
  origin: UseCaseOrigin;
  version: number;
  /** the solver it runs on (HiGHS when the use case does not say) */
  solver: UseCaseSolver;
  /** aligned with the matrix's columns */
  cells: MatrixCell[];
}

export interface UseCaseMatrix {
  columns: MatrixColumn[];
  rows: MatrixRow[];
}

/** A catalogue component as a form needs it: its parameters as JSON Schema, its math, what it needs. */
export interface ComponentInfo {
  id: string;
  kind: ComponentKind;
  title: string;
  /** the math, as written in the component's doc */
  doc: string;
  /** JSON Schema (draft 2020-12) of the parameters, with defaults and bounds */
  paramsSchema: Record<string, unknown>;
  /** variable sets it provides and requires */
  provides: string[];
  requires: string[];
  /** features the model needs when the component is on: integer, quadratic */
  features: string[];
}

/** A problem found in a use case, on the component (and parameter) it names. */
export interface ComponentIssue {
  component: string;
  parameter?: string;
  message: string;
}

/** Whether a solver can take a model of this class, and why not. */
export interface SolverRoute {
  solver: 'highs' | 'cbc' | 'gurobi';
  accepts: boolean;
  /** installed on this machine (HiGHS always; CBC and Gurobi when their command is on the PATH) */
  available: boolean;
  reason?: string;
}

/**
 * The account a use case's facts are assembled for: trading, tax and whole-share components make no
 * model without one, so every use case gets the same sample (the core documents how it is built).
 */
export interface SampleAccount {
  /** V, dollars */
  value: number;
  cash: number;
  /** tax lots it holds (var.lot-sales makes a column per lot) */
  lots: number;
  /** the account in one sentence, for a caption under the facts */
  description: string;
}

/**
 * The model a use case assembles to on a universe (by default the demo market, its last date, 252 days):
 * its size and class, which solvers take it, or every issue that stops it assembling.
 */
export interface ModelFacts {
  useCase: string;
  version: number;
  universe: string;
  asOf: string;
  assembled: boolean;
  modelClass: ModelClassName | null;
  columns: number;
  integerColumns: number;
  rows: number;
  nonzeros: number;
  quadraticNonzeros: number;
  /** per component: columns and rows it added */
  components: { component: string; columns: number; rows: number }[];
  /**
   * Per solver: whether it takes the model's class; when the use case does not assemble, the class its
   * components' features imply (integer, quadratic), so routing is known before the issues are fixed.
   */
  solvers: SolverRoute[];
  issues: ComponentIssue[];
  /** the sample account the model is assembled for (always set by the core) */
  account?: SampleAccount;
  assembleMs: number;
}
