import type { Span } from '../../../../api/domain.ts';

export interface SpanRow {
  id: number;
  name: string;
  depth: number;
  startMs: number;
  durationMs: number;
}

/** Spans in start order with their depth under their parents, for a waterfall read top to bottom. */
export function spanRows(spans: Span[]): SpanRow[] {
  const byId = new Map(spans.map((s) => [s.id, s]));
  const depthOf = (s: Span): number => {
    let depth = 0;
    for (let p = s.parent; p != null && depth < spans.length; p = byId.get(p)?.parent ?? null) depth++;
    return depth;
  };
  return [...spans]
    .sort((a, b) => a.startMs - b.startMs || depthOf(a) - depthOf(b) || a.id - b.id)
    .map((s) => ({ id: s.id, name: s.name, depth: depthOf(s), startMs: s.startMs, durationMs: s.durationMs }));
}
