/**
 * The model IR: one JSON-plain description of an optimization model that every backend reads
 * and every writer renders. It is what the assembler yields and what crosses a worker boundary.
 *
 *   minimize (or maximize)  offset + c'x + ½ x'Qx
 *   subject to              rowLower ≤ A x ≤ rowUpper
 *                           colLower ≤ x ≤ colUpper,  x_j ∈ ℤ for integer columns
 *
 * Infinite bounds are ±Infinity in memory; `irToJson` writes them as ±1e30 (the MPS convention),
 * so the IR survives JSON and structured clone alike.
 */

export type ColumnType = 'continuous' | 'integer';
export type ModelClass = 'LP' | 'MILP' | 'QP' | 'MIQP';

/** A named block of columns one component created, e.g. `weights` = w_0..w_{n-1}. */
export interface VariableSet {
  name: string;
  /** index of the first column of the set */
  start: number;
  count: number;
  /** the component that created the set */
  component: string;
}

/** The rows and columns one component contributed, so diagnoses can name the component. */
export interface ComponentSpan {
  component: string;
  /** parameters the component was applied with, as given by the use case */
  params: Record<string, unknown>;
  rowStart: number;
  rowCount: number;
  colStart: number;
  colCount: number;
}

export interface ModelIR {
  name: string;
  sense: 'minimize' | 'maximize';
  /** constant added to the objective */
  offset: number;
  cols: {
    names: string[];
    lower: number[];
    upper: number[];
    cost: number[];
    types: ColumnType[];
  };
  rows: {
    names: string[];
    lower: number[];
    upper: number[];
  };
  /** constraint matrix A in compressed sparse rows: row i holds index/value[starts[i]..starts[i+1]) */
  matrix: {
    starts: number[];
    index: number[];
    value: number[];
  };
  /** Q as lower-triangular entries (row ≥ col), duplicates summed; absent for linear models */
  quadratic?: { row: number[]; col: number[]; value: number[] };
  variableSets: VariableSet[];
  components: ComponentSpan[];
  /** structure that components leave for primal heuristics; see ModelAnnotations */
  annotations: ModelAnnotations;
}

/**
 * Structure hints written by components and read by heuristics (never required to solve).
 * Index i in every array is aligned with the `weights` variable set.
 */
export interface ModelAnnotations {
  /** set by con.max-names: at most k names held, each held one at least minWeight (0 when no minimum) */
  cardinality?: { k: number; minWeight: number };
  /** set by var.whole-shares: w_i = unitWeight_i · n_i with unitWeight_i = p_i / V */
  wholeShares?: { unitWeight: number[]; accountValue: number };
  /** set by var.trades: the account before trading, H_i shares held and h_i = H_i p_i / V */
  holdings?: { shares: number[]; weights: number[] };
  /** set by con.min-trade: every trade is 0 or at least `size` (a fraction of V); a sale may instead be the whole holding */
  minTrade?: { size: number };
  /** set by var.round-lots: n_i = lotSize · m_i */
  roundLots?: { lotSize: number };
  /**
   * set by con.wash-sale: its flag columns y (absolute column indices) and the name each belongs to;
   * y = 1 lets the name be bought and keeps its loss lots, y = 0 the reverse
   */
  washSale?: { columns: number[]; names: number[] };
  /**
   * set by var.lot-sales under whole shares, per lot k of the `lot-shares` set: the name it belongs
   * to, its fraction r_k of a share and the column of the flag φ_k that sells it (−1 for a whole lot)
   */
  lotShares?: { names: number[]; fractions: number[]; fractionColumns: number[] };
}

export interface ModelSize {
  columns: number;
  integerColumns: number;
  rows: number;
  nonzeros: number;
  quadraticNonzeros: number;
}

export function modelClass(ir: ModelIR): ModelClass {
  const integer = ir.cols.types.some((t) => t === 'integer');
  const quadratic = (ir.quadratic?.value.length ?? 0) > 0;
  if (quadratic) return integer ? 'MIQP' : 'QP';
  return integer ? 'MILP' : 'LP';
}

export function modelSize(ir: ModelIR): ModelSize {
  return {
    columns: ir.cols.names.length,
    integerColumns: ir.cols.types.filter((t) => t === 'integer').length,
    rows: ir.rows.names.length,
    nonzeros: ir.matrix.index.length,
    quadraticNonzeros: ir.quadratic?.value.length ?? 0,
  };
}

export function variableSet(ir: ModelIR, name: string): VariableSet | undefined {
  return ir.variableSets.find((s) => s.name === name);
}

/** Row activities A x, for checking a solution against the model independently of any solver. */
export function rowActivities(ir: ModelIR, x: ArrayLike<number>): number[] {
  const { starts, index, value } = ir.matrix;
  const out = new Array<number>(ir.rows.names.length).fill(0);
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    for (let k = starts[i]!; k < starts[i + 1]!; k++) s += value[k]! * x[index[k]!]!;
    out[i] = s;
  }
  return out;
}

/** Objective value offset + c'x + ½ x'Qx of a point. */
export function objectiveValue(ir: ModelIR, x: ArrayLike<number>): number {
  let f = ir.offset;
  for (let j = 0; j < ir.cols.cost.length; j++) f += ir.cols.cost[j]! * x[j]!;
  const q = ir.quadratic;
  if (q) {
    for (let k = 0; k < q.value.length; k++) {
      const i = q.row[k]!;
      const j = q.col[k]!;
      f += (i === j ? 0.5 : 1) * q.value[k]! * x[i]! * x[j]!;
    }
  }
  return f;
}

/** Largest violation of any bound, row or integrality by x (0 when feasible). */
export function maxViolation(ir: ModelIR, x: ArrayLike<number>): number {
  let worst = 0;
  for (let j = 0; j < ir.cols.names.length; j++) {
    const v = x[j]!;
    worst = Math.max(worst, ir.cols.lower[j]! - v, v - ir.cols.upper[j]!);
    if (ir.cols.types[j] === 'integer') worst = Math.max(worst, Math.abs(v - Math.round(v)));
  }
  const act = rowActivities(ir, x);
  for (let i = 0; i < act.length; i++) {
    worst = Math.max(worst, ir.rows.lower[i]! - act[i]!, act[i]! - ir.rows.upper[i]!);
  }
  return worst;
}

const JSON_INFINITY = 1e30;

export function irToJson(ir: ModelIR): string {
  return JSON.stringify(ir, (_k, v: unknown) =>
    v === Infinity ? JSON_INFINITY : v === -Infinity ? -JSON_INFINITY : v,
  );
}

export function irFromJson(text: string): ModelIR {
  return JSON.parse(text, (_k, v: unknown) =>
    v === JSON_INFINITY ? Infinity : v === -JSON_INFINITY ? -Infinity : v,
  ) as ModelIR;
}
