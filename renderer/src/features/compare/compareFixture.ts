import type { CompareEntry, CompareResult } from '../../../../api/solvers.ts';

/** A run of a comparison for the renderer's tests: an optimal CBC solve from the heuristic's start unless told otherwise. */
export function compareEntry(over: Partial<CompareEntry> = {}): CompareEntry {
  return {
    solver: 'cbc',
    start: 'heuristic',
    status: 'optimal',
    solverStatus: 'Optimal',
    solverVersion: '2.10.8',
    message: null,
    objective: 7.4e-4,
    bound: 7.4e-4,
    gap: 0,
    seconds: 1.2,
    nodes: 14,
    iterations: 950,
    trackingError: 0.0187,
    names: 3,
    phases: [],
    progress: [],
    holdings: [
      { ticker: 'AAPL', weight: 0.5, shares: null },
      { ticker: 'MSFT', weight: 0.3, shares: null },
      { ticker: 'NVDA', weight: 0.2, shares: null },
    ],
    files: [],
    ...over,
  };
}

/** A comparison of HiGHS and CBC on the demo market, both from the heuristic's start, unless told otherwise. */
export function compareResult(over: Partial<CompareResult> = {}): CompareResult {
  return {
    runId: 7,
    useCase: 'index-tracking',
    universe: 'demo',
    asOf: '2025-12-31',
    modelClass: 'MILP',
    modelSize: { columns: 1129, integerColumns: 504, rows: 566, nonzeros: 32284, quadraticNonzeros: 0 },
    schedule: { concurrency: 2, cores: 2, words: 'in parallel: 2 solves at once on 2 cores' },
    start: { heuristic: 'kernel search', objective: 7.46e-4, seconds: 0.8 },
    noStartReason: null,
    entries: [compareEntry({ solver: 'highs', solverVersion: '1.11.0', solverStatus: 'Optimal' }), compareEntry()],
    agreement: { tolerance: 1e-6, compared: 2, disagreements: [] },
    warnings: [],
    spans: [],
    files: [],
    ...over,
  };
}
