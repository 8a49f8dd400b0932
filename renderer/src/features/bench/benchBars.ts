import type { BenchRow } from '../../../../api/bench.ts';
import type { BenchBar } from '../../charts/BenchBarChart.tsx';

/** A row's variant as the table and the charts say it: `baseline`, `solver=cbc`, `solver=cbc, objective=variance`. */
export function variantOf(row: BenchRow): string {
  if (row.factor !== null) return `${row.factor}=${row.value}`;
  return row.label.startsWith(`${row.workload} · `) ? row.label.slice(row.workload.length + 3) : row.label;
}

/**
 * The rows that ran, as bars of their median seconds with the fastest and slowest run as the spread, coloured by the
 * factor each changes (a combination by `combination`); rows that were skipped or failed have no time and no bar.
 */
export function timeBars(rows: readonly BenchRow[]): BenchBar[] {
  return rows
    .filter((r) => r.medianMs !== null)
    .map((r) => ({
      label: r.label,
      group: groupOf(r),
      value: r.medianMs! / 1000,
      ...(r.minMs !== null && r.maxMs !== null ? { low: r.minMs / 1000, high: r.maxMs / 1000 } : {}),
    }));
}

/** The rows' peak resident memory, MiB, coloured as their time bars. */
export function memoryBars(rows: readonly BenchRow[]): BenchBar[] {
  return rows.filter((r) => r.peakRssMiB !== null).map((r) => ({ label: r.label, group: groupOf(r), value: r.peakRssMiB! }));
}

function groupOf(row: BenchRow): string {
  return row.factor ?? (variantOf(row) === 'baseline' ? 'baseline' : 'combination');
}
