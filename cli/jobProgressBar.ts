import cliProgress from 'cli-progress';
import type { Envelope } from '../api/envelope.ts';
import type { EventPayloads } from '../api/events.ts';
import type { Job, JobMethod } from '../api/jobs.ts';
import { terminalLine } from './terminalText.ts';
import type { CommandContext } from './usecasesCommand.ts';

/**
 * Runs a method as a job (jobs/start), drawing its progress on stderr when that is a terminal, and answers
 * the job's own envelope once `jobs/finished` says it ended.
 */
export async function runJobWithBar(
  ctx: CommandContext,
  method: JobMethod,
  args: unknown,
  label: string,
  /** told every progress of the job, as it comes (a line the user must keep, such as a batch's id to resume it) */
  onProgress?: (progress: EventPayloads['jobs/progress']['progress']) => void,
): Promise<Envelope<unknown>> {
  const core = ctx.core();
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: `${label} | {bar} | {stage}: {message}`, stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  const started = await core.dispatch('jobs/start', { method, args });
  if (!started.ok) return started;
  const id = (started.value as Job).id;
  bar?.start(1, 0, { stage: 'load', message: 'starting' });
  return new Promise((resolve) => {
    const offProgress = core.subscribe('jobs/progress', (payload) => {
      const { jobId, progress } = payload as EventPayloads['jobs/progress'];
      if (jobId !== id) return;
      bar?.update(progress.fraction ?? 0, { stage: terminalLine(progress.stage), message: terminalLine(progress.message) });
      onProgress?.(progress);
    });
    const offFinished = core.subscribe('jobs/finished', (payload) => {
      const { job } = payload as EventPayloads['jobs/finished'];
      if (job.id !== id) return;
      offProgress();
      offFinished();
      bar?.stop();
      resolve(job.outcome!);
    });
  });
}
