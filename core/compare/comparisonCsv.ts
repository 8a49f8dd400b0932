import { stringify } from 'csv-stringify/sync';
import type { CompareEntry } from '../../api/solvers.ts';
import { finiteNumberCells } from '../export/finiteNumbers.ts';

const COLUMNS = ['solver', 'start', 'status', 'objective', 'bound', 'gap', 'seconds', 'nodes', 'iterations', 'tracking_error', 'names'];

/**
 * comparison.csv: one row per solve of the compared model, `solver,start,status,objective,bound,gap,seconds,
 * nodes,iterations,tracking_error,names`; a figure the solver did not report is empty, never 0.
 */
export function comparisonCsv(entries: readonly CompareEntry[], file = 'comparison.csv'): string {
  const cell = (v: number | null): number | string => (v === null ? '' : v);
  const rows = entries.map((e) => [
    e.solver,
    e.start,
    e.status,
    cell(e.objective),
    cell(e.bound),
    cell(e.gap),
    Math.round(e.seconds * 1000) / 1000,
    cell(e.nodes),
    cell(e.iterations),
    cell(e.trackingError),
    cell(e.names),
  ]);
  return stringify(rows, { header: true, columns: COLUMNS, cast: finiteNumberCells(file, COLUMNS) });
}
