/** Events the core emits (`domain/noun`), with their payloads; shells forward them unchanged. */
import type { Job, JobProgress } from './jobs.ts';

export interface EventPayloads {
  /** rows read so far by an import */
  'data/progress': { universe: string; rows: number };
  'jobs/progress': { jobId: string; progress: JobProgress };
  'jobs/finished': { job: Job };
}

export type EventName = keyof EventPayloads;
export const eventNames: readonly EventName[] = ['data/progress', 'jobs/progress', 'jobs/finished'];
