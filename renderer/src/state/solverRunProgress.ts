import type { JobProgress } from '../../../api/jobs.ts';
import type { CompareResult, CompareStart } from '../../../api/solvers.ts';

/**
 * One solve of a comparison as its job reports it. The job's stage names the solve: `solve:<solver>` from the
 * heuristic's start (or from nothing when the model has no start), `solve:<solver>-no-start` without the start it
 * has; it reports each solve as it starts ("cbc: solving") and as it ends ("cbc: optimal 0.000746 in 1.20 s").
 */
export interface SolverRun {
  stage: string;
  solver: string;
  start: CompareStart;
  /** waiting: not started yet; not-run: the comparison ended without it; stopped: it was under way when the job failed or was cancelled */
  state: 'waiting' | 'running' | 'done' | 'not-run' | 'stopped';
  /** the latest thing the job said of this solve */
  message: string | null;
}

/** The stage of a solve; `haveStart` false: the model got no heuristic start, so every solve starts from nothing under the plain name. */
export function solveStage(solver: string, start: CompareStart, haveStart = true): string {
  return start === 'none' && haveStart ? `solve:${solver}-no-start` : `solve:${solver}`;
}

/** The solve a stage names, or null for the other stages (load, returns, assemble, start, solve, agree, persist). */
export function solveOfStage(stage: string): { solver: string; start: CompareStart } | null {
  const m = /^solve:([a-z]+)(-no-start)?$/.exec(stage);
  return m ? { solver: m[1]!, start: m[2] ? 'none' : 'heuristic' } : null;
}

/** The solves a comparison of these solvers from these starts will run, all waiting, each solver's starts together. */
export function plannedRuns(solvers: readonly string[], starts: readonly CompareStart[]): SolverRun[] {
  return solvers.flatMap((solver) => starts.map((start) => ({ stage: solveStage(solver, start), solver, start, state: 'waiting' as const, message: null })));
}

/**
 * The solves after one progress event. The first event of a solve starts it; a later one with other words ends it
 * (the job says each solve's start and its end, once each). A solve the plan did not list is added as it is reported.
 */
export function withSolveProgress(runs: readonly SolverRun[], progress: JobProgress): SolverRun[] {
  const solve = solveOfStage(progress.stage);
  if (!solve) return [...runs];
  const i = runs.findIndex((r) => r.stage === progress.stage);
  if (i < 0) return [...runs, { stage: progress.stage, ...solve, state: 'running', message: progress.message }];
  const run = runs[i]!;
  const state = run.state === 'waiting' ? 'running' : run.state === 'running' && progress.message !== run.message ? 'done' : run.state;
  return runs.map((r, j) => (j === i ? { ...r, state, message: progress.message } : r));
}

/**
 * The solves once the job ended. Done: one row per run of the result, under the start it really had (a model
 * without a heuristic start runs each solver once, from nothing, under the plain stage, in place of both its planned
 * solves), with the job's last words on it; a planned solve the result lacks did not run. Failed or cancelled: a solve under way was stopped, one
 * waiting did not run.
 */
export function endedRuns(runs: readonly SolverRun[], ending: Pick<CompareResult, 'entries' | 'start'> | 'stopped'): SolverRun[] {
  if (ending === 'stopped') {
    return runs.map((r) => (r.state === 'running' ? { ...r, state: 'stopped' } : r.state === 'waiting' ? { ...r, state: 'not-run' } : r));
  }
  const haveStart = ending.start !== null;
  const ran = ending.entries.map((e): SolverRun => {
    const stage = solveStage(e.solver, e.start, haveStart);
    const reported = runs.find((r) => r.stage === stage);
    return { stage, solver: e.solver, start: e.start, state: 'done', message: reported?.message ?? null };
  });
  // without a start the one run from nothing stands for both of a solver's planned solves
  const covered = (r: SolverRun): boolean => ran.some((x) => x.stage === r.stage || (!haveStart && x.solver === r.solver));
  const missing = runs.filter((r) => !covered(r)).map((r) => ({ ...r, state: 'not-run' as const }));
  return [...ran, ...missing];
}
