/**
 * Long work (DESIGN section 2): `jobs/start` answers at once with a job; progress comes as `jobs/progress`
 * events; the end as one `jobs/finished` event carrying the method's own envelope; `jobs/cancel` stops it.
 * `jobs/cancel` answers at once with the job still `running`: it stops at its next stage (a running solve
 * at once, an import at its next row) and its `jobs/finished` says `cancelled`. Jobs live as long as the
 * core's process; the last 50 finished ones are kept for `jobs/list` and `jobs/show`.
 */
import type { Envelope } from './envelope.ts';

/** The methods that run as jobs. */
export const jobMethods = ['portfolio/optimize', 'data/import', 'data/yahoo', 'book/batch', 'book/minimums', 'sync/run', 'solvers/compare', 'runs/replay', 'bench/run'] as const;
export type JobMethod = (typeof jobMethods)[number];

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobProgress {
  /** the stage running now, in the run's span names (load, returns, assemble, solve, …) */
  stage: string;
  /** 0..1 when the job can tell, else null */
  fraction: number | null;
  message: string;
}

export interface Job {
  id: string;
  method: JobMethod;
  state: JobState;
  startedAt: string;
  finishedAt: string | null;
  progress: JobProgress | null;
  /** the method's envelope once the job ended (a cancelled job: an error with code `cancelled`) */
  outcome: Envelope<unknown> | null;
}
