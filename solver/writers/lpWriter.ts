import type { ModelIR } from '../model/ir.ts';
import { INFINITE_TEXT, numberText, shortNames, type ModelText } from './modelText.ts';

const MAX_LINE = 255;

/** Appends terms to lines no longer than MAX_LINE, never splitting a term. */
class WrappedLines {
  readonly lines: string[] = [];
  private line = '';

  start(head: string): void {
    this.flush();
    this.line = head;
  }

  /** Appends ` text`, continuing on a new line (which LP readers join) when this one is full. */
  term(text: string): void {
    if (this.line.length + 1 + text.length > MAX_LINE) {
      this.lines.push(this.line);
      this.line = '';
    }
    this.line += ` ${text}`;
  }

  flush(): void {
    if (this.line !== '') this.lines.push(this.line);
    this.line = '';
  }
}

function signed(coefficient: number, name: string): string {
  return coefficient < 0 ? `- ${numberText(-coefficient)} ${name}` : `+ ${numberText(coefficient)} ${name}`;
}

/**
 * Renders a ModelIR as CPLEX LP text.
 * - The objective lists every column in IR order (zero costs included), so every column is
 *   declared and a reader that numbers columns by first appearance numbers them as the IR does.
 * - The offset is a constant term of the objective; Q goes in `[ ... ]/2` with off-diagonal
 *   terms doubled, since the IR holds one triangle of ½ x'Qx.
 * - A ranged row (−∞ < l < u < ∞) becomes two rows, `cN: ... >= l` and `cNu: ... <= u`, because
 *   LP readers (HiGHS among them) do not parse `l <= expr <= u`. A free row is `>= -1e+30`.
 * - Integer columns with bounds [0, 1] go to Binaries, other integer columns to Generals with
 *   their bounds written out.
 */
export function writeLp(ir: ModelIR): ModelText {
  const nCols = ir.cols.names.length;
  const nRows = ir.rows.names.length;
  if (nCols === 0) throw new Error(`model ${ir.name} has no columns to write`);
  const x = shortNames('x', nCols);
  const c = shortNames('c', nRows);
  const out = new WrappedLines();

  out.start(`\\ ${ir.name.replace(/[\r\n]+/g, ' ').slice(0, 160)}: ${nCols} columns, ${nRows} rows, ${ir.matrix.index.length} nonzeros`);
  out.start(ir.sense === 'maximize' ? 'Maximize' : 'Minimize');
  out.start(' obj:');
  for (let j = 0; j < nCols; j++) out.term(signed(ir.cols.cost[j]!, x[j]!));
  if (ir.offset !== 0) out.term(ir.offset < 0 ? `- ${numberText(-ir.offset)}` : `+ ${numberText(ir.offset)}`);
  const q = ir.quadratic;
  if (q && q.value.length > 0) {
    out.term('+ [');
    for (let k = 0; k < q.value.length; k++) {
      const r = q.row[k]!;
      const col = q.col[k]!;
      out.term(r === col ? signed(q.value[k]!, `${x[r]} ^ 2`) : signed(2 * q.value[k]!, `${x[col]} * ${x[r]}`));
    }
    out.term(']/2');
  }

  out.start('Subject To');
  const { starts, index, value } = ir.matrix;
  const writeRow = (name: string, i: number, relation: string): void => {
    out.start(` ${name}:`);
    if (starts[i] === starts[i + 1]) out.term(`0 ${x[0]}`);
    for (let k = starts[i]!; k < starts[i + 1]!; k++) out.term(signed(value[k]!, x[index[k]!]!));
    out.term(relation);
  };
  for (let i = 0; i < nRows; i++) {
    const lo = ir.rows.lower[i]!;
    const up = ir.rows.upper[i]!;
    const loFinite = lo > -Infinity;
    const upFinite = up < Infinity;
    if (loFinite && upFinite && lo === up) writeRow(c[i]!, i, `= ${numberText(lo)}`);
    else if (loFinite && upFinite) {
      writeRow(c[i]!, i, `>= ${numberText(lo)}`);
      writeRow(`${c[i]}u`, i, `<= ${numberText(up)}`);
    } else if (loFinite) writeRow(c[i]!, i, `>= ${numberText(lo)}`);
    else if (upFinite) writeRow(c[i]!, i, `<= ${numberText(up)}`);
    else writeRow(c[i]!, i, `>= -${INFINITE_TEXT}`);
  }

  out.start('Bounds');
  const generals: string[] = [];
  const binaries: string[] = [];
  for (let j = 0; j < nCols; j++) {
    const lo = ir.cols.lower[j]!;
    const up = ir.cols.upper[j]!;
    const integer = ir.cols.types[j] === 'integer';
    if (integer && lo === 0 && up === 1) {
      binaries.push(x[j]!);
      continue;
    }
    if (integer) generals.push(x[j]!);
    if (lo === -Infinity && up === Infinity) out.start(` ${x[j]} free`);
    else if (lo === up) out.start(` ${x[j]} = ${numberText(lo)}`);
    else if (lo === -Infinity) out.start(` -inf <= ${x[j]} <= ${numberText(up)}`);
    else if (up === Infinity) {
      if (lo !== 0 || integer) out.start(` ${x[j]} >= ${numberText(lo)}`);
    } else out.start(` ${numberText(lo)} <= ${x[j]} <= ${numberText(up)}`);
  }
  for (const [section, names] of [
    ['Generals', generals],
    ['Binaries', binaries],
  ] as const) {
    if (names.length === 0) continue;
    out.start(section);
    out.start('');
    for (const name of names) out.term(name);
  }
  out.start('End');
  out.flush();
  return { text: `${out.lines.join('\n')}\n`, columnNames: x, rowNames: c };
}
