import type { ModelIR } from '../model/ir.ts';
import type { NameColumns } from './nameColumns.ts';

/**
 * The model restricted to a subset R of the names: every other name's columns (w_i, z_i, n_i) are
 * fixed at 0 and removed, with their matrix entries. Rows left empty (the removed names' linking rows
 * w_i − u_i z_i ≤ 0, w_i − m z_i ≥ 0, w_i − (p_i/V) n_i = 0) hold at 0 and go too; an emptied row that
 * 0 violates (a sector floor over removed names only) stays, so the restriction is infeasible as it should be. Everything else (the
 * tracking rows, budget, the name limit over the z_i that remain) is kept, so a point of the
 * restricted model, padded with zeros, is a point of the full model with the same objective.
 *
 * This is the "kernel ∪ bucket" model of kernel search: an exact sub-MILP over a few dozen names that
 * a general solver handles where it stalls on the full universe.
 */
export interface RestrictedModel {
  /** the restricted model, with its variable sets and annotations renumbered to the names kept */
  ir: ModelIR;
  /** the names kept, in order: name k of the restricted model is name names[k] of the full one */
  names: number[];
  /** original column of each restricted column */
  columns: Int32Array;
  /** original row of each restricted row */
  rows: Int32Array;
  /** a restricted point as a point of the full model (removed columns at 0) */
  expand(x: ArrayLike<number>): Float64Array;
  /** a full point as a point of the restricted model */
  restrict(x: ArrayLike<number>): number[];
}

export function restrictToNames(ir: ModelIR, cols: NameColumns, names: Iterable<number>): RestrictedModel {
  const keepName = new Uint8Array(cols.count);
  for (const i of names) keepName[i] = 1;
  const n = ir.cols.names.length;
  const newIndex = new Int32Array(n).fill(-1);
  const nameBlock = (start: number | undefined, j: number) => start !== undefined && j >= start && j < start + cols.count;
  const kept: number[] = [];
  for (let j = 0; j < n; j++) {
    let drop = false;
    for (const start of [cols.weights, cols.selected, cols.shares]) {
      if (nameBlock(start, j) && !keepName[j - start!]) drop = true;
    }
    if (drop) {
      if (ir.cols.lower[j]! > 0) throw new Error(`cannot leave out ${ir.cols.names[j]}: its lower bound ${ir.cols.lower[j]} excludes 0`);
      continue;
    }
    newIndex[j] = kept.length;
    kept.push(j);
  }

  const { starts, index, value } = ir.matrix;
  const rows: ModelIR['rows'] = { names: [], lower: [], upper: [] };
  const keptRows: number[] = [];
  const matrix: ModelIR['matrix'] = { starts: [0], index: [], value: [] };
  for (let r = 0; r + 1 < starts.length; r++) {
    const before = matrix.index.length;
    for (let a = starts[r]!; a < starts[r + 1]!; a++) {
      const j = newIndex[index[a]!]!;
      if (j < 0) continue;
      matrix.index.push(j);
      matrix.value.push(value[a]!);
    }
    // an emptied row is 0 ≤ … ≤ 0 for the removed names and goes; one that 0 violates stays, empty, so the restriction stays infeasible
    if (matrix.index.length === before && ir.rows.lower[r]! <= 0 && ir.rows.upper[r]! >= 0) continue;
    keptRows.push(r);
    rows.names.push(ir.rows.names[r]!);
    rows.lower.push(ir.rows.lower[r]!);
    rows.upper.push(ir.rows.upper[r]!);
    matrix.starts.push(matrix.index.length);
  }

  const pick = <T>(a: readonly T[]) => kept.map((j) => a[j]!);
  const restricted: ModelIR = {
    name: `${ir.name} (${kept.length} of ${n} columns)`,
    sense: ir.sense,
    offset: ir.offset,
    cols: {
      names: pick(ir.cols.names),
      lower: pick(ir.cols.lower),
      upper: pick(ir.cols.upper),
      cost: pick(ir.cols.cost),
      types: pick(ir.cols.types),
    },
    rows,
    matrix,
    variableSets: [],
    components: [],
    annotations: {},
  };
  // a set is a block of columns and kept columns keep their order, so what is left of a set is a block too
  for (const set of ir.variableSets) {
    let first = -1;
    let count = 0;
    for (let j = set.start; j < set.start + set.count; j++) {
      if (newIndex[j]! < 0) continue;
      if (first < 0) first = newIndex[j]!;
      count++;
    }
    if (count > 0) restricted.variableSets.push({ ...set, start: first, count });
  }
  const keptNames = [...Array(cols.count).keys()].filter((i) => keepName[i]);
  if (ir.annotations.cardinality) restricted.annotations.cardinality = { ...ir.annotations.cardinality };
  const shares = ir.annotations.wholeShares;
  if (shares) {
    restricted.annotations.wholeShares = { accountValue: shares.accountValue, unitWeight: keptNames.map((i) => shares.unitWeight[i]!) };
  }
  if (ir.quadratic && ir.quadratic.value.length > 0) {
    const q = { row: [] as number[], col: [] as number[], value: [] as number[] };
    ir.quadratic.value.forEach((v, k) => {
      const i = newIndex[ir.quadratic!.row[k]!]!;
      const j = newIndex[ir.quadratic!.col[k]!]!;
      if (i >= 0 && j >= 0) {
        q.row.push(i);
        q.col.push(j);
        q.value.push(v);
      }
    });
    restricted.quadratic = q;
  }
  const columns = Int32Array.from(kept);
  return {
    ir: restricted,
    names: keptNames,
    columns,
    rows: Int32Array.from(keptRows),
    expand(x) {
      const full = new Float64Array(n);
      for (let k = 0; k < columns.length; k++) full[columns[k]!] = x[k]!;
      return full;
    },
    restrict(x) {
      return Array.from(columns, (j) => x[j]!);
    },
  };
}
