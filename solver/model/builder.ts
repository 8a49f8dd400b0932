import type { ColumnType, ModelAnnotations, ModelIR } from './ir.ts';

export interface ColumnSpec {
  lower?: number;
  upper?: number;
  cost?: number;
  type?: ColumnType;
}

/**
 * Builds a ModelIR row by row. Components call it through `apply`; the builder records which
 * component owns each row and column so that errors and infeasibility diagnoses can name it.
 */
export class ModelBuilder {
  private readonly ir: ModelIR;
  private current: { component: string; params: Record<string, unknown>; rowStart: number; colStart: number } | undefined;

  constructor(name: string, sense: ModelIR['sense'] = 'minimize') {
    this.ir = {
      name,
      sense,
      offset: 0,
      cols: { names: [], lower: [], upper: [], cost: [], types: [] },
      rows: { names: [], lower: [], upper: [] },
      matrix: { starts: [0], index: [], value: [] },
      variableSets: [],
      components: [],
      annotations: {},
    };
  }

  get columnCount(): number {
    return this.ir.cols.names.length;
  }

  get rowCount(): number {
    return this.ir.rows.names.length;
  }

  /** Opens the span of rows and columns that `component` is about to add. */
  beginComponent(component: string, params: Record<string, unknown>): void {
    if (this.current) throw new Error(`component ${this.current.component} is still open`);
    this.current = { component, params, rowStart: this.rowCount, colStart: this.columnCount };
  }

  endComponent(): void {
    const c = this.current;
    if (!c) throw new Error('no component is open');
    this.ir.components.push({
      component: c.component,
      params: c.params,
      rowStart: c.rowStart,
      rowCount: this.rowCount - c.rowStart,
      colStart: c.colStart,
      colCount: this.columnCount - c.colStart,
    });
    this.current = undefined;
  }

  /** Adds a named block of columns `${prefix}[label]` and returns the index of the first one. */
  addVariableSet(name: string, labels: readonly string[], spec: ColumnSpec | ((i: number) => ColumnSpec)): number {
    if (this.ir.variableSets.some((s) => s.name === name)) {
      throw new Error(`variable set ${name} already exists`);
    }
    const start = this.columnCount;
    for (let i = 0; i < labels.length; i++) {
      const s = typeof spec === 'function' ? spec(i) : spec;
      this.addColumn(`${name}[${labels[i]}]`, s);
    }
    this.ir.variableSets.push({ name, start, count: labels.length, component: this.current?.component ?? name });
    return start;
  }

  addColumn(name: string, spec: ColumnSpec = {}): number {
    const c = this.ir.cols;
    c.names.push(name);
    c.lower.push(spec.lower ?? 0);
    c.upper.push(spec.upper ?? Infinity);
    c.cost.push(spec.cost ?? 0);
    c.types.push(spec.type ?? 'continuous');
    return c.names.length - 1;
  }

  /** Adds lower ≤ Σ values_k x_{indices_k} ≤ upper; repeated indices are summed, zeros dropped. */
  addRow(name: string, indices: readonly number[], values: readonly number[], lower: number, upper: number): number {
    if (indices.length !== values.length) throw new Error(`row ${name}: ${indices.length} indices, ${values.length} values`);
    const columns = this.columnCount;
    let increasing = true;
    for (let k = 0; k < indices.length; k++) {
      const j = indices[k]!;
      if (!(j >= 0 && j < columns)) throw new Error(`row ${name}: column ${j} does not exist`);
      const v = values[k]!;
      if (!Number.isFinite(v)) throw new Error(`row ${name}: coefficient of ${this.ir.cols.names[j]} is ${v}`);
      if (k > 0 && j <= indices[k - 1]!) increasing = false;
    }
    const m = this.ir.matrix;
    if (increasing) {
      // the common case (a component walks its columns in order): no merge needed
      for (let k = 0; k < indices.length; k++) {
        if (values[k] !== 0) {
          m.index.push(indices[k]!);
          m.value.push(values[k]!);
        }
      }
    } else {
      const merged = new Map<number, number>();
      for (let k = 0; k < indices.length; k++) merged.set(indices[k]!, (merged.get(indices[k]!) ?? 0) + values[k]!);
      for (const [j, v] of [...merged].sort((a, b) => a[0] - b[0])) {
        if (v !== 0) {
          m.index.push(j);
          m.value.push(v);
        }
      }
    }
    m.starts.push(m.index.length);
    this.ir.rows.names.push(name);
    this.ir.rows.lower.push(lower);
    this.ir.rows.upper.push(upper);
    return this.rowCount - 1;
  }

  setCost(column: number, cost: number): void {
    this.ir.cols.cost[column] = cost;
  }

  addCost(column: number, cost: number): void {
    this.ir.cols.cost[column] = (this.ir.cols.cost[column] ?? 0) + cost;
  }

  addOffset(value: number): void {
    this.ir.offset += value;
  }

  /** Current bounds of a column, for components whose rows derive from bounds set before them (big-M, share caps). */
  columnBounds(column: number): { lower: number; upper: number } {
    return { lower: this.ir.cols.lower[column]!, upper: this.ir.cols.upper[column]! };
  }

  /** Tightens a column's bounds to their intersection with [lower, upper]. */
  tightenBounds(column: number, lower: number, upper: number): void {
    const c = this.ir.cols;
    c.lower[column] = Math.max(c.lower[column]!, lower);
    c.upper[column] = Math.min(c.upper[column]!, upper);
  }

  setType(column: number, type: ColumnType): void {
    this.ir.cols.types[column] = type;
  }

  /** Adds q to the objective's ½ x'Qx term at (i, j) and (j, i). */
  addQuadratic(i: number, j: number, q: number): void {
    const quad = (this.ir.quadratic ??= { row: [], col: [], value: [] });
    quad.row.push(Math.max(i, j));
    quad.col.push(Math.min(i, j));
    quad.value.push(q);
  }

  annotate<K extends keyof ModelAnnotations>(key: K, value: ModelAnnotations[K]): void {
    this.ir.annotations[key] = value;
  }

  /** An annotation an earlier component left, so that a later one can complete it. */
  annotation<K extends keyof ModelAnnotations>(key: K): ModelAnnotations[K] | undefined {
    return this.ir.annotations[key];
  }

  variableSet(name: string): { start: number; count: number } | undefined {
    return this.ir.variableSets.find((s) => s.name === name);
  }

  /** The finished IR; the builder must not be used afterwards. */
  build(): ModelIR {
    if (this.current) throw new Error(`component ${this.current.component} is still open`);
    const q = this.ir.quadratic;
    if (q) this.ir.quadratic = mergeTriplets(q);
    return this.ir;
  }
}

function mergeTriplets(q: { row: number[]; col: number[]; value: number[] }): { row: number[]; col: number[]; value: number[] } {
  const acc = new Map<string, { r: number; c: number; v: number }>();
  for (let k = 0; k < q.value.length; k++) {
    const key = `${q.row[k]},${q.col[k]}`;
    const e = acc.get(key);
    if (e) e.v += q.value[k]!;
    else acc.set(key, { r: q.row[k]!, c: q.col[k]!, v: q.value[k]! });
  }
  const sorted = [...acc.values()].filter((e) => e.v !== 0).sort((a, b) => a.c - b.c || a.r - b.r);
  return { row: sorted.map((e) => e.r), col: sorted.map((e) => e.c), value: sorted.map((e) => e.v) };
}
