import type { SolverPhase } from '../backend.ts';

/** One line of the HiGHS log and when it arrived, in ms since `run()` started. */
export interface TimedLogLine {
  atMs: number;
  text: string;
}

/**
 * Lines at which HiGHS 1.15 enters a phase. A phase lasts until the next marker; the closing
 * report ("Model status", "Solving report") ends the last one. Read from real logs of LP, QP and
 * MIP runs; a HiGHS release that rewords them yields fewer phases, never wrong times.
 */
const MARKERS: { pattern: RegExp; phase: string | undefined }[] = [
  { pattern: /^Presolving model/, phase: 'presolve' },
  { pattern: /^Solving the presolved (LP|QP)|^Solving (LP|QP|the LP|the QP) without presolve|^Solving (LP|QP)\b/, phase: 'solve' },
  { pattern: /^Solving MIP model with/, phase: 'branch-and-cut' },
  { pattern: /^Performed postsolve|^Postsolve/, phase: 'postsolve' },
  { pattern: /^Solving report|^Model status\s*:/, phase: undefined },
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
    const marker = MARKERS.find((m) => m.pattern.test(text));
    if (!marker) continue;
    if (open && marker.phase === open.phase) continue;
    close(line.atMs);
    if (marker.phase) open = { phase: marker.phase, atMs: line.atMs };
  }
  close(runMs);
  return [...totals].map(([name, durationMs]) => ({ name, durationMs }));
}
