import type { Envelope } from '../../../api/envelope.ts';
import type { Job, JobMethod, JobProgress } from '../../../api/jobs.ts';
import type { MethodArgs, MethodResult } from '../../../api/methods.ts';
import type { Transport } from '../../../api/transport.ts';
import { ApiFailure } from './apiFailure.ts';

export interface RunningJob<M extends JobMethod> {
  job: Job;
  /** the method's own envelope when the job ends; a cancelled job ends with code `cancelled` */
  finished: Promise<Envelope<MethodResult<M>>>;
  cancel(): Promise<void>;
}

interface JobListeners {
  onProgress?: ((progress: JobProgress) => void) | undefined;
  /** how often to ask `jobs/show`, in case the end event was missed (a socket that dropped) */
  pollMs?: number | undefined;
}

/**
 * Starts a job and follows it: events are listened to before `jobs/start` is sent, so progress that arrives
 * before its answer is kept and replayed once the job id is known.
 */
export async function startJob<M extends JobMethod>(
  transport: Transport,
  method: M,
  args: MethodArgs<M>,
  { onProgress: report, pollMs = 1000 }: JobListeners = {},
): Promise<RunningJob<M>> {
  // the same progress can come three ways (an event, the start answer, a poll): each is told once
  let last: JobProgress | null = null;
  const onProgress = (p: JobProgress): void => {
    if (last && last.stage === p.stage && last.fraction === p.fraction && last.message === p.message) return;
    last = p;
    report?.(p);
  };
  let jobId: string | null = null;
  const early: { jobId: string; progress: JobProgress }[] = [];
  let settle: (job: Job) => void = () => undefined;
  let poll: ReturnType<typeof setInterval> | null = null;
  let ended = false;

  const finished = new Promise<Envelope<MethodResult<M>>>((resolve) => {
    settle = (job) => {
      if (ended || job.state === 'running') return;
      ended = true;
      stop();
      resolve((job.outcome ?? endedWithout(job)) as Envelope<MethodResult<M>>);
    };
  });

  const unsubscribeProgress = transport.subscribe('jobs/progress', (payload) => {
    if (jobId === null) early.push(payload);
    else if (payload.jobId === jobId) onProgress(payload.progress);
  });
  const unsubscribeFinished = transport.subscribe('jobs/finished', ({ job }) => {
    if (job.id === jobId) settle(job);
  });
  function stop(): void {
    unsubscribeProgress();
    unsubscribeFinished();
    if (poll) clearInterval(poll);
  }

  const started = await transport.invoke('jobs/start', { method, args: args as Record<string, unknown> });
  if (!started.ok) {
    stop();
    throw new ApiFailure(started.error);
  }
  const job = started.value;
  jobId = job.id;
  for (const e of early) if (e.jobId === jobId) onProgress(e.progress);
  if (job.progress) onProgress(job.progress);
  settle(job);
  if (!ended) {
    poll = setInterval(() => {
      void transport.invoke('jobs/show', { jobId: job.id }).then((shown) => {
        if (!shown.ok || ended) return;
        if (shown.value.progress) onProgress(shown.value.progress);
        settle(shown.value);
      });
    }, pollMs);
  }

  return {
    job,
    finished,
    async cancel() {
      const answer = await transport.invoke('jobs/cancel', { jobId: job.id });
      if (!answer.ok) throw new ApiFailure(answer.error);
      settle(answer.value);
    },
  };
}

function endedWithout(job: Job): Envelope<never> {
  return job.state === 'cancelled'
    ? { ok: false, error: { code: 'cancelled', message: 'cancelled' } }
    : { ok: false, error: { code: 'internal', message: `the job ended ${job.state} without a result` } };
}
