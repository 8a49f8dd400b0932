import { performance } from 'node:perf_hooks';
import type { Span } from '../../api/domain.ts';

export interface RunRecorderOptions {
  /**
   * Told of each span as it starts (its durationMs still 0), e.g. to report a job's stage as progress.
   * Spans added afterwards with addChildren were measured elsewhere and are not told.
   */
  onSpan?: (span: Readonly<Span>) => void;
}

/**
 * Records the stages of one job as spans relative to the job's start, for the execution waterfall
 * (DESIGN section 6). Nested calls become child spans.
 */
export class RunRecorder {
  readonly spans: Span[] = [];
  private readonly origin = performance.now();
  private readonly open: number[] = [];
  private readonly onSpan: RunRecorderOptions['onSpan'];

  constructor(options: RunRecorderOptions = {}) {
    this.onSpan = options.onSpan;
  }

  async span<T>(name: string, work: () => Promise<T> | T, attrs?: Record<string, unknown>): Promise<T> {
    const id = this.spans.length + 1;
    const span: Span = {
      id,
      parent: this.open.at(-1) ?? null,
      name,
      startMs: performance.now() - this.origin,
      durationMs: 0,
      ...(attrs ? { attrs: { ...attrs } } : {}),
    };
    this.spans.push(span);
    this.open.push(id);
    try {
      this.onSpan?.(span);
      return await work();
    } finally {
      span.durationMs = performance.now() - this.origin - span.startMs;
      this.open.pop();
    }
  }

  /**
   * Adds spans measured elsewhere (a solver's phases) under the span `parentName`, laid end to end from
   * its start. A dotted name nests: `mip.presolve` becomes `presolve` under the `mip` phase just added.
   */
  addChildren(parentName: string | Span, phases: readonly { name: string; durationMs: number; attrs?: Record<string, unknown> }[]): void {
    const parent = typeof parentName === 'string' ? [...this.spans].reverse().find((s) => s.name === parentName) : parentName;
    if (!parent) return;
    const cursor = new Map<number, number>([[parent.id, parent.startMs]]);
    const added = new Map<string, Span>();
    for (const p of phases) {
      const dot = p.name.lastIndexOf('.');
      const owner = dot > 0 ? (added.get(p.name.slice(0, dot)) ?? parent) : parent;
      const start = cursor.get(owner.id) ?? owner.startMs;
      const span: Span = {
        id: this.spans.length + 1,
        parent: owner.id,
        name: dot > 0 && owner !== parent ? p.name.slice(dot + 1) : p.name,
        startMs: start,
        durationMs: p.durationMs,
        ...(p.attrs ? { attrs: p.attrs } : {}),
      };
      this.spans.push(span);
      added.set(p.name, span);
      cursor.set(owner.id, start + p.durationMs);
    }
  }

  /**
   * Adds a span measured elsewhere at the time it ran (work done in parallel, e.g. one cluster's solve on a
   * pool thread) under the last span named `parentName` (or that span itself); `startedAt` is a performance.now()
   * timestamp. Answers the span added, to hang its own children on.
   */
  addTimed(parentName: string | Span, span: { name: string; startedAt: number; durationMs: number; attrs?: Record<string, unknown> }): Span | undefined {
    const parent = typeof parentName === 'string' ? [...this.spans].reverse().find((s) => s.name === parentName) : parentName;
    if (!parent) return undefined;
    const added: Span = {
      id: this.spans.length + 1,
      parent: parent.id,
      name: span.name,
      startMs: span.startedAt - this.origin,
      durationMs: span.durationMs,
      ...(span.attrs ? { attrs: span.attrs } : {}),
    };
    this.spans.push(added);
    return added;
  }

  annotate(name: string, attrs: Record<string, unknown>): void {
    const span = [...this.spans].reverse().find((s) => s.name === name);
    if (span) span.attrs = { ...span.attrs, ...attrs };
  }
}
