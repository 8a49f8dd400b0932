import type { BenchRow } from '../../api/bench.ts';
import type { StoredRun } from '../../api/runs.ts';

/** What a row's timed runs measured, from their wall times and their stored runs (spans and resource samples). */
export type RowMeasures = Pick<BenchRow, 'medianMs' | 'minMs' | 'maxMs' | 'stageMedianMs' | 'peakRssMiB' | 'peakHeapMiB' | 'data'>;

/** The middle value; the mean of the two middle ones for an even count. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * A row's figures: the median, fastest and slowest wall time; each top-level stage's median time (a stage some runs
 * lack is the median of those that have it); the peak resident set and V8 heap over the runs' resource samples and
 * `ownPeak` (the process read right after each run, which a run too short to be sampled still has).
 */
export function rowMeasures(times: readonly number[], runs: readonly StoredRun[], ownPeak: { rssMiB: number; heapMiB: number } | null): RowMeasures {
  const stages = new Map<string, number[]>();
  for (const run of runs) {
    const perStage = new Map<string, number>();
    for (const span of run.spans) if (span.parent === null) perStage.set(span.name, (perStage.get(span.name) ?? 0) + span.durationMs);
    for (const [name, ms] of perStage) stages.set(name, [...(stages.get(name) ?? []), ms]);
  }
  const rss = runs.flatMap((r) => r.samples.map((x) => x.rssMiB));
  const heap = runs.flatMap((r) => r.samples.map((x) => x.heapUsedMiB));
  if (ownPeak) {
    rss.push(ownPeak.rssMiB);
    heap.push(ownPeak.heapMiB);
  }
  return {
    medianMs: times.length > 0 ? median(times) : null,
    minMs: times.length > 0 ? Math.min(...times) : null,
    maxMs: times.length > 0 ? Math.max(...times) : null,
    stageMedianMs: Object.fromEntries([...stages].map(([name, ms]) => [name, median(ms)])),
    peakRssMiB: rss.length > 0 ? Math.max(...rss) : null,
    peakHeapMiB: heap.length > 0 ? Math.max(...heap) : null,
    data: runs[0] ? dataRead(runs[0]) : '',
  };
}

/** `sp500: 504 names × 253 dates to 2021-04-21, 1,000 accounts, read from the team database …` */
function dataRead(run: StoredRun): string {
  const load = run.spans.find((s) => s.name === 'load' && s.parent === null);
  const attrs = load?.attrs ?? {};
  const result = (run.result ?? {}) as { asOf?: unknown };
  const count = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US') : '?');
  const parts = [`${run.universe ?? '?'}: ${count(attrs.members)} names × ${count(attrs.dates)} dates${typeof result.asOf === 'string' ? ` to ${result.asOf}` : ''}`];
  if (typeof attrs.accounts === 'number') parts.push(`${count(attrs.accounts)} accounts`);
  if (typeof attrs.source === 'string') parts.push(`prices from the ${attrs.source}`);
  return parts.join(', ');
}
