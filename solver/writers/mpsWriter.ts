import type { ModelIR } from '../model/ir.ts';
import { INFINITE_TEXT, numberText, shortNames, type ModelText } from './modelText.ts';

/**
 * Renders a ModelIR as free-format MPS text. The NAME line says FREE: without it CBC's reader guesses
 * fixed or free format line by line and misreads short lines such as `    x1 c2 1`.
 * - Rows keep a one-to-one mapping with the IR: a ranged row is `G` with a RANGES entry, and a
 *   free row is `G` with right-hand side −1e30, not `N` (readers drop extra N rows).
 * - The objective offset is the objective row's RHS, negated (the MPS convention).
 * - Integer columns sit between MARKER INTORG/INTEND lines; every integer column gets explicit
 *   bounds (`BV` for [0, 1], `PL` for an infinite upper bound) because readers default integer
 *   columns without bounds to binaries.
 * - Q goes in QUADOBJ as the IR's lower triangle of ½ x'Qx.
 */
export function writeMps(ir: ModelIR): ModelText {
  const nCols = ir.cols.names.length;
  const nRows = ir.rows.names.length;
  const x = shortNames('x', nCols);
  const c = shortNames('c', nRows);
  const lines: string[] = [];
  const name = ir.name.replace(/\s+/g, '_') || 'model';
  lines.push(`* ${nCols} columns, ${nRows} rows, ${ir.matrix.index.length} nonzeros`, `NAME ${name} FREE`);
  if (ir.sense === 'maximize') lines.push('OBJSENSE', '    MAX');

  lines.push('ROWS', ' N  obj');
  const rhs: string[] = [];
  const ranges: string[] = [];
  for (let i = 0; i < nRows; i++) {
    const lo = ir.rows.lower[i]!;
    const up = ir.rows.upper[i]!;
    if (lo > up) throw new Error(`row ${ir.rows.names[i]} has lower bound ${lo} above upper bound ${up}, which MPS cannot state`);
    if (lo === up) {
      lines.push(` E  ${c[i]}`);
      if (lo !== 0) rhs.push(`    RHS ${c[i]} ${numberText(lo)}`);
    } else if (lo > -Infinity) {
      lines.push(` G  ${c[i]}`);
      if (lo !== 0) rhs.push(`    RHS ${c[i]} ${numberText(lo)}`);
      if (up < Infinity) ranges.push(`    RNG ${c[i]} ${numberText(up - lo)}`);
    } else if (up < Infinity) {
      lines.push(` L  ${c[i]}`);
      if (up !== 0) rhs.push(`    RHS ${c[i]} ${numberText(up)}`);
    } else {
      lines.push(` G  ${c[i]}`);
      rhs.push(`    RHS ${c[i]} -${INFINITE_TEXT}`);
    }
  }

  // the matrix is stored by rows; MPS lists it by columns
  const { starts, index, value } = ir.matrix;
  const colStarts = new Int32Array(nCols + 1);
  for (let k = 0; k < index.length; k++) colStarts[index[k]! + 1]!++;
  for (let j = 0; j < nCols; j++) colStarts[j + 1]! += colStarts[j]!;
  const fill = colStarts.slice(0, nCols);
  const colRows = new Int32Array(index.length);
  const colValues = new Float64Array(index.length);
  for (let i = 0; i < nRows; i++) {
    for (let k = starts[i]!; k < starts[i + 1]!; k++) {
      const p = fill[index[k]!]!++;
      colRows[p] = i;
      colValues[p] = value[k]!;
    }
  }

  lines.push('COLUMNS');
  let inInteger = false;
  for (let j = 0; j < nCols; j++) {
    const integer = ir.cols.types[j] === 'integer';
    if (integer !== inInteger) {
      lines.push(`    MARKER 'MARKER' '${integer ? 'INTORG' : 'INTEND'}'`);
      inInteger = integer;
    }
    const entries: string[] = [];
    const cost = ir.cols.cost[j]!;
    if (cost !== 0 || colStarts[j] === colStarts[j + 1]) entries.push(`obj ${numberText(cost)}`);
    for (let p = colStarts[j]!; p < colStarts[j + 1]!; p++) entries.push(`${c[colRows[p]!]} ${numberText(colValues[p]!)}`);
    for (let e = 0; e < entries.length; e += 2) {
      lines.push(e + 1 < entries.length ? `    ${x[j]} ${entries[e]} ${entries[e + 1]}` : `    ${x[j]} ${entries[e]}`);
    }
  }
  if (inInteger) lines.push(`    MARKER 'MARKER' 'INTEND'`);

  lines.push('RHS');
  if (ir.offset !== 0) lines.push(`    RHS obj ${numberText(-ir.offset)}`);
  lines.push(...rhs);
  if (ranges.length > 0) lines.push('RANGES', ...ranges);

  const bounds: string[] = [];
  for (let j = 0; j < nCols; j++) {
    const lo = ir.cols.lower[j]!;
    const up = ir.cols.upper[j]!;
    const integer = ir.cols.types[j] === 'integer';
    if (integer && lo === 0 && up === 1) bounds.push(` BV BND ${x[j]}`);
    else if (lo === -Infinity && up === Infinity) bounds.push(` FR BND ${x[j]}`);
    else if (lo === up) bounds.push(` FX BND ${x[j]} ${numberText(lo)}`);
    else {
      // UP before LO: a reader that lowers the lower bound on a negative UP gets it back from LO
      if (lo === -Infinity) bounds.push(` MI BND ${x[j]}`);
      if (up < Infinity) bounds.push(` UP BND ${x[j]} ${numberText(up)}`);
      else if (integer) bounds.push(` PL BND ${x[j]}`);
      if (lo > -Infinity && (lo !== 0 || integer || up < 0)) bounds.push(` LO BND ${x[j]} ${numberText(lo)}`);
    }
  }
  if (bounds.length > 0) lines.push('BOUNDS', ...bounds);

  const q = ir.quadratic;
  if (q && q.value.length > 0) {
    lines.push('QUADOBJ');
    for (let k = 0; k < q.value.length; k++) lines.push(`    ${x[q.col[k]!]} ${x[q.row[k]!]} ${numberText(q.value[k]!)}`);
  }
  lines.push('ENDATA');
  return { text: `${lines.join('\n')}\n`, columnNames: x, rowNames: c };
}
