import { ModelBuilder, type ColumnSpec } from '../../model/builder.ts';
import type { ColumnType, ModelAnnotations, ModelIR } from '../../model/ir.ts';

/**
 * A ModelBuilder that writes into copies of a cached IR's arrays instead of growing new ones.
 *
 * Re-solving a use case on another date, account value, cluster or weight cap changes numbers, not
 * shape: the same columns, rows and (nearly always) the same sparsity pattern. Components are applied
 * exactly as in a cold assembly, so every value (coefficients, bounds, costs, names carrying dates,
 * annotations) is the component's own; only the storage is the template's, written position by
 * position while each write is compared with what the template held there. The result is therefore
 * the very IR a cold assembly would give, whatever changed; `structureChanged` says whether it still
 * has the template's structure (column and row counts, integrality, sparsity pattern, no quadratic
 * change of shape), which is what a persistent solver model needs to be patched rather than rebuilt.
 *
 * The pattern is data: a coefficient that is exactly 0 (a stock whose close did not move) is dropped
 * as in a cold build, so a new window can change a tracking row's pattern. That is reported as a
 * structure change and the IR stays exact.
 */
export class TemplateBuilder extends ModelBuilder {
  private readonly template: ModelIR;
  private readonly out: ModelIR;
  private open: { component: string; params: Record<string, unknown>; rowStart: number; colStart: number } | undefined;
  private cols = 0;
  private rows = 0;
  private nonzeros = 0;
  private changed = false;
  /** Q is rare and small; a plain builder merges its triplets exactly as a cold build does */
  private quadratic: ModelBuilder | undefined;

  constructor(name: string, template: ModelIR, sense: ModelIR['sense'] = 'minimize') {
    super(name, sense);
    this.template = template;
    const t = template;
    this.out = {
      name,
      sense,
      offset: 0,
      cols: { names: t.cols.names.slice(), lower: t.cols.lower.slice(), upper: t.cols.upper.slice(), cost: t.cols.cost.slice(), types: t.cols.types.slice() },
      rows: { names: t.rows.names.slice(), lower: t.rows.lower.slice(), upper: t.rows.upper.slice() },
      matrix: { starts: t.matrix.starts.slice(), index: t.matrix.index.slice(), value: t.matrix.value.slice() },
      variableSets: [],
      components: [],
      annotations: {},
    };
    if (t.sense !== sense) this.changed = true;
  }

  /** True once the model being built differs from the template in anything but numbers and names. */
  get structureChanged(): boolean {
    return this.changed;
  }

  override get columnCount(): number {
    return this.cols;
  }

  override get rowCount(): number {
    return this.rows;
  }

  override beginComponent(component: string, params: Record<string, unknown>): void {
    if (this.open) throw new Error(`component ${this.open.component} is still open`);
    this.open = { component, params, rowStart: this.rows, colStart: this.cols };
  }

  override endComponent(): void {
    const c = this.open;
    if (!c) throw new Error('no component is open');
    this.out.components.push({
      component: c.component,
      params: c.params,
      rowStart: c.rowStart,
      rowCount: this.rows - c.rowStart,
      colStart: c.colStart,
      colCount: this.cols - c.colStart,
    });
    this.open = undefined;
  }

  override addVariableSet(name: string, labels: readonly string[], spec: ColumnSpec | ((i: number) => ColumnSpec)): number {
    if (this.out.variableSets.some((s) => s.name === name)) throw new Error(`variable set ${name} already exists`);
    const start = this.cols;
    for (let i = 0; i < labels.length; i++) {
      const s = typeof spec === 'function' ? spec(i) : spec;
      this.addColumn(`${name}[${labels[i]}]`, s);
    }
    this.out.variableSets.push({ name, start, count: labels.length, component: this.open?.component ?? name });
    return start;
  }

  override addColumn(name: string, spec: ColumnSpec = {}): number {
    const j = this.cols++;
    const c = this.out.cols;
    const type: ColumnType = spec.type ?? 'continuous';
    if (j >= this.template.cols.names.length || c.types[j] !== type) this.changed = true;
    c.names[j] = name;
    c.lower[j] = spec.lower ?? 0;
    c.upper[j] = spec.upper ?? Infinity;
    c.cost[j] = spec.cost ?? 0;
    c.types[j] = type;
    return j;
  }

  override addRow(name: string, indices: readonly number[], values: readonly number[], lower: number, upper: number): number {
    if (indices.length !== values.length) throw new Error(`row ${name}: ${indices.length} indices, ${values.length} values`);
    const columns = this.cols;
    let increasing = true;
    for (let k = 0; k < indices.length; k++) {
      const j = indices[k]!;
      if (!(j >= 0 && j < columns)) throw new Error(`row ${name}: column ${j} does not exist`);
      const v = values[k]!;
      if (!Number.isFinite(v)) throw new Error(`row ${name}: coefficient of ${this.out.cols.names[j]} is ${v}`);
      if (k > 0 && j <= indices[k - 1]!) increasing = false;
    }
    const m = this.out.matrix;
    const templateNonzeros = this.template.matrix.index.length;
    if (increasing) {
      // the hot path (every tracking row): one pass, written in place, compared with the template as it goes
      const index = m.index;
      const value = m.value;
      let at = this.nonzeros;
      let same = true;
      for (let k = 0; k < indices.length; k++) {
        const v = values[k]!;
        if (v === 0) continue;
        const j = indices[k]!;
        if (index[at] !== j) same = false;
        index[at] = j;
        value[at] = v;
        at++;
      }
      if (!same || at > templateNonzeros) this.changed = true;
      this.nonzeros = at;
    } else {
      // the same merge as ModelBuilder.addRow: repeated columns summed, sorted, zeros dropped
      const merged = new Map<number, number>();
      for (let k = 0; k < indices.length; k++) merged.set(indices[k]!, (merged.get(indices[k]!) ?? 0) + values[k]!);
      for (const [j, v] of [...merged].sort((a, b) => a[0] - b[0])) {
        if (v === 0) continue;
        const at = this.nonzeros++;
        if (at >= templateNonzeros || m.index[at] !== j) this.changed = true;
        m.index[at] = j;
        m.value[at] = v;
      }
    }
    const r = this.rows++;
    if (r >= this.template.rows.names.length || m.starts[r + 1] !== this.nonzeros) this.changed = true;
    m.starts[r + 1] = this.nonzeros;
    this.out.rows.names[r] = name;
    this.out.rows.lower[r] = lower;
    this.out.rows.upper[r] = upper;
    return r;
  }

  override setCost(column: number, cost: number): void {
    this.out.cols.cost[column] = cost;
  }

  override addCost(column: number, cost: number): void {
    this.out.cols.cost[column] = (this.out.cols.cost[column] ?? 0) + cost;
  }

  override addOffset(value: number): void {
    this.out.offset += value;
  }

  override columnBounds(column: number): { lower: number; upper: number } {
    return { lower: this.out.cols.lower[column]!, upper: this.out.cols.upper[column]! };
  }

  override tightenBounds(column: number, lower: number, upper: number): void {
    const c = this.out.cols;
    c.lower[column] = Math.max(c.lower[column]!, lower);
    c.upper[column] = Math.min(c.upper[column]!, upper);
  }

  override setType(column: number, type: ColumnType): void {
    if (this.template.cols.types[column] !== type) this.changed = true;
    this.out.cols.types[column] = type;
  }

  override addQuadratic(i: number, j: number, q: number): void {
    (this.quadratic ??= new ModelBuilder('quadratic')).addQuadratic(i, j, q);
  }

  override annotate<K extends keyof ModelAnnotations>(key: K, value: ModelAnnotations[K]): void {
    this.out.annotations[key] = value;
  }

  override annotation<K extends keyof ModelAnnotations>(key: K): ModelAnnotations[K] | undefined {
    return this.out.annotations[key];
  }

  override variableSet(name: string): { start: number; count: number } | undefined {
    return this.out.variableSets.find((s) => s.name === name);
  }

  override build(): ModelIR {
    if (this.open) throw new Error(`component ${this.open.component} is still open`);
    const t = this.template;
    const out = this.out;
    if (this.cols !== t.cols.names.length || this.rows !== t.rows.names.length || this.nonzeros !== t.matrix.index.length) this.changed = true;
    for (const a of [out.cols.names, out.cols.lower, out.cols.upper, out.cols.cost, out.cols.types]) a.length = this.cols;
    for (const a of [out.rows.names, out.rows.lower, out.rows.upper]) a.length = this.rows;
    out.matrix.starts.length = this.rows + 1;
    out.matrix.index.length = this.nonzeros;
    out.matrix.value.length = this.nonzeros;
    // setType may have moved a type away from the template and back again: judge the final types
    for (let j = 0; j < this.cols && !this.changed; j++) if (out.cols.types[j] !== t.cols.types[j]) this.changed = true;
    if (this.quadratic) {
      out.quadratic = this.quadratic.build().quadratic!;
      if (!sameQuadraticPattern(out.quadratic, t.quadratic)) this.changed = true;
    } else if (t.quadratic) {
      this.changed = true;
    }
    return out;
  }
}

function sameQuadraticPattern(a: ModelIR['quadratic'], b: ModelIR['quadratic']): boolean {
  if (!a || !b || a.row.length !== b.row.length) return false;
  for (let k = 0; k < a.row.length; k++) if (a.row[k] !== b.row[k] || a.col[k] !== b.col[k]) return false;
  return true;
}
