import type { Span } from '../../api/domain.ts';

/** A run's spans as a tree: who is under whom, siblings in the order they started. */
export interface SpanTree {
  /** top-level spans, and spans whose parent is not in the run (kept, so no span is ever lost from a drawing) */
  roots: Span[];
  children: ReadonlyMap<number, Span[]>;
}

const byStart = (a: Span, b: Span) => a.startMs - b.startMs || a.id - b.id;

/** Builds the tree in O(n log n): one pass to group by parent, then one sort per family. */
export function spanTree(spans: readonly Span[]): SpanTree {
  const ids = new Set(spans.map((s) => s.id));
  const roots: Span[] = [];
  const children = new Map<number, Span[]>();
  for (const span of spans) {
    if (span.parent === null || span.parent === span.id || !ids.has(span.parent)) {
      roots.push(span);
      continue;
    }
    let family = children.get(span.parent);
    if (!family) children.set(span.parent, (family = []));
    family.push(span);
  }
  roots.sort(byStart);
  for (const family of children.values()) family.sort(byStart);
  return { roots, children };
}

/**
 * Visits every span once, depth first (a span, then its children in the order they started), without recursion: a
 * chain of thousands of nested spans must not overflow the stack. `enter` answers the context its children get.
 * Spans caught in a cycle of parents (which no recorder writes, but a store may hold) are visited last, as roots.
 */
export function walkSpans<C>(tree: SpanTree, spans: readonly Span[], top: C, enter: (span: Span, depth: number, context: C) => C): void {
  const seen = new Set<number>();
  const stack: { span: Span; depth: number; context: C }[] = [];
  const run = (starts: readonly Span[]) => {
    for (let k = starts.length - 1; k >= 0; k--) stack.push({ span: starts[k]!, depth: 0, context: top });
    while (stack.length > 0) {
      const { span, depth, context } = stack.pop()!;
      if (seen.has(span.id)) continue;
      seen.add(span.id);
      const inner = enter(span, depth, context);
      const family = tree.children.get(span.id) ?? [];
      for (let k = family.length - 1; k >= 0; k--) stack.push({ span: family[k]!, depth: depth + 1, context: inner });
    }
  };
  run(tree.roots);
  if (seen.size < spans.length) run(spans.filter((s) => !seen.has(s.id)).sort(byStart));
}
