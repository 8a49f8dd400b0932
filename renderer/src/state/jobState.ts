import type { ApiError } from '../../../api/envelope.ts';
import type { JobProgress } from '../../../api/jobs.ts';

/** A job as a screen follows it: the stages seen so far (in order), the latest progress, how it ended. */
export interface JobView<T> {
  state: 'idle' | 'starting' | 'running' | 'done' | 'failed' | 'cancelled';
  jobId: string | null;
  stages: string[];
  progress: JobProgress | null;
  result: T | null;
  error: ApiError | null;
}

export function idleJob<T>(): JobView<T> {
  return { state: 'idle', jobId: null, stages: [], progress: null, result: null, error: null };
}

export function withProgress<T>(view: JobView<T>, progress: JobProgress): JobView<T> {
  const stages = view.stages.includes(progress.stage) ? view.stages : [...view.stages, progress.stage];
  return { ...view, stages, progress };
}

export function isActive(view: JobView<unknown>): boolean {
  return view.state === 'starting' || view.state === 'running';
}
