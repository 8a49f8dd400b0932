import type { MinimumsResult } from '../../../api/book.ts';
import { apiErrorOf } from '../api/apiFailure.ts';
import type { RunningJob } from '../api/jobRunner.ts';
import { idleJob, withProgress, type JobView } from './jobState.ts';
import type { Slice } from './store.ts';

/** The Frontier screen's form as typed; the tracking-error target in percent. */
export interface FrontierForm {
  universe: string;
  useCase: string;
  teTargetPercent: string;
  fractional: boolean;
}

export interface FrontierSlice {
  frontierForm: FrontierForm;
  frontierJob: JobView<MinimumsResult>;
  setFrontierField<K extends keyof FrontierForm>(field: K, value: FrontierForm[K]): void;
  runFrontier(): Promise<void>;
  cancelFrontier(): Promise<void>;
}

export const frontierSlice: Slice<FrontierSlice> = (set, get, client) => {
  let running: RunningJob<'book/minimums'> | null = null;
  const update = (patch: Partial<JobView<MinimumsResult>>): void => set({ frontierJob: { ...get().frontierJob, ...patch } });

  return {
    frontierForm: { universe: 'demo', useCase: 'index-tracking', teTargetPercent: '2', fractional: true },
    frontierJob: idleJob<MinimumsResult>(),

    setFrontierField(field, value) {
      set({ frontierForm: { ...get().frontierForm, [field]: value } });
    },

    async runFrontier() {
      const form = get().frontierForm;
      const te = Number(form.teTargetPercent);
      if (!form.teTargetPercent.trim() || !Number.isFinite(te) || te <= 0) {
        const message = `teTarget: expected a positive percentage, got "${form.teTargetPercent}"`;
        set({ frontierJob: { ...idleJob<MinimumsResult>(), state: 'failed', error: { code: 'bad-input', message, where: { field: 'teTarget' } } } });
        return;
      }
      set({ frontierJob: { ...idleJob<MinimumsResult>(), state: 'starting' } });
      try {
        running = await client.startJob('book/minimums', { universe: form.universe, useCase: form.useCase, teTarget: te / 100, fractional: form.fractional }, (progress) =>
          set({ frontierJob: withProgress(get().frontierJob, progress) }),
        );
        update({ state: 'running', jobId: running.job.id });
        const outcome = await running.finished;
        if (outcome.ok) update({ state: 'done', result: outcome.value });
        else update({ state: outcome.error.code === 'cancelled' ? 'cancelled' : 'failed', error: outcome.error });
      } catch (e) {
        update({ state: 'failed', error: apiErrorOf(e) });
      } finally {
        running = null;
      }
    },

    async cancelFrontier() {
      try {
        await running?.cancel();
      } catch (e) {
        update({ error: apiErrorOf(e) });
      }
    },
  };
};
