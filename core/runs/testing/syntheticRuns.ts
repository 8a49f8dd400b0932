import type { Span } from '../../../api/domain.ts';
import type { ResourceSample, StoredRun } from '../../../api/runs.ts';

/**
 * Runs with the shapes the recorders store, at sizes and with edge cases a test chooses, for the waterfall and the
 * diff: a batch as the demo's stores it (load, returns, cluster, optimize with a span per cluster solve, minimum,
 * map, write, persist; see `jessica demo`), with its solves scheduled on a pool's lanes the way the HiGHS pool runs
 * them (each model to the thread that frees up first).
 */
export interface SyntheticBatch {
  models: number;
  lanes: number;
  /** clusters per model: clusters sharing a model are recorded at its one solve's time, as the batch does */
  clustersPerModel?: number;
  /**
   * `lane`: the cluster span itself carries attrs lane and thread; `worker`: the cluster span (a little longer: the
   * model assembled before, the answer read after) wraps a `worker` span with the lane, as recordPoolTask writes it
   */
  shape: 'lane' | 'worker';
  samples?: boolean;
}

export function syntheticBatch(options: SyntheticBatch, id = 1): StoredRun {
  const spans: Span[] = [];
  const add = (parent: number | null, name: string, startMs: number, durationMs: number, attrs?: Record<string, unknown>): Span => {
    const span: Span = { id: spans.length + 1, parent, name, startMs, durationMs, ...(attrs ? { attrs } : {}) };
    spans.push(span);
    return span;
  };
  let t = 3;
  for (const [name, ms] of [['load', 70], ['returns', 80], ['cluster', 12]] as const) {
    add(null, name, t, ms);
    t += ms;
  }
  const optimize = add(null, 'optimize', t, 0, { models: options.models });
  const free = Array.from({ length: options.lanes }, () => t + 1);
  const perModel = options.clustersPerModel ?? 1;
  let cluster = 0;
  for (let m = 0; m < options.models; m++) {
    const lane = free.indexOf(Math.min(...free));
    const start = free[lane]! + 0.2;
    const duration = 40 + ((m * 37) % 160);
    free[lane] = start + duration;
    for (let c = 0; c < perModel; c++) {
      const name = `c${String(++cluster).padStart(3, '0')}`;
      const attrs = { model: `m${m}`, source: c === 0 ? 'solved' : `same model as c${m}`, status: 'optimal' };
      let task: Span;
      if (options.shape === 'lane') task = add(optimize.id, name, start, duration, { ...attrs, thread: 10 + lane, lane });
      else {
        const wrapper = add(optimize.id, name, start - 1.5, duration + 2.5, attrs);
        task = add(wrapper.id, 'worker', start, duration, { thread: 10 + lane, lane });
      }
      add(task.id, 'heuristic', start, 0.4 * duration);
      add(task.id, 'pass', start + 0.4 * duration, 0.05 * duration);
      const mip = add(task.id, 'mip', start + 0.45 * duration, 0.55 * duration);
      add(mip.id, 'presolve', start + 0.45 * duration, 0.1 * duration);
    }
  }
  optimize.durationMs = Math.max(...free) + 1 - optimize.startMs;
  t = optimize.startMs + optimize.durationMs;
  for (const [name, ms] of [['minimum', 300], ['map', 500], ['write', 200], ['persist', 0]] as const) {
    add(null, name, t, ms);
    t += ms;
  }
  const samples: ResourceSample[] = [];
  if (options.samples) {
    for (let s = 0; s * 100 <= t; s++) {
      samples.push({ tMs: s * 100, cpuPercent: 100 + ((s * 53) % 100), rssMiB: 300 + s, heapUsedMiB: 120 + s / 2, childCpuPercent: null, childRssMiB: null });
    }
  }
  return storedRun(id, 'batch', spans, samples);
}

/** A run of `spans` as the store gives it back. */
export function storedRun(id: number, kind: string, spans: Span[], samples: ResourceSample[] = []): StoredRun {
  const durationMs = Math.max(0, ...spans.filter((s) => s.parent === null).map((s) => s.startMs + s.durationMs));
  return {
    id,
    createdAt: '2026-01-02T03:04:05.000Z',
    kind,
    status: 'done',
    universe: 'demo',
    useCase: 'index-tracking',
    solver: 'highs',
    options: {},
    result: null,
    machine: null,
    durationMs,
    spans,
    samples,
  };
}
