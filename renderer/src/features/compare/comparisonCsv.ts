import type { CsvExport } from '../../../../api/runs.ts';
import type { CompareEntry, CompareResult } from '../../../../api/solvers.ts';

/** The columns of `jessica compare`'s comparison.csv (issue 16), so the screen's export reads like the command's file. */
export const comparisonColumns = ['solver', 'start', 'status', 'objective', 'bound', 'gap', 'seconds', 'nodes', 'iterations', 'tracking_error', 'names'] as const;

type Column = (typeof comparisonColumns)[number];

function valueOf(e: CompareEntry, column: Column): string | number | null {
  switch (column) {
    case 'tracking_error':
      return e.trackingError;
    case 'seconds':
      // to the millisecond, as `jessica compare` writes it: the clock's finer digits are noise
      return Math.round(e.seconds * 1000) / 1000;
    default:
      return e[column];
  }
}

/** A cell as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break, its quotes doubled. */
function cell(value: string | number | null, where: string): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    // JSON carries no NaN or Infinity; one here is a bug upstream, and the file must not pass it off as a number
    if (!Number.isFinite(value)) throw new Error(`${where}: ${value} is not a finite number`);
    return String(value);
  }
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The comparison table as a CSV to save: one row per run (solver and start), figures at full precision (seconds to the millisecond), blanks for unknowns. */
export function comparisonCsv(result: CompareResult): CsvExport {
  const fileName = `comparison-run-${result.runId}.csv`;
  const rows = result.entries.map((e, i) =>
    comparisonColumns.map((c) => cell(valueOf(e, c), `${fileName} row ${i + 1} (${e.solver}, ${e.start}) column ${c}`)).join(','),
  );
  return { fileName, csv: [comparisonColumns.join(','), ...rows].join('\n') + '\n' };
}
