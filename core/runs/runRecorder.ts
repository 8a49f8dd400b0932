import { performance } from 'node:perf_hooks';
import type { Span } from '../../api/domain.ts';

/**
 * Records the stages of one job as spans relative to the job's start, for the execution waterfall
 * (DESIGN section 6). Nested calls become child spans.
 */
export class RunRecorder {
  readonly spans: Span[] = [];
  private readonly origin = performance.now();
  private readonly open: number[] = [];

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
      return await work();
    } finally {
      span.durationMs = performance.now() - this.origin - span.startMs;
      this.open.pop();
    }
  }

  /** Adds spans measured elsewhere (e.g. solver phases from its log) under `parent`, laid end to end from `startMs`. */
  addChildren(parentName: string, phases: { name: string; durationMs: number; attrs?: Record<string, unknown> }[]): void {
    const parent = [...this.spans].reverse().find((s) => s.name === parentName);
    if (!parent) return;
    let start = parent.startMs;
    for (const p of phases) {
      this.spans.push({ id: this.spans.length + 1, parent: parent.id, name: p.name, startMs: start, durationMs: p.durationMs, ...(p.attrs ? { attrs: p.attrs } : {}) });
      start += p.durationMs;
    }
  }

  annotate(name: string, attrs: Record<string, unknown>): void {
    const span = [...this.spans].reverse().find((s) => s.name === name);
    if (span) span.attrs = { ...span.attrs, ...attrs };
  }
}
