import { stringify } from 'csv-stringify/sync';
import type { UseCaseMatrix } from '../../api/useCases.ts';

/**
 * The matrix as CSV: `use_case,title,origin,version,solver`, then one column per component id. A cell is empty
 * when the component is off and its parameters as a JSON object when on (`{}` without parameters), so a
 * spreadsheet shows the pattern and a program reads the values back exactly.
 */
export function matrixCsv(matrix: UseCaseMatrix): string {
  return stringify([
    ['use_case', 'title', 'origin', 'version', 'solver', ...matrix.columns.map((c) => c.component)],
    ...matrix.rows.map((r) => [r.useCase, r.title, r.origin, r.version, r.solver, ...r.cells.map((c) => (c.enabled ? JSON.stringify(c.params) : ''))]),
  ]);
}
