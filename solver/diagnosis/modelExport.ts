import type { ModelIR } from '../model/ir.ts';
import { writeLp } from '../writers/lpWriter.ts';
import { writeMps } from '../writers/mpsWriter.ts';

export type ModelFileFormat = 'lp' | 'mps';

/** The format a model file name asks for by its extension (case-insensitive), or undefined. */
export function modelFileFormat(file: string): ModelFileFormat | undefined {
  const m = /\.(lp|mps)$/i.exec(file);
  return m ? (m[1]!.toLowerCase() as ModelFileFormat) : undefined;
}

export interface ModelExport {
  /** the model as CPLEX LP or free MPS text */
  text: string;
  /**
   * JSON for `FILE.names.json`: the file's short names (x1.., c1..) → the IR's names
   * (`weights[AAPL]`, `budget`), and the rows and columns each component added, so a reader of the
   * file can tell which component a row of it came from.
   */
  names: string;
}

/** Renders an assembled model for `--write-model FILE.lp|FILE.mps`, so that any solver can be run on it by hand. */
export function modelExport(ir: ModelIR, format: ModelFileFormat): ModelExport {
  const rendered = format === 'lp' ? writeLp(ir) : writeMps(ir);
  const columns: Record<string, string> = {};
  rendered.columnNames.forEach((short, j) => (columns[short] = ir.cols.names[j]!));
  const rows: Record<string, string> = {};
  rendered.rowNames.forEach((short, i) => (rows[short] = ir.rows.names[i]!));
  const components = ir.components.map((c) => ({
    component: c.component,
    params: c.params,
    rows: c.rowCount > 0 ? [rendered.rowNames[c.rowStart], rendered.rowNames[c.rowStart + c.rowCount - 1]] : [],
    columns: c.colCount > 0 ? [rendered.columnNames[c.colStart], rendered.columnNames[c.colStart + c.colCount - 1]] : [],
  }));
  return { text: rendered.text, names: `${JSON.stringify({ model: ir.name, format, columns, rows, components }, null, 1)}\n` };
}
