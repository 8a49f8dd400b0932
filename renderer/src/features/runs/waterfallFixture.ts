import type { ResourceSample, RunSummary, WaterfallBar, WaterfallLayout } from '../../../../api/runs.ts';

/** Hand-made waterfalls for the Runs screen's tests, shaped as runs/layout answers them. */

const bar = (spanId: number, over: Partial<WaterfallBar> & Pick<WaterfallBar, 'name' | 'stage' | 'row' | 'startMs' | 'durationMs'>): WaterfallBar => ({
  spanId,
  parent: null,
  depth: 0,
  lane: null,
  ...over,
});

const sample = (tMs: number, cpuPercent: number, rssMiB: number, child: number | null = null): ResourceSample => ({
  tMs,
  cpuPercent,
  rssMiB,
  heapUsedMiB: rssMiB / 2,
  childCpuPercent: child,
  childRssMiB: child === null ? null : 40,
});

/** An optimize run of 1 s: load, returns, a solve with two phases under it, persist; sampled every 250 ms. */
export function optimizeLayout(runId = 7): WaterfallLayout {
  return {
    runId,
    kind: 'optimize',
    status: 'optimal',
    title: `optimize ${runId} · demo · index-tracking · 1.00 s`,
    createdAt: '2026-04-10T12:00:00.000Z',
    totalMs: 1000,
    rows: 6,
    stages: ['load', 'returns', 'solve', 'persist'],
    bars: [
      bar(1, { name: 'load', stage: 'load', row: 0, startMs: 0, durationMs: 100, attrs: { tickers: 504 } }),
      bar(2, { name: 'returns', stage: 'returns', row: 1, startMs: 100, durationMs: 50 }),
      bar(3, { name: 'solve', stage: 'solve', row: 2, startMs: 150, durationMs: 800, attrs: { solver: 'highs', objective: 0.000746123456 } }),
      bar(4, { name: 'presolve', stage: 'solve', parent: 3, depth: 1, row: 3, startMs: 150, durationMs: 100 }),
      bar(5, { name: 'mip', stage: 'solve', parent: 3, depth: 1, row: 4, startMs: 250, durationMs: 700 }),
      bar(6, { name: 'persist', stage: 'persist', row: 5, startMs: 950, durationMs: 50 }),
    ],
    samples: [sample(0, 50, 200), sample(250, 180, 260, 90), sample(500, 190, 300, null), sample(750, 120, 310, 95), sample(1000, 40, 290, 20)],
  };
}

/** A batch of 2.1 s: four clusters solved on a pool of two lanes under `optimize` (one with its heuristic phase), then persist. */
export function batchLayout(runId = 9): WaterfallLayout {
  return {
    runId,
    kind: 'batch',
    status: 'done',
    title: `batch ${runId} · demo · index-tracking · 2.10 s`,
    createdAt: '2026-04-10T12:05:00.000Z',
    totalMs: 2100,
    rows: 5,
    stages: ['load', 'optimize', 'persist'],
    bars: [
      bar(1, { name: 'load', stage: 'load', row: 0, startMs: 0, durationMs: 200 }),
      bar(2, { name: 'optimize', stage: 'optimize', row: 1, startMs: 200, durationMs: 1800 }),
      bar(3, { name: 'cluster growth/large', stage: 'optimize', parent: 2, depth: 1, row: 2, lane: 0, startMs: 200, durationMs: 700, attrs: { accounts: 41 } }),
      // the solve's heuristic phase: on its lane's row, drawn inside it
      bar(8, { name: 'heuristic', stage: 'optimize', parent: 3, depth: 2, row: 2, startMs: 200, durationMs: 300 }),
      bar(4, { name: 'cluster value/small', stage: 'optimize', parent: 2, depth: 1, row: 3, lane: 1, startMs: 200, durationMs: 1100 }),
      bar(5, { name: 'cluster growth/small', stage: 'optimize', parent: 2, depth: 1, row: 2, lane: 0, startMs: 900, durationMs: 600 }),
      bar(6, { name: 'cluster value/large', stage: 'optimize', parent: 2, depth: 1, row: 3, lane: 1, startMs: 1300, durationMs: 700 }),
      bar(7, { name: 'persist', stage: 'persist', row: 4, startMs: 2000, durationMs: 100 }),
    ],
    samples: [sample(0, 90, 210), sample(1000, 195, 420), sample(2100, 60, 400)],
  };
}

export function runSummary(over: Partial<RunSummary> & Pick<RunSummary, 'id' | 'kind'>): RunSummary {
  return {
    createdAt: '2026-04-10T12:00:00.000Z',
    status: 'optimal',
    universe: 'demo',
    useCase: 'index-tracking',
    solver: 'highs',
    options: {},
    result: null,
    machine: null,
    durationMs: 1000,
    ...over,
  };
}
