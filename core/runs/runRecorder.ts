import { performance } from 'node:perf_hooks';
import type { Span } from '../../api/domain.ts';
import type { ResourceSample } from '../../api/runs.ts';
import { ResourceSampler, type ResourceSamplerOptions } from './resourceSampler.ts';
import type { RunArtifact } from '../store/runArtifacts.ts';
import type { InputFingerprint } from './runInputs.ts';

export interface RunRecorderOptions {
  /**
   * Told of each span as it starts (its durationMs still 0), e.g. to report a job's stage as progress.
   * Spans added afterwards with addChildren were measured elsewhere and are not told.
   */
  onSpan?: (span: Readonly<Span>) => void;
}

/**
 * Records the stages of one job as spans relative to the job's start, for the execution waterfall
 * (DESIGN section 6). Nested calls become child spans. It also owns the job's resource track
 * (startSampling/stopSampling: CPU and memory on the same clock, resourceSampler.ts), and places work done
 * in pool threads and child processes by the epoch times they report (addTimedEpoch).
 */
export class RunRecorder {
  readonly spans: Span[] = [];
  private readonly origin = performance.now();
  /** the recorder's start as epoch ms on the clock every thread shares (SolveTiming) */
  readonly originEpochMs = performance.timeOrigin + this.origin;
  private readonly open: number[] = [];
  private readonly onSpan: RunRecorderOptions['onSpan'];
  private sampler: ResourceSampler | undefined;
  /** pool threads by threadId, numbered in the order they first appear: the waterfall's lanes */
  private readonly lanes = new Map<number, number>();
  /** files kept with the run once it is stored (a solver's log), for its bundle */
  readonly artifacts: RunArtifact[] = [];
  /** fingerprints of what the job read, taken as it read them (its price panel) */
  readonly inputs: InputFingerprint[] = [];

  constructor(options: RunRecorderOptions = {}) {
    this.onSpan = options.onSpan;
  }

  /** Keeps a file with the run (recordedJob stores it beside the run): a solver's log, named `<solver>.log`. */
  keep(name: string, text: string): void {
    const at = this.artifacts.findIndex((a) => a.name === name);
    if (at >= 0) this.artifacts.splice(at, 1);
    this.artifacts.push({ name, text });
  }

  /** Notes the fingerprint of an input the job has just read (runInputs.ts), so it is not read again to be kept. */
  noteInput(input: InputFingerprint): void {
    this.inputs.push(input);
  }

  /** ms since the recorder started: the clock of its spans and samples */
  now(): number {
    return performance.now() - this.origin;
  }

  async span<T>(name: string, work: () => Promise<T> | T, attrs?: Record<string, unknown>): Promise<T> {
    const span = this.opened(name, attrs);
    try {
      this.onSpan?.(span);
      return await work();
    } finally {
      this.closed(span);
    }
  }

  /** As span, for synchronous work inside a synchronous function (a transaction that must not await). */
  spanSync<T>(name: string, work: () => T, attrs?: Record<string, unknown>): T {
    const span = this.opened(name, attrs);
    try {
      this.onSpan?.(span);
      return work();
    } finally {
      this.closed(span);
    }
  }

  private opened(name: string, attrs: Record<string, unknown> | undefined): Span {
    this.sampler?.sampleIfDue();
    const id = this.spans.length + 1;
    const span: Span = {
      id,
      parent: this.open.at(-1) ?? null,
      name,
      startMs: this.now(),
      durationMs: 0,
      ...(attrs ? { attrs: { ...attrs } } : {}),
    };
    this.spans.push(span);
    this.open.push(id);
    return span;
  }

  private closed(span: Span): void {
    span.durationMs = this.now() - span.startMs;
    this.open.pop();
  }

  /** Starts sampling the process's CPU and memory on this recorder's clock (ResourceSampler); a second call does nothing. */
  startSampling(options?: ResourceSamplerOptions): void {
    this.sampler ??= new ResourceSampler(() => this.now(), options);
    this.sampler.start();
  }

  /** Stops the sampling, with a last sample; the samples stay. */
  stopSampling(): void {
    this.sampler?.stop();
  }

  /** the resource track so far (empty when sampling never started) */
  get samples(): ResourceSample[] {
    return this.sampler ? [...this.sampler.samples] : [];
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
   * Adds a span for work that reported its own start and end as epoch ms (SolveTiming: a pool thread's task, a child
   * process from spawn to exit) under `parent`, placed on this recorder's clock. Work on a pool thread (`thread`, its
   * threadId) gets the attrs `thread` and `lane`: 0, 1, … for the threads in the order they first appear in this run,
   * so a waterfall can draw the pool's lanes. Answers the span added, to hang its own children on.
   */
  addTimedEpoch(
    parent: string | Span,
    span: { name: string; startedEpochMs: number; endedEpochMs: number; thread?: number | null; attrs?: Record<string, unknown> },
  ): Span | undefined {
    const owner = typeof parent === 'string' ? [...this.spans].reverse().find((s) => s.name === parent) : parent;
    if (!owner) return undefined;
    const where = span.thread === undefined || span.thread === null ? {} : { thread: span.thread, lane: this.laneOf(span.thread) };
    const attrs = { ...span.attrs, ...where };
    const added: Span = {
      id: this.spans.length + 1,
      parent: owner.id,
      name: span.name,
      startMs: span.startedEpochMs - this.originEpochMs,
      durationMs: span.endedEpochMs - span.startedEpochMs,
      ...(Object.keys(attrs).length > 0 ? { attrs } : {}),
    };
    this.spans.push(added);
    return added;
  }

  /** The lane of a pool thread in this run: its place in the order the threads first appeared. */
  laneOf(thread: number): number {
    let lane = this.lanes.get(thread);
    if (lane === undefined) this.lanes.set(thread, (lane = this.lanes.size));
    return lane;
  }

  annotate(name: string, attrs: Record<string, unknown>): void {
    const span = [...this.spans].reverse().find((s) => s.name === name);
    if (span) span.attrs = { ...span.attrs, ...attrs };
  }
}
