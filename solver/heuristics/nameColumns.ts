import { variableSet, type ModelIR } from '../model/ir.ts';

/**
 * Where each name's columns sit in an IR, read from the variable sets the components leave:
 * `weights` w_i, and when present `selected` z_i, `shares` n_i (aligned with `weights`: index i of
 * each set is the same name) and `cash`. Heuristics work through this, never through column names.
 */
export interface NameColumns {
  count: number;
  /** first column of each set; the column of name i is start + i */
  weights: number;
  selected?: number;
  shares?: number;
  cash?: number;
  /** names that may be held at all: their weight, selection and share bounds all allow a position */
  holdable: boolean[];
  /** names the model forces to be held (z_i ≥ 1) */
  forced: boolean[];
}

export function nameColumns(ir: ModelIR): NameColumns | { reason: string } {
  const w = variableSet(ir, 'weights');
  if (!w) return { reason: "the model has no 'weights' variable set" };
  const cols: NameColumns = { count: w.count, weights: w.start, holdable: [], forced: [] };
  for (const name of ['selected', 'shares'] as const) {
    const s = variableSet(ir, name);
    if (!s) continue;
    if (s.count !== w.count) return { reason: `the '${name}' set has ${s.count} columns but 'weights' has ${w.count}` };
    cols[name] = s.start;
  }
  const cash = variableSet(ir, 'cash');
  if (cash && cash.count === 1) cols.cash = cash.start;

  const { lower, upper } = ir.cols;
  for (let i = 0; i < w.count; i++) {
    let holdable = upper[w.start + i]! > 0;
    if (cols.selected !== undefined) holdable &&= upper[cols.selected + i]! >= 1;
    if (cols.shares !== undefined) holdable &&= upper[cols.shares + i]! >= 1;
    cols.holdable.push(holdable);
    cols.forced.push(cols.selected !== undefined && lower[cols.selected + i]! >= 1);
  }
  return cols;
}

/** Integer columns outside `selected` and `shares`: a heuristic that only sets those cannot complete them. */
export function otherIntegerColumns(ir: ModelIR, cols: NameColumns): number[] {
  const owned = (j: number) =>
    (cols.selected !== undefined && j >= cols.selected && j < cols.selected + cols.count) ||
    (cols.shares !== undefined && j >= cols.shares && j < cols.shares + cols.count);
  const out: number[] = [];
  ir.cols.types.forEach((t, j) => {
    if (t === 'integer' && !owned(j)) out.push(j);
  });
  return out;
}

/** The names a solution `x` of the model holds and their weights (indices into the universe, increasing); solver noise at or below 1e-9 is not a position. */
export function heldWeights(ir: ModelIR, x: ArrayLike<number>): { names: number[]; weights: number[] } | { reason: string } {
  const cols = nameColumns(ir);
  if ('reason' in cols) return cols;
  const names: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < cols.count; i++) {
    const w = x[cols.weights + i]!;
    if (w > 1e-9) {
      names.push(i);
      weights.push(w);
    }
  }
  return { names, weights };
}
