import { fail, ok, type ApiError, type Envelope } from '../../api/envelope.ts';
import type { EventPayloads } from '../../api/events.ts';
import type { Job } from '../../api/jobs.ts';
import { toApiError } from '../apiError.ts';
import type { Core } from '../createCore.ts';
import { confineArguments, type ConfinedCall, type ConfinedPath } from './confineArguments.ts';
import type { Confinement } from './confinePath.ts';
import { withoutFileData } from './fileDataRedaction.ts';
import { inGivenSpelling } from './givenSpelling.ts';

/** What an app shell calls: the core's dispatch and events. */
export type CoreCalls = Pick<Core, 'dispatch' | 'subscribe'>;

/** Jobs whose paths are remembered for cleaning their outcomes; the core itself keeps only the last 50 finished. */
const JOBS_REMEMBERED = 1000;

/**
 * The core as an app shell (the browser bridge, the desktop IPC) must call it, since the page is not the
 * user at a terminal: every path argument confined (confineArguments: the workspace, or what the user
 * picked in a dialog), and what comes back from a failed call cleaned of values from the files it read and
 * put back in the user's spelling of the paths. A job's outcome leaves by three ways, `jobs/show|cancel|list`
 * and the `jobs/finished` event, and is cleaned on each.
 */
export function confineCore(core: CoreCalls, confinement: Confinement): CoreCalls {
  const jobPaths = new Map<string, ConfinedPath[]>();
  const cleanOutcomes = new Map<string, Promise<Envelope<never>>>();

  const remember = (jobId: string, paths: ConfinedPath[]) => {
    jobPaths.set(jobId, paths);
    for (const old of jobPaths.keys()) {
      if (jobPaths.size <= JOBS_REMEMBERED) break;
      jobPaths.delete(old);
      cleanOutcomes.delete(old);
    }
  };

  const cleanError = async (error: ApiError, paths: readonly ConfinedPath[]): Promise<ApiError> => {
    const read = paths.filter((p) => p.access === 'read').map((p) => p.resolved);
    return inGivenSpelling(await withoutFileData(error, read), paths);
  };

  const cleanJob = async (job: Job): Promise<Job> => {
    const paths = jobPaths.get(job.id);
    if (paths === undefined || job.outcome === null || job.outcome.ok) return job;
    let outcome = cleanOutcomes.get(job.id);
    if (outcome === undefined) {
      outcome = cleanError(job.outcome.error, paths).then(fail);
      cleanOutcomes.set(job.id, outcome);
    }
    return { ...job, outcome: await outcome };
  };

  return {
    async dispatch(method, args) {
      let call: ConfinedCall;
      try {
        call = confineArguments(method, args, confinement);
      } catch (error) {
        return fail(toApiError(error));
      }
      const envelope = await core.dispatch(method, call.args);
      if (!envelope.ok) return fail(await cleanError(envelope.error, call.paths));
      if (method === 'jobs/start' && call.paths.length > 0) remember((envelope.value as Job).id, call.paths);
      if (method === 'jobs/show' || method === 'jobs/cancel') return ok(await cleanJob(envelope.value as Job));
      if (method === 'jobs/list') return ok(await Promise.all((envelope.value as Job[]).map(cleanJob)));
      return envelope;
    },

    subscribe(event, handler) {
      if (event !== 'jobs/finished') return core.subscribe(event, handler);
      let subscribed = true;
      const off = core.subscribe(event, (payload) => {
        const { job } = payload as EventPayloads['jobs/finished'];
        if (!jobPaths.has(job.id) || job.outcome?.ok !== false) return handler(payload);
        void cleanJob(job).then((clean) => {
          if (subscribed) handler({ ...(payload as object), job: clean });
        });
      });
      return () => {
        subscribed = false;
        off();
      };
    },
  };
}
