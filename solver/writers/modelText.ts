/**
 * What the LP and MPS writers share: the rendered text and the short names they gave the IR's
 * columns and rows. Long IR names (`weights[AAPL]`, `tracking[2021-04-21]`) would bloat the file
 * and some solvers limit name length, so files use x1.. and c1.. and callers map back by index.
 */
export interface ModelText {
  text: string;
  /** the file's name of IR column j, `x${j + 1}` */
  columnNames: string[];
  /** the file's name of IR row i, `c${i + 1}`; in LP text a ranged row is also `c${i + 1}u` (its upper side) */
  rowNames: string[];
}

export function shortNames(prefix: string, count: number): string[] {
  const names = new Array<string>(count);
  for (let k = 0; k < count; k++) names[k] = `${prefix}${k + 1}`;
  return names;
}

/** Shortest text that reads back as the same double (`0.1`, `1e-7`, `-2.5e+21`). */
export function numberText(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`cannot write ${v} as a model coefficient`);
  return v === 0 ? '0' : String(v);
}

/** Value text a reader takes as infinite: both writers give free rows a lower side of −1e30. */
export const INFINITE_TEXT = '1e+30';
