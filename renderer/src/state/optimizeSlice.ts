import type { OptimizeResult } from '../../../api/domain.ts';
import type { ApiError } from '../../../api/envelope.ts';
import type { MethodArgs } from '../../../api/methods.ts';
import type { UseCaseSolver } from '../../../api/useCases.ts';
import { apiErrorOf } from '../api/apiFailure.ts';
import type { RunningJob } from '../api/jobRunner.ts';
import { idleJob, withProgress, type JobView } from './jobState.ts';
import type { Slice } from './store.ts';

/** The optimize form as typed: every field a string until the run is asked for. */
export interface OptimizeForm {
  universe: string;
  useCase: string;
  asOf: string;
  lookback: string;
  accountValue: string;
  /** '': the use case's own solver in the matrix (the core settles it) */
  solver: '' | UseCaseSolver;
  timeLimit: string;
}

export interface OptimizeSlice {
  optimizeForm: OptimizeForm;
  optimizeJob: JobView<OptimizeResult>;
  setOptimizeField<K extends keyof OptimizeForm>(field: K, value: OptimizeForm[K]): void;
  runOptimize(): Promise<void>;
  cancelOptimize(): Promise<void>;
}

/** The form's fields as `portfolio/optimize` arguments, or the first field that is not a number where one is needed. */
export function optimizeArgsOf(form: OptimizeForm): { args: MethodArgs<'portfolio/optimize'> } | { error: ApiError } {
  const numbers: [keyof OptimizeForm, string, boolean][] = [
    ['lookback', form.lookback, true],
    ['accountValue', form.accountValue, false],
    ['timeLimit', form.timeLimit, true],
  ];
  for (const [field, text, required] of numbers) {
    if (!text.trim() && !required) continue;
    if (!Number.isFinite(Number(text)) || !text.trim()) {
      return { error: { code: 'bad-input', message: `${field}: expected a number, got "${text}"`, where: { field } } };
    }
  }
  if (!form.universe) return { error: { code: 'bad-input', message: 'universe: choose a universe', where: { field: 'universe' } } };
  if (!form.useCase) return { error: { code: 'bad-input', message: 'useCase: choose a use case', where: { field: 'useCase' } } };
  return {
    args: {
      universe: form.universe,
      useCase: form.useCase,
      ...(form.asOf ? { asOf: form.asOf } : {}),
      lookback: Number(form.lookback),
      ...(form.accountValue.trim() ? { accountValue: Number(form.accountValue) } : {}),
      ...(form.solver ? { solver: form.solver } : {}),
      timeLimit: Number(form.timeLimit),
    },
  };
}

export const optimizeSlice: Slice<OptimizeSlice> = (set, get, client) => {
  let running: RunningJob<'portfolio/optimize'> | null = null;
  const update = (patch: Partial<JobView<OptimizeResult>>): void => set({ optimizeJob: { ...get().optimizeJob, ...patch } });

  return {
    optimizeForm: { universe: '', useCase: 'index-tracking', asOf: '', lookback: '252', accountValue: '', solver: '', timeLimit: '10' },
    optimizeJob: idleJob<OptimizeResult>(),

    setOptimizeField(field, value) {
      set({ optimizeForm: { ...get().optimizeForm, [field]: value } });
    },

    async runOptimize() {
      const parsed = optimizeArgsOf(get().optimizeForm);
      if ('error' in parsed) {
        set({ optimizeJob: { ...idleJob<OptimizeResult>(), state: 'failed', error: parsed.error } });
        return;
      }
      set({ optimizeJob: { ...idleJob<OptimizeResult>(), state: 'starting' } });
      try {
        running = await client.startJob('portfolio/optimize', parsed.args, (progress) =>
          set({ optimizeJob: withProgress(get().optimizeJob, progress) }),
        );
        update({ state: 'running', jobId: running.job.id });
        const outcome = await running.finished;
        if (outcome.ok) {
          update({ state: 'done', result: outcome.value });
          get().showResult(outcome.value);
        } else {
          update({ state: outcome.error.code === 'cancelled' ? 'cancelled' : 'failed', error: outcome.error });
        }
      } catch (error) {
        update({ state: 'failed', error: apiErrorOf(error) });
      } finally {
        running = null;
      }
    },

    async cancelOptimize() {
      try {
        await running?.cancel();
      } catch (error) {
        update({ error: apiErrorOf(error) });
      }
    },
  };
};
