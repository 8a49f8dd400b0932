import type { BenchResult, BenchRow } from '../../../../api/bench.ts';
import type { StoredRun } from '../../../../api/runs.ts';

/** A bench row as the core answers one, with what a test changes. */
export function benchRow(over: Partial<BenchRow> = {}): BenchRow {
  return {
    label: 'optimize · baseline',
    workload: 'optimize',
    kind: 'optimize',
    factor: null,
    value: null,
    setup: { solver: 'highs', universe: 'sp500', lookback: 252, objective: 'mad', store: 'sqlite' },
    data: 'sp500: 504 names × 253 dates to 2021-04-21',
    repeats: 3,
    medianMs: 912.4,
    minMs: 850.2,
    maxMs: 1203.9,
    stageMedianMs: { load: 110, returns: 15, assemble: 40, solve: 700 },
    peakRssMiB: 412.3,
    peakHeapMiB: 120.5,
    answer: 'optimal, objective 0.0001548, tracking error 0.560 %, 178 names',
    status: 'ok',
    reason: null,
    runIds: [11, 12, 13],
    environment: 'highs 1.15.1 (pool of 2 threads)',
    ...over,
  };
}

/** A finished bench of three rows: the baseline, CBC, and the postgres variant skipped. */
export function benchResult(runId: number): BenchResult {
  return {
    runId,
    matrix: 'tiny',
    command: 'jessica bench --preset tiny',
    repeats: 3,
    rows: [
      benchRow(),
      benchRow({ label: 'optimize · solver=cbc', factor: 'solver', value: 'cbc', medianMs: 640, minMs: 600, maxMs: 700, runIds: [14, 15, 16], environment: 'cbc 2.10.8' }),
      benchRow({
        label: 'optimize · store=postgres',
        factor: 'store',
        value: 'postgres',
        data: '',
        repeats: 0,
        medianMs: null,
        minMs: null,
        maxMs: null,
        stageMedianMs: {},
        peakRssMiB: null,
        peakHeapMiB: null,
        answer: null,
        status: 'skipped',
        reason: 'no team database is configured (the prices would be read from it): set JESSICA_PG_URL',
        runIds: [],
        environment: '',
      }),
    ],
    files: [],
    environment: {
      hostname: 'bench-box',
      platform: 'linux 6.1.0',
      arch: 'x64',
      cpu: 'Intel(R) Xeon(R) Processor',
      cores: 2,
      memoryGiB: 23.5,
      node: '20.20.2',
      packages: { jessica: '0.1.0', highs: '1.15.3' },
      solvers: { highs: '1.15.1', cbc: '2.10.8' },
      env: {},
    },
    setupSeconds: 4.2,
    seconds: 31.5,
    failed: 0,
    skipped: 1,
  };
}

/** The stored run of that bench, as runs/show answers it. */
export function benchRun(runId: number, createdAt = '2026-12-05T13:00:00.000Z'): StoredRun {
  const result = benchResult(runId);
  return {
    id: runId,
    createdAt,
    kind: 'bench',
    status: 'done',
    universe: null,
    useCase: null,
    solver: null,
    options: { matrix: 'bench/matrix.tiny.yaml' },
    result,
    machine: result.environment,
    durationMs: 31_500,
    spans: [],
    samples: [],
  };
}
