import type { SolverPhase } from '../backend.ts';
import { PHASE, type SolverPhaseName } from '../solverPhases.ts';

/** One line of the HiGHS log and when it arrived, in ms since `run()` started. */
export interface TimedLogLine {
  atMs: number;
  text: string;
}

/**
 * A row of the MIP log's node table (HighsMipSolverData::printDisplayLine): an optional solution-source
 * letter, then nodes processed, in queue and leaves (HiGHS abbreviates large counts as `12k`, `3m`),
 * then the share of the tree explored, e.g. ` T     304      21       140  51.00%   0.0053   0.0063  16.94% ...`.
 */
const NODE_ROW = /^(?:[A-Za-z]\s+)?(\d+)[km]?\s+\d+[km]?\s+\d+[km]?\s+\d+(?:\.\d+)?%\s/;

/**
 * Lines at which HiGHS 1.15 enters a phase (names in solverPhases.ts). A phase lasts until the next marker;
 * the closing report ("Model status", "Solving report") ends the last one. Read from real logs of LP, QP
 * and MIP runs; a HiGHS release that rewords them yields fewer phases, never wrong times.
 *
 * A MIP's root ends at the first node-table row with a node processed. HiGHS prints no line when branching
 * starts, and prints a row without a new incumbent at most every `mip_min_logging_interval` seconds
 * (highsSolve sets 1 s), so the split is late by up to that interval, never early.
 */
const MARKERS: { test: (text: string) => boolean; phase: SolverPhaseName | undefined }[] = [
  { test: (t) => /^Presolving model/.test(t), phase: PHASE.presolve },
  {
    test: (t) =>
      /^Solving the presolved (LP|QP)|^Solving (LP|QP|the LP|the QP) without presolve|^Solving (LP|QP)\b|^Problem not reduced by presolve: solving the (LP|QP)/.test(t),
    phase: PHASE.solve,
  },
  { test: (t) => /^Solving MIP model with/.test(t), phase: PHASE.root },
  { test: (t) => Number(NODE_ROW.exec(t)?.[1] ?? 0) > 0, phase: PHASE.branchAndBound },
  { test: (t) => /^Performed postsolve|^Postsolve/.test(t), phase: PHASE.postsolve },
  { test: (t) => /^Solving report|^Model status\s*:/.test(t), phase: undefined },
];

/**
 * Solver phases with their wall-clock durations, summed by name in order of first appearance
 * (a MIP restart presolves twice). Time before the first marker is left out: it is HiGHS reading
 * and scaling the model, a few ms.
 */
export function phasesFromLog(lines: readonly TimedLogLine[], runMs: number): SolverPhase[] {
  const totals = new Map<string, number>();
  let open: { phase: string; atMs: number } | undefined;
  const close = (atMs: number) => {
    if (open) totals.set(open.phase, (totals.get(open.phase) ?? 0) + Math.max(0, atMs - open.atMs));
    open = undefined;
  };
  for (const line of lines) {
    const text = line.text.trimStart();
    const marker = MARKERS.find((m) => m.test(text));
    if (!marker) continue;
    if (open && marker.phase === open.phase) continue;
    close(line.atMs);
    if (marker.phase) open = { phase: marker.phase, atMs: line.atMs };
  }
  close(runMs);
  return [...totals].map(([name, durationMs]) => ({ name, durationMs }));
}
