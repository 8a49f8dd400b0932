import type { Span } from '../../api/domain.ts';
import type { StoredRun, WaterfallBar, WaterfallLayout } from '../../api/runs.ts';
import { durationText } from './durationText.ts';
import { spanTree, walkSpans, type SpanTree } from './spanTree.ts';

/**
 * Two bars on one lane that overlap by less than this are taken as back to back: a worker's times are placed on the
 * run's clock by an offset measured once, so one task's end and the next one's start on the same thread can
 * disagree by a fraction of a millisecond. Anything larger is a real overlap and gets a row of its own.
 */
const LANE_CLOCK_SLACK_MS = 0.5;

interface Context {
  stage: string;
  /** the spans this one is among (its parent's children, or the roots): where its lane block is reserved */
  siblings: readonly Span[];
  /** the row of the lane bar this span is inside, when it is inside one */
  laneRow: number | null;
}

/** Where a span's pool work ran: its lane, and from when to when it kept that thread busy. */
interface LaneWork {
  lane: number;
  startMs: number;
  endMs: number;
}

/**
 * A stored run's waterfall: one bar per span, in depth-first order (a span, then its children as they started).
 *
 * Rows: a span takes the next free row below everything drawn before it, so a child is always below its parent and
 * a parent's subtree is a contiguous block of rows. The exception is pool work: when two or more children of one
 * parent ran on the pool's worker threads (a batch's cluster solves), they share one row per lane, placed where the
 * first of them comes in the order, so hundreds of cluster solves show as the pool's few busy lanes rather than
 * hundreds of rows. A span is pool work when it carries `attrs.lane`, or when it wraps pool work: below the top
 * level, a span without a lane whose children's pool work all ran on one lane (a cluster's span around the `worker`
 * task that solved it) is drawn on that lane. Bars of one lane are packed by when their pool work held the thread.
 * Clusters that share one model are each recorded at that model's solve, the same work at the same time: they are
 * drawn over each other on the lane's row (the drawing lists the ones underneath in the top one's details), since
 * rows of copies would hide the lane's real occupancy. Two bars of a lane that overlap otherwise (a solve retried
 * on another thread) go onto a further row of that lane, so no work hides other work.
 *
 * What runs inside a lane bar (a cluster solve's worker task and solver phases: heuristic, presolve, branch and
 * bound) takes its lane bar's row and is drawn inset inside it, a little thinner at each level. Rows of their own
 * would multiply the lanes by the phases and break the picture of the pool's lanes; leaving them out would lose
 * where each solve's time went. Inside the bar each phase is at its own time, hoverable for its details, and the
 * lane stays one row.
 *
 * Cost: O(n log n) for n spans: sorting each family by start, and packing the lanes with a heap of row ends.
 */
export function waterfallLayout(run: StoredRun): WaterfallLayout {
  const tree = spanTree(run.spans);
  const work = laneWork(tree, run.spans);
  const bars: WaterfallBar[] = [];
  const laneRows = new Map<number, number>();
  let nextRow = 0;

  walkSpans<Context>(tree, run.spans, { stage: '', siblings: tree.roots, laneRow: null }, (span, depth, context) => {
    const stage = depth === 0 ? span.name : context.stage;
    let row: number;
    let onLane = false;
    if (work.has(span.id) && context.laneRow === null && !laneRows.has(span.id)) {
      nextRow = reserveLanes(context.siblings, work, nextRow, laneRows);
    }
    if (context.laneRow !== null) row = context.laneRow;
    else if (laneRows.has(span.id)) {
      row = laneRows.get(span.id)!;
      onLane = true;
    } else row = nextRow++;
    bars.push({
      spanId: span.id,
      parent: span.parent,
      name: span.name,
      stage,
      depth,
      row,
      lane: laneOf(span) ?? (onLane ? work.get(span.id)!.lane : null),
      startMs: span.startMs,
      durationMs: span.durationMs,
      ...(span.attrs === undefined ? {} : { attrs: span.attrs }),
    });
    return { stage, siblings: tree.children.get(span.id) ?? [], laneRow: context.laneRow ?? (onLane ? row : null) };
  });

  const totalMs = bars.reduce((end, b) => Math.max(end, finite(b.startMs) + Math.max(0, finite(b.durationMs))), 0);
  const parts = [`${run.kind} ${run.id}`, run.universe, run.useCase, durationText(totalMs)].filter((p): p is string => p !== null && p !== '');
  return {
    runId: run.id,
    kind: run.kind,
    status: run.status,
    title: parts.join(' · '),
    createdAt: run.createdAt,
    totalMs,
    rows: nextRow,
    bars,
    stages: [...new Set(tree.roots.map((s) => s.name))],
    samples: run.samples,
  };
}

/**
 * Each span's pool work (see waterfallLayout), children before parents: its own lane and time, or for a span below
 * the top level without a lane, the one lane all its children's pool work ran on and the time that work spans.
 */
function laneWork(tree: SpanTree, spans: readonly Span[]): Map<number, LaneWork> {
  const order: { span: Span; depth: number }[] = [];
  walkSpans(tree, spans, null, (span, depth) => {
    order.push({ span, depth });
    return null;
  });
  const work = new Map<number, LaneWork>();
  for (let k = order.length - 1; k >= 0; k--) {
    const { span, depth } = order[k]!;
    const own = laneOf(span);
    if (own !== null) {
      const startMs = finite(span.startMs);
      work.set(span.id, { lane: own, startMs, endMs: startMs + Math.max(0, finite(span.durationMs)) });
      continue;
    }
    if (depth === 0) continue;
    let wrapped: LaneWork | undefined;
    for (const child of tree.children.get(span.id) ?? []) {
      const inner = work.get(child.id);
      if (!inner) continue;
      if (wrapped && wrapped.lane !== inner.lane) {
        wrapped = undefined;
        break;
      }
      wrapped = wrapped
        ? { lane: wrapped.lane, startMs: Math.min(wrapped.startMs, inner.startMs), endMs: Math.max(wrapped.endMs, inner.endMs) }
        : { ...inner };
    }
    if (wrapped) work.set(span.id, wrapped);
  }
  return work;
}

/** The worker thread a span ran on, when the recorder says so: a whole number from 0. */
export function laneOf(span: Pick<Span, 'attrs'>): number | null {
  const lane = span.attrs?.lane;
  return typeof lane === 'number' && Number.isInteger(lane) && lane >= 0 ? lane : null;
}

/**
 * Gives the pool work among `siblings` its rows, from `firstRow` on, when there are two or more of them (a lone
 * one is clearer on a row named after it): the lanes in their order, one row each, and within a lane the bars in
 * the order their work started, each on the row that freed up first (a min-heap of row ends: optimal interval
 * partitioning, so a lane takes a second row only where two of its bars really overlap), a copy of work already
 * placed on that work's row. Answers the next free row.
 */
function reserveLanes(siblings: readonly Span[], work: ReadonlyMap<number, LaneWork>, firstRow: number, laneRows: Map<number, number>): number {
  const lanes = new Map<number, { id: number; work: LaneWork }[]>();
  let count = 0;
  for (const span of siblings) {
    const w = work.get(span.id);
    if (!w) continue;
    count++;
    let list = lanes.get(w.lane);
    if (!list) lanes.set(w.lane, (list = []));
    list.push({ id: span.id, work: w });
  }
  if (count < 2) return firstRow;
  let row = firstRow;
  for (const lane of [...lanes.keys()].sort((a, b) => a - b)) {
    const ends = new RowEnds();
    // the same work recorded for several spans: the times come from the same task, so they are equal to the bit
    const sameWork = new Map<string, number>();
    let used = 0;
    const list = lanes.get(lane)!.sort((a, b) => a.work.startMs - b.work.startMs || a.id - b.id);
    for (const { id, work: w } of list) {
      const key = `${w.startMs}|${w.endMs}`;
      let offset = sameWork.get(key);
      if (offset === undefined) {
        const free = ends.peek();
        offset = free !== undefined && free.end <= w.startMs + LANE_CLOCK_SLACK_MS ? ends.pop()!.offset : used++;
        ends.push({ end: w.endMs, offset });
        sameWork.set(key, offset);
      }
      laneRows.set(id, row + offset);
    }
    row += used;
  }
  return row;
}

/** A min-heap of the rows of one lane by the end of their last bar. */
class RowEnds {
  private readonly heap: { end: number; offset: number }[] = [];

  peek(): { end: number; offset: number } | undefined {
    return this.heap[0];
  }

  push(item: { end: number; offset: number }): void {
    const h = this.heap;
    h.push(item);
    let k = h.length - 1;
    while (k > 0) {
      const up = (k - 1) >> 1;
      if (h[up]!.end <= h[k]!.end) break;
      [h[up], h[k]] = [h[k]!, h[up]!];
      k = up;
    }
  }

  pop(): { end: number; offset: number } | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < h.length && h[l]!.end < h[m]!.end) m = l;
        if (r < h.length && h[r]!.end < h[m]!.end) m = r;
        if (m === k) break;
        [h[m], h[k]] = [h[k]!, h[m]!];
        k = m;
      }
    }
    return top;
  }
}

function finite(x: number): number {
  return Number.isFinite(x) ? x : 0;
}
