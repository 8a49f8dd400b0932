import { Cancelled } from '../errors.ts';
import { runEnvironment } from '../runs/runEnvironment.ts';
import { RunRecorder } from '../runs/runRecorder.ts';
import type { Database } from '../store/database.ts';
import { INPUTS_ARTIFACT, REPLAYABLE } from '../runs/bundleManifest.ts';
import { runInputs, type InputOptions } from '../runs/runInputs.ts';
import { saveRunArtifacts } from '../store/runArtifacts.ts';
import { finishRunTrack, saveRun } from '../store/runStore.ts';
import type { JobControl } from './jobControl.ts';

export interface RecordedJob {
  /** the stored run's kind: optimize, batch, minimums, compare, import, yahoo, sync */
  kind: string;
  universe?: string | null;
  useCase?: string | null;
  solver?: string | null;
  options: unknown;
  /** what a progress line says of each top-level stage, by span name */
  stageMessages: Readonly<Record<string, string>>;
  /** the solvers the job used so far with their versions (RunEnvironment.solvers), asked when a run is stored here */
  solvers?: () => Record<string, string>;
  /**
   * Store a job that fails (any error but a cancel) as a run with status `failed`, its message and the spans it got
   * through. For jobs whose stages store no run of their own before they throw: a job that stores its run and then
   * throws (an infeasible optimize) would be stored twice.
   */
  storeFailures?: boolean;
}

/**
 * Runs a job's stages on a RunRecorder whose top-level spans are reported to `control.onProgress` as they
 * start, sampling the process's CPU and memory while they run (the recorder's resource track). A job cancelled
 * before it stored its own run is stored with status `cancelled` and the spans it got through, and ends in
 * Cancelled carrying that run's id: its own words when it said what the cancel left (an import's "nothing was
 * written"), else "the <kind> job was cancelled [run N]". With `storeFailures`, a failed job is stored likewise.
 *
 * Nothing is stored while the store's connection has a transaction open that the job did not open (someone
 * else's, which the run would join and share the fate of): the error goes on as it is.
 */
export async function recordedJob<T>(db: Database, job: RecordedJob, control: JobControl, stages: (rec: RunRecorder) => Promise<T>): Promise<T> {
  const { onProgress } = control;
  const rec = new RunRecorder({
    onSpan: (span) => {
      if (span.parent === null) onProgress?.({ stage: span.name, fraction: null, message: job.stageMessages[span.name] ?? span.name });
    },
  });
  rec.startSampling();
  try {
    const result = await stages(rec);
    rec.stopSampling();
    finishStoredRun(db, job, result, rec);
    return result;
  } catch (error) {
    const cancelled = error instanceof Cancelled;
    if ((cancelled && error.runId !== undefined) || (!cancelled && !job.storeFailures) || db.inTransaction) throw error;
    rec.stopSampling();
    const message = error instanceof Error ? error.message : String(error);
    const runId = saveRun(db, {
      kind: job.kind,
      status: cancelled ? 'cancelled' : 'failed',
      universe: job.universe ?? null,
      useCase: job.useCase ?? null,
      solver: job.solver ?? null,
      options: job.options,
      result: { message: cancelled ? 'cancelled by the user' : message },
      machine: runEnvironment(job.solvers?.() ?? {}),
      spans: rec.spans,
      samples: rec.samples,
    });
    if (rec.artifacts.length > 0) saveRunArtifacts(db, runId, rec.artifacts);
    if (!cancelled) throw error;
    // Cancelled() says only "cancelled": the job's own words are better where it gave some
    throw new Cancelled(message === 'cancelled' ? `the ${job.kind} job was cancelled [run ${runId}]` : message, runId);
  } finally {
    rec.stopSampling();
  }
}

/**
 * What a job that stored its run (its result names the run: `runId`) leaves beside it once its stages are over: the
 * spans and samples in their final state (the `persist` span, open when the run was saved, now closed), the files
 * it kept (solver logs), and for a job that can be replayed the fingerprints of what it read, taken now while the
 * store still holds it (a bundle exported later compares the store with these, not with itself).
 */
function finishStoredRun(db: Database, job: RecordedJob, result: unknown, rec: RunRecorder): void {
  const runId = (result as { runId?: unknown } | null)?.runId;
  if (typeof runId !== 'number' || runId <= 0 || db.inTransaction) return;
  finishRunTrack(db, runId, rec.spans, rec.samples);
  const artifacts = [...rec.artifacts];
  if (Object.hasOwn(REPLAYABLE, job.kind)) {
    const options = (job.options ?? {}) as InputOptions;
    const asOf = (result as { asOf?: unknown }).asOf;
    // a fingerprint that cannot be taken (a holdings file removed while the job ran) leaves the bundle to take them
    // at its export, and say so (bundle.json inputsTakenAt: export)
    try {
      const inputs = runInputs(db, options, typeof asOf === 'string' ? asOf : null, typeof options.lookback === 'number' ? options.lookback : null, rec.inputs);
      artifacts.push({ name: INPUTS_ARTIFACT, text: JSON.stringify(inputs) });
    } catch {
      /* see above */
    }
  }
  if (artifacts.length > 0) saveRunArtifacts(db, runId, artifacts);
}
