import type { CompareEntry } from '../../../../api/solvers.ts';
import { runKey, runLabel } from './compareRuns.ts';

/** One run's relative gap over its solve, in percent, at the seconds its log gave them. */
export interface GapSeries {
  key: string;
  label: string;
  points: { atSec: number; gapPercent: number }[];
}

/**
 * The gap over time of each run whose log gave one: the progress points with a gap (a point before the first
 * incumbent or bound has none), in time order. A run without any such point has no series.
 */
export function gapSeries(entries: readonly CompareEntry[]): GapSeries[] {
  return entries.flatMap((e) => {
    const points = e.progress
      .filter((p): p is typeof p & { gap: number } => p.gap !== null && Number.isFinite(p.gap) && Number.isFinite(p.atSec))
      .map((p) => ({ atSec: p.atSec, gapPercent: p.gap * 100 }))
      .sort((x, y) => x.atSec - y.atSec);
    return points.length > 0 ? [{ key: runKey(e), label: runLabel(e), points }] : [];
  });
}
