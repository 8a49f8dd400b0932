import type { YahooImportSummary } from '../../../api/yahoo.ts';
import { apiErrorOf } from '../api/apiFailure.ts';
import type { RunningJob } from '../api/jobRunner.ts';
import { idleJob, withProgress, type JobView } from './jobState.ts';
import type { Slice } from './store.ts';
import { yahooImportArgs, type YahooForm } from './yahooImportArgs.ts';

export interface YahooImportSlice {
  yahooJob: JobView<YahooImportSummary>;
  startYahooImport(form: YahooForm): Promise<void>;
  cancelYahooImport(): Promise<void>;
}

/** The Yahoo Finance import (`data/yahoo`) as a job; the universes are listed again however it ended. */
export const yahooImportSlice: Slice<YahooImportSlice> = (set, get, client) => {
  let running: RunningJob<'data/yahoo'> | null = null;
  const update = (patch: Partial<JobView<YahooImportSummary>>): void => set({ yahooJob: { ...get().yahooJob, ...patch } });

  return {
    yahooJob: idleJob<YahooImportSummary>(),

    async startYahooImport(form) {
      const built = yahooImportArgs(form);
      if ('error' in built) {
        set({ yahooJob: { ...idleJob<YahooImportSummary>(), state: 'failed', error: built.error } });
        return;
      }
      set({ yahooJob: { ...idleJob<YahooImportSummary>(), state: 'starting' } });
      let universe: string | null = null;
      try {
        running = await client.startJob('data/yahoo', built.args, (progress) => set({ yahooJob: withProgress(get().yahooJob, progress) }));
        update({ state: 'running', jobId: running.job.id });
        const outcome = await running.finished;
        if (outcome.ok) {
          // a partial import is done too: its summary lists what failed, and the panel shows it as partial
          update({ state: 'done', result: outcome.value });
          universe = outcome.value.universe;
        } else {
          update({ state: outcome.error.code === 'cancelled' ? 'cancelled' : 'failed', error: outcome.error });
        }
      } catch (error) {
        update({ state: 'failed', error: apiErrorOf(error) });
      } finally {
        running = null;
      }
      // batches committed before a cancel or a failure are in the store too, so the list is read again either way
      await get().loadUniverses();
      const listed = get().universes;
      if (universe && listed.status === 'ready' && listed.value.some((u) => u.name === universe) && get().universe !== universe) {
        await get().selectUniverse(universe);
      }
    },

    async cancelYahooImport() {
      try {
        await running?.cancel();
      } catch (error) {
        update({ error: apiErrorOf(error) });
      }
    },
  };
};
