import type { Span } from '../../api/domain.ts';
import type { SolveResult, SolveTiming } from '../../solver/backends/backend.ts';
import type { RunRecorder } from './runRecorder.ts';

/**
 * A solve's spans under `parent`, the span that awaited it, on the run's clock.
 *
 * Where the solver reported where it ran (SolveResult.timing), that is a span of its own at its real time: `worker`,
 * a pool thread's task (attrs thread and lane), with the model handed over (`pass`) and the solver's phases laid end
 * to end inside it from its start; or `process`, a command-line solver from spawn to exit (attr pid), with its log's
 * phases inside it and `pass` (writing its model file) just before it. A `heuristic` phase first ran inside the task
 * for HiGHS's own pipeline; for a solver given a heuristic start (withPrimalStart, a race) it ran before, first thing
 * under `parent`. Without a timing (a solve refused, or ended from outside) the phases are laid from `parent`'s start.
 */
export function recordSolveSpans(rec: RunRecorder, parent: Span, result: SolveResult): void {
  const phases = result.phases.map((p) => ({ name: p.name, durationMs: p.durationMs }));
  const heuristic = phases.filter((p) => p.name === 'heuristic');
  const rest = phases.filter((p) => p.name !== 'heuristic');
  const pass = { name: 'pass', durationMs: result.passMs };
  const timing = result.timing;
  if (!timing) {
    rec.addChildren(parent, [...heuristic, pass, ...rest]);
    return;
  }
  if (timing.thread !== null) {
    const ownPipeline = result.solver === 'highs' && result.race === undefined;
    if (!ownPipeline) rec.addChildren(parent, heuristic);
    const task = recordPoolTask(rec, parent, timing);
    if (task) rec.addChildren(task, ownPipeline ? [...heuristic, pass, ...rest] : [pass, ...rest]);
    return;
  }
  rec.addChildren(parent, heuristic);
  rec.addTimedEpoch(parent, { name: 'pass', startedEpochMs: timing.startedEpochMs - result.passMs, endedEpochMs: timing.startedEpochMs });
  const process = rec.addTimedEpoch(parent, {
    name: 'process',
    startedEpochMs: timing.startedEpochMs,
    endedEpochMs: timing.endedEpochMs,
    attrs: { solver: result.solver, ...(timing.pid !== undefined ? { pid: timing.pid } : {}) },
  });
  if (process) rec.addChildren(process, rest);
}

/** A task a pool thread ran (a heuristic start, a diagnosis) as a `worker` span under `parent`, at its real time on its lane. */
export function recordPoolTask(rec: RunRecorder, parent: Span, timing: SolveTiming | undefined, attrs?: Record<string, unknown>): Span | undefined {
  if (!timing) return undefined;
  return rec.addTimedEpoch(parent, { name: 'worker', startedEpochMs: timing.startedEpochMs, endedEpochMs: timing.endedEpochMs, thread: timing.thread, ...(attrs ? { attrs } : {}) });
}
