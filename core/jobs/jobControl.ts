import type { JobProgress } from '../../api/jobs.ts';

/**
 * What a method running as a job is given besides its arguments: a signal the job checks between its
 * stages and hands to its solver, and where to report progress. A direct dispatch gives
 * no progress, and a signal only the core's closing (cancelJobs) aborts.
 */
export interface JobControl {
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
}
