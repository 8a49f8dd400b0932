import { Cancelled } from '../errors.ts';
import { machineInfo } from '../runs/machineInfo.ts';
import { RunRecorder } from '../runs/runRecorder.ts';
import type { Database } from '../store/database.ts';
import { saveRun } from '../store/runStore.ts';
import type { JobControl } from './jobControl.ts';

export interface RecordedJob {
  /** the stored run's kind: optimize, batch, minimums */
  kind: string;
  universe: string;
  useCase: string;
  solver: string;
  options: unknown;
  /** what a progress line says of each top-level stage, by span name */
  stageMessages: Readonly<Record<string, string>>;
}

/**
 * Runs a job's stages on a RunRecorder whose top-level spans are reported to `control.onProgress` as they
 * start. A job cancelled before it stored its own run is stored with status `cancelled` and the spans it
 * got through, and ends in Cancelled carrying that run's id.
 */
export async function recordedJob<T>(db: Database, job: RecordedJob, control: JobControl, stages: (rec: RunRecorder) => Promise<T>): Promise<T> {
  const { onProgress } = control;
  const rec = new RunRecorder({
    onSpan: (span) => {
      if (span.parent === null) onProgress?.({ stage: span.name, fraction: null, message: job.stageMessages[span.name] ?? span.name });
    },
  });
  try {
    return await stages(rec);
  } catch (error) {
    if (!(error instanceof Cancelled) || error.runId !== undefined) throw error;
    const runId = saveRun(db, {
      kind: job.kind,
      status: 'cancelled',
      universe: job.universe,
      useCase: job.useCase,
      solver: job.solver,
      options: job.options,
      result: { message: 'cancelled by the user' },
      machine: machineInfo(),
      spans: rec.spans,
    });
    throw new Cancelled(`the ${job.kind} job was cancelled [run ${runId}]`, runId);
  }
}
