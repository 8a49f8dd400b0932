import { modelClass, type ModelIR } from '../model/ir.ts';
import type { RaceEntrantResult, SolveOptions, SolveResult, SolverBackend } from '../backends/backend.ts';

/** Endings that settle the model for everyone: a proven optimum, or a proof that there is none. */
const DECISIVE = new Set<SolveResult['status']>(['optimal', 'infeasible', 'unbounded', 'infeasible-or-unbounded']);

export interface RaceOptions extends SolveOptions {
  /** told as each entrant ends, before the race has decided, e.g. for a job's progress line */
  onEntrantDone?: (solver: string, result: SolveResult) => void;
}

export interface RaceOutcome {
  /** the winner's own result, with `race` listing every entrant */
  result: SolveResult;
  entrants: RaceEntrantResult[];
}

/**
 * Every entrant that can take the model solves it at once, each under the same options and time limit.
 * The first to end decisively (a proven optimum, or infeasibility) wins and the others are stopped
 * through their signals (HiGHS terminates its thread; a command-line solver's process is asked to stop,
 * then killed). The race returns only once every entrant has ended, so no solver process outlives it.
 * When nobody ends decisively (all stopped at the time limit), the best incumbent wins: the lowest
 * objective for a minimization, ties (within 1e-9 of it, relative) to the first to finish. An entrant
 * that cannot take the model's class is listed as skipped, with its reason, and never started.
 */
export async function raceSolvers(entrants: readonly SolverBackend[], ir: ModelIR, options: RaceOptions = {}): Promise<RaceOutcome> {
  const { onEntrantDone, signal, ...solveOptions } = options;
  const cls = modelClass(ir);
  const sense = ir.sense === 'minimize' ? 1 : -1;
  const outcomes: RaceEntrantResult[] = [];
  const capable = entrants.filter((e) => e.classes.includes(cls));
  for (const e of entrants) {
    if (capable.includes(e)) continue;
    outcomes.push({ solver: e.id, outcome: 'skipped', status: 'error', seconds: 0, message: `${e.id} does not solve ${cls} models (it takes ${e.classes.join(', ')})` });
  }
  if (capable.length === 0) {
    const message = `no solver in the race takes a ${cls} model: ${entrants.map((e) => `${e.id} takes ${e.classes.join(', ')}`).join('; ')}`;
    const result: SolveResult = { status: 'error', solverStatus: 'Refused', message, solver: 'race', solverVersion: '', passMs: 0, solveMs: 0, phases: [], race: outcomes };
    return { result, entrants: outcomes };
  }

  const controllers = capable.map(() => new AbortController());
  const stopAll = (except?: number): void => controllers.forEach((c, i) => i !== except && c.abort());
  const onOuterAbort = (): void => stopAll();
  signal?.addEventListener('abort', onOuterAbort, { once: true });
  const started = performance.now();
  let winner: number | undefined;
  /** in the order they ended; `afterWin`: the race was decided before this one ended (so it was stopped, not beaten) */
  const finished: { index: number; result: SolveResult; afterWin: boolean }[] = [];

  try {
    await Promise.all(
      capable.map(async (backend, index) => {
        let result: SolveResult;
        try {
          result = await backend.solve(ir, { ...solveOptions, signal: controllers[index]!.signal });
        } catch (e) {
          // a backend never throws by contract; one that does only loses its place in the race
          result = { status: 'error', solverStatus: 'Error', message: e instanceof Error ? e.message : String(e), solver: backend.id, solverVersion: '', passMs: 0, solveMs: 0, phases: [] };
        }
        finished.push({ index, result, afterWin: winner !== undefined });
        onEntrantDone?.(backend.id, result);
        if (winner === undefined && DECISIVE.has(result.status) && !controllers[index]!.signal.aborted) {
          winner = index;
          stopAll(index);
        }
      }),
    );
  } finally {
    signal?.removeEventListener('abort', onOuterAbort);
  }

  if (winner === undefined) {
    // nobody proved anything: the best point found wins
    let best: (typeof finished)[number] | undefined;
    for (const f of finished) {
      if (f.result.objective === undefined || !f.result.x) continue;
      // better by more than round-off: two solvers returning the same start differ in the last digits they print
      const a = f.result.objective;
      const b = best?.result.objective;
      if (b === undefined || sense * (a - b) < -1e-9 * Math.max(Math.abs(a), Math.abs(b))) best = f;
    }
    winner = (best ?? finished[0]!).index;
  }

  for (const f of [...finished].sort((a, b) => a.index - b.index)) {
    const r = f.result;
    const seconds = (r.passMs + r.solveMs) / 1000;
    const stoppedByRace = f.index !== winner && f.afterWin && !signal?.aborted;
    const outcome: RaceEntrantResult['outcome'] =
      f.index === winner ? 'won' : stoppedByRace && !DECISIVE.has(r.status) ? 'cancelled' : r.status === 'error' ? 'failed' : 'finished';
    const entrant: RaceEntrantResult = { solver: capable[f.index]!.id, outcome, status: r.status, seconds };
    if (r.objective !== undefined) entrant.objective = r.objective;
    if (r.bound !== undefined) entrant.bound = r.bound;
    const message = outcome === 'cancelled' ? `stopped when ${capable[winner]!.id} won` : r.message;
    if (message) entrant.message = message;
    outcomes.push(entrant);
  }
  const order = new Map(entrants.map((e, i) => [e.id, i]));
  outcomes.sort((a, b) => order.get(a.solver)! - order.get(b.solver)!);
  const won = finished.find((f) => f.index === winner)!.result;
  const result: SolveResult = {
    ...won,
    race: outcomes,
    message: [won.message, `won the race against ${outcomes.filter((o) => o.solver !== won.solver).map((o) => `${o.solver} (${o.outcome})`).join(', ') || 'nobody'} in ${((performance.now() - started) / 1000).toFixed(2)} s`]
      .filter(Boolean)
      .join('; '),
  };
  return { result, entrants: outcomes };
}
