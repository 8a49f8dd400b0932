import { stringify } from 'csv-stringify/sync';
import type { BenchRow } from '../../api/bench.ts';
import { finiteNumberCells } from '../export/finiteNumbers.ts';

export const BENCH_CSV_COLUMNS = [
  'workload',
  'kind',
  'variant',
  'factor',
  'value',
  'setup',
  'data',
  'repeats',
  'median_ms',
  'min_ms',
  'max_ms',
  'stage_median_ms',
  'peak_rss_mib',
  'peak_heap_mib',
  'status',
  'reason',
  'answer',
  'run_ids',
  'environment',
] as const;

/**
 * bench.csv: one line per row of the bench. Times are ms (to 0.1), memory MiB (to 0.1); a figure the row has not
 * (a skipped row's times) is empty, never 0. `setup` is every factor as `name=value` joined by `;`, `stage_median_ms`
 * each top-level stage as `name=ms` joined by `;`, `run_ids` the stored runs of the timed repeats joined by `;`.
 */
export function benchCsv(rows: readonly BenchRow[], file = 'bench.csv'): string {
  const tenth = (v: number | null): number | string => (v === null ? '' : Math.round(v * 10) / 10);
  const lines = rows.map((r) => [
    r.workload,
    r.kind,
    r.label,
    r.factor ?? '',
    r.value ?? '',
    Object.entries(r.setup)
      .map(([k, v]) => `${k}=${v}`)
      .join(';'),
    r.data,
    r.repeats,
    tenth(r.medianMs),
    tenth(r.minMs),
    tenth(r.maxMs),
    Object.entries(r.stageMedianMs)
      .map(([k, v]) => `${k}=${Math.round(v * 10) / 10}`)
      .join(';'),
    tenth(r.peakRssMiB),
    tenth(r.peakHeapMiB),
    r.status,
    r.reason ?? '',
    r.answer ?? '',
    r.runIds.join(';'),
    r.environment,
  ]);
  return stringify(lines, { header: true, columns: [...BENCH_CSV_COLUMNS], cast: finiteNumberCells(file, BENCH_CSV_COLUMNS) });
}
