import type { ApiError } from '../../../api/envelope.ts';
import { solverIds, type MethodArgs } from '../../../api/methods.ts';
import type { CompareResult, CompareStart, SolverAvailability } from '../../../api/solvers.ts';
import { apiErrorOf } from '../api/apiFailure.ts';
import type { RunningJob } from '../api/jobRunner.ts';
import { idleJob, withProgress, type JobView } from './jobState.ts';
import { idle, loading, type Loadable } from './loadable.ts';
import { endedRuns, plannedRuns, withSolveProgress, type SolverRun } from './solverRunProgress.ts';
import type { Slice } from './store.ts';

export type SolverId = SolverAvailability['id'];

/** The Compare screen's form as typed: every number a string until the comparison is asked for. */
export interface CompareForm {
  universe: string;
  useCase: string;
  asOf: string;
  lookback: string;
  /** blank: the use case's own name limit, if it has one */
  maxNames: string;
  /** blank: weights only; a value: whole shares for an account of that size */
  accountValue: string;
  timeLimit: string;
  /** blank: each solver's default */
  threads: string;
  solvers: SolverId[];
  /** each solver also solves without the heuristic's start, to show what the start is worth */
  withoutStart: boolean;
}

export interface CompareSlice {
  compareForm: CompareForm;
  compareJob: JobView<CompareResult>;
  /** each solve of the comparison running now or last, as the job reported it */
  compareRuns: SolverRun[];
  solverList: Loadable<SolverAvailability[]>;
  /** the two runs (CompareEntry keys, solver/start) whose portfolios are set side by side; null: the first two */
  comparePair: [string | null, string | null];
  setCompareField<K extends keyof CompareForm>(field: K, value: CompareForm[K]): void;
  setCompareSolver(solver: SolverId, chosen: boolean): void;
  loadSolvers(): Promise<void>;
  runCompare(): Promise<void>;
  cancelCompare(): Promise<void>;
  chooseComparePair(side: 0 | 1, key: string): void;
}

const numberFields = [
  ['lookback', { required: true, integer: true, min: 2 }],
  ['maxNames', { required: false, integer: true, min: 1 }],
  ['accountValue', { required: false, integer: false, min: Number.MIN_VALUE }],
  ['timeLimit', { required: true, integer: false, min: Number.MIN_VALUE }],
  ['threads', { required: false, integer: true, min: 1 }],
] as const;

function badField(field: string, message: string): { error: ApiError } {
  return { error: { code: 'bad-input', message: `${field}: ${message}`, where: { field } } };
}

export type CompareArgs = MethodArgs<'solvers/compare'> & { solvers: SolverId[]; starts: CompareStart[] };

/** The form as `solvers/compare` arguments, or the first field that is not what the comparison needs. */
export function compareArgsOf(form: CompareForm): { args: CompareArgs } | { error: ApiError } {
  const numbers: Partial<Record<(typeof numberFields)[number][0], number>> = {};
  for (const [field, rule] of numberFields) {
    const text = form[field].trim();
    if (!text) {
      if (rule.required) return badField(field, 'expected a number, got nothing');
      continue;
    }
    const value = Number(text);
    if (!Number.isFinite(value)) return badField(field, `expected a number, got "${form[field]}"`);
    if (rule.integer && !Number.isInteger(value)) return badField(field, `expected a whole number, got "${form[field]}"`);
    if (value < rule.min) return badField(field, `expected ${rule.min === Number.MIN_VALUE ? 'a positive number' : `at least ${rule.min}`}, got "${form[field]}"`);
    numbers[field] = value;
  }
  if (!form.universe) return badField('universe', 'choose a universe');
  if (!form.useCase) return badField('useCase', 'choose a use case');
  if (form.solvers.length === 0) return badField('solvers', 'choose at least one solver');
  const starts: CompareStart[] = form.withoutStart ? ['heuristic', 'none'] : ['heuristic'];
  // the order the boxes were ticked in means nothing: the runs go in the api's order (HiGHS, CBC, Gurobi)
  const solvers = [...form.solvers].sort((a, b) => solverIds.indexOf(a) - solverIds.indexOf(b));
  return {
    args: {
      universe: form.universe,
      useCase: form.useCase,
      ...(form.asOf ? { asOf: form.asOf } : {}),
      lookback: numbers.lookback!,
      ...(numbers.maxNames !== undefined ? { maxNames: numbers.maxNames } : {}),
      ...(numbers.accountValue !== undefined ? { accountValue: numbers.accountValue } : {}),
      timeLimit: numbers.timeLimit!,
      ...(numbers.threads !== undefined ? { threads: numbers.threads } : {}),
      solvers,
      starts,
    },
  };
}

export const compareSlice: Slice<CompareSlice> = (set, get, client) => {
  let running: RunningJob<'solvers/compare'> | null = null;
  const update = (patch: Partial<JobView<CompareResult>>): void => set({ compareJob: { ...get().compareJob, ...patch } });

  return {
    compareForm: {
      universe: '',
      useCase: 'index-tracking',
      asOf: '',
      lookback: '252',
      maxNames: '',
      accountValue: '',
      timeLimit: '10',
      threads: '',
      solvers: ['highs', 'cbc'],
      withoutStart: false,
    },
    compareJob: idleJob<CompareResult>(),
    compareRuns: [],
    solverList: idle,
    comparePair: [null, null],

    setCompareField(field, value) {
      set({ compareForm: { ...get().compareForm, [field]: value } });
    },

    setCompareSolver(solver, chosen) {
      const form = get().compareForm;
      const others = form.solvers.filter((s) => s !== solver);
      set({ compareForm: { ...form, solvers: chosen ? [...others, solver] : others } });
    },

    async loadSolvers() {
      set({ solverList: loading(get().solverList) });
      try {
        const list = await client.call('solvers/list', {});
        // a solver this machine cannot run is not left chosen: the comparison would refuse it
        const form = get().compareForm;
        const runnable = form.solvers.filter((s) => list.some((a) => a.id === s && a.available));
        set({ solverList: { status: 'ready', value: list }, compareForm: { ...form, solvers: runnable } });
      } catch (error) {
        set({ solverList: { status: 'error', error: apiErrorOf(error) } });
      }
    },

    async runCompare() {
      const parsed = compareArgsOf(get().compareForm);
      if ('error' in parsed) {
        set({ compareJob: { ...idleJob<CompareResult>(), state: 'failed', error: parsed.error }, compareRuns: [] });
        return;
      }
      set({
        compareJob: { ...idleJob<CompareResult>(), state: 'starting' },
        compareRuns: plannedRuns(parsed.args.solvers, parsed.args.starts),
        comparePair: [null, null],
      });
      try {
        running = await client.startJob('solvers/compare', parsed.args, (progress) =>
          set({ compareJob: withProgress(get().compareJob, progress), compareRuns: withSolveProgress(get().compareRuns, progress) }),
        );
        update({ state: 'running', jobId: running.job.id });
        const outcome = await running.finished;
        if (outcome.ok) {
          update({ state: 'done', result: outcome.value });
          set({ compareRuns: endedRuns(get().compareRuns, outcome.value) });
        } else {
          update({ state: outcome.error.code === 'cancelled' ? 'cancelled' : 'failed', error: outcome.error });
          set({ compareRuns: endedRuns(get().compareRuns, 'stopped') });
        }
      } catch (error) {
        update({ state: 'failed', error: apiErrorOf(error) });
        set({ compareRuns: endedRuns(get().compareRuns, 'stopped') });
      } finally {
        running = null;
      }
    },

    async cancelCompare() {
      try {
        await running?.cancel();
      } catch (error) {
        update({ error: apiErrorOf(error) });
      }
    },

    chooseComparePair(side, key) {
      const pair: [string | null, string | null] = [...get().comparePair];
      pair[side] = key;
      set({ comparePair: pair });
    },
  };
};
