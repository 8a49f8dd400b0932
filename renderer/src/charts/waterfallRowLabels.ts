import type { WaterfallBar } from '../../../api/runs.ts';

export interface WaterfallRowLabel {
  row: number;
  /** `lane N` for a row of the pool's lanes, else the name of the row's bar */
  label: string;
  depth: number;
  lane: number | null;
}

/**
 * What each row of a waterfall is called, from the bars at the row's least depth (those drawn inside them are
 * phases of theirs). Several bars side by side on a lane are that lane of the pool: `lane 0`, and `lane 0 (2)` for a
 * lane's further row where two of its bars overlapped. A lone bar that ran on a lane keeps its name: `solve · lane 1`.
 * Any other row is named after its first bar, at its depth.
 */
export function waterfallRowLabels(rows: number, bars: readonly WaterfallBar[]): WaterfallRowLabel[] {
  const base: WaterfallBar[][] = Array.from({ length: rows }, () => []);
  for (const bar of bars) {
    const onRow = base[bar.row];
    if (!onRow) continue;
    const depth = onRow[0]?.depth;
    if (depth === undefined || bar.depth === depth) onRow.push(bar);
    else if (bar.depth < depth) onRow.splice(0, onRow.length, bar);
  }
  const laneRowsSeen = new Map<string, number>();
  return base.map((onRow, row) => {
    const first = onRow.reduce<WaterfallBar | undefined>((f, b) => (!f || b.startMs < f.startMs ? b : f), undefined);
    if (!first) return { row, label: '', depth: 0, lane: null };
    if (first.lane === null) return { row, label: first.name, depth: first.depth, lane: null };
    if (onRow.length === 1) return { row, label: `${first.name} · lane ${first.lane}`, depth: first.depth, lane: first.lane };
    const key = `${first.parent}:${first.lane}`;
    const seen = (laneRowsSeen.get(key) ?? 0) + 1;
    laneRowsSeen.set(key, seen);
    return { row, label: `lane ${first.lane}${seen > 1 ? ` (${seen})` : ''}`, depth: first.depth, lane: first.lane };
  });
}
