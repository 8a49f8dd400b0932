import type { AccountDetail, AccountOutcome, AccountsImportSummary, BatchResult, BatchRunSummary, ClusterDetail } from '../../../api/book.ts';
import type { ApiError } from '../../../api/envelope.ts';
import type { MethodArgs } from '../../../api/methods.ts';
import { apiErrorOf } from '../api/apiFailure.ts';
import type { RunningJob } from '../api/jobRunner.ts';
import { idleJob, withProgress, type JobView } from './jobState.ts';
import { idle, loading, valueOf, type Loadable } from './loadable.ts';
import type { Slice } from './store.ts';

/** The Book screen's forms as typed: a demo book to generate, the batch to run, the account filters. */
export interface BookForm {
  count: string;
  seed: string;
  /** the accounts CSV the demo book is written to (its holdings beside it) */
  out: string;
  universe: string;
  useCase: string;
  timeLimit: string;
}

export interface AccountFilters {
  clusterId: string;
  strategy: string;
  taxStatus: '' | 'taxable' | 'deferred';
  minValue: string;
  maxValue: string;
  belowMinimum: boolean;
}

/** The stored book all screens run: accounts/import keeps one under this name. */
export const BOOK_NAME = 'default';

export interface BookSlice {
  bookForm: BookForm;
  bookImport: Loadable<AccountsImportSummary>;
  batchJob: JobView<BatchResult>;
  batchRuns: Loadable<BatchRunSummary[]>;
  /** the batch run the Book, Cluster and Account screens show */
  batchRunId: number | null;
  batchSummary: Loadable<Omit<BatchRunSummary, 'clusters'> & { clusters: BatchResult['clusters'] }>;
  accountFilters: AccountFilters;
  bookAccounts: Loadable<AccountOutcome[]>;
  clusterDetail: Loadable<ClusterDetail>;
  accountDetail: Loadable<AccountDetail>;
  setBookField<K extends keyof BookForm>(field: K, value: BookForm[K]): void;
  setAccountFilter<K extends keyof AccountFilters>(field: K, value: AccountFilters[K]): void;
  generateBook(): Promise<void>;
  runBatch(): Promise<void>;
  cancelBatch(): Promise<void>;
  loadBatchRuns(): Promise<void>;
  showBatchRun(runId: number): Promise<void>;
  loadBookAccounts(): Promise<void>;
  openCluster(clusterId: string): Promise<void>;
  openAccount(accountId: string): Promise<void>;
}

function numberField(field: string, text: string, required: boolean): { value?: number; error?: ApiError } {
  if (!text.trim()) return required ? { error: { code: 'bad-input', message: `${field}: give a number`, where: { field } } } : {};
  const value = Number(text);
  return Number.isFinite(value) ? { value } : { error: { code: 'bad-input', message: `${field}: expected a number, got "${text}"`, where: { field } } };
}

/** The filters as `book/accounts` arguments, or the first that is not a number. */
export function accountFilterArgs(runId: number, f: AccountFilters): { args: MethodArgs<'book/accounts'> } | { error: ApiError } {
  const min = numberField('minValue', f.minValue, false);
  const max = numberField('maxValue', f.maxValue, false);
  const error = min.error ?? max.error;
  if (error) return { error };
  return {
    args: {
      runId,
      ...(f.clusterId ? { clusterId: f.clusterId } : {}),
      ...(f.strategy ? { strategy: f.strategy } : {}),
      ...(f.taxStatus ? { taxStatus: f.taxStatus } : {}),
      ...(min.value !== undefined ? { minValue: min.value } : {}),
      ...(max.value !== undefined ? { maxValue: max.value } : {}),
      ...(f.belowMinimum ? { belowMinimum: true } : {}),
      limit: 500,
    },
  };
}

export const bookSlice: Slice<BookSlice> = (set, get, client) => {
  let running: RunningJob<'book/batch'> | null = null;
  let clusterRequest = 0;
  let accountRequest = 0;
  const updateJob = (patch: Partial<JobView<BatchResult>>): void => set({ batchJob: { ...get().batchJob, ...patch } });

  return {
    bookForm: { count: '200', seed: '1', out: 'demo-book.csv', universe: 'demo', useCase: 'index-tracking', timeLimit: '1' },
    bookImport: idle,
    batchJob: idleJob<BatchResult>(),
    batchRuns: idle,
    batchRunId: null,
    batchSummary: idle,
    accountFilters: { clusterId: '', strategy: '', taxStatus: '', minValue: '', maxValue: '', belowMinimum: false },
    bookAccounts: idle,
    clusterDetail: idle,
    accountDetail: idle,

    setBookField(field, value) {
      set({ bookForm: { ...get().bookForm, [field]: value } });
    },

    setAccountFilter(field, value) {
      set({ accountFilters: { ...get().accountFilters, [field]: value } });
    },

    async generateBook() {
      const form = get().bookForm;
      const count = numberField('count', form.count, true);
      const seed = numberField('seed', form.seed, true);
      const error = count.error ?? seed.error ?? (form.out.trim() ? undefined : { code: 'bad-input', message: 'out: give a file to write the book to', where: { field: 'out' } });
      if (error) {
        set({ bookImport: { status: 'error', error } });
        return;
      }
      set({ bookImport: loading(get().bookImport) });
      try {
        const out = form.out.trim();
        const holdingsOut = out.replace(/(\.csv)?$/i, '-holdings.csv');
        await client.call('accounts/generate', { count: count.value!, seed: seed.value!, out, holdingsOut, universe: form.universe || 'demo' });
        const summary = await client.call('accounts/import', { file: out, holdingsFile: holdingsOut, book: BOOK_NAME });
        set({ bookImport: { status: 'ready', value: summary } });
      } catch (e) {
        set({ bookImport: { status: 'error', error: apiErrorOf(e) } });
      }
    },

    async runBatch() {
      const form = get().bookForm;
      const timeLimit = numberField('timeLimit', form.timeLimit, true);
      if (timeLimit.error) {
        set({ batchJob: { ...idleJob<BatchResult>(), state: 'failed', error: timeLimit.error } });
        return;
      }
      set({ batchJob: { ...idleJob<BatchResult>(), state: 'starting' } });
      try {
        running = await client.startJob('book/batch', { book: BOOK_NAME, universe: form.universe, useCase: form.useCase, timeLimit: timeLimit.value! }, (progress) =>
          set({ batchJob: withProgress(get().batchJob, progress) }),
        );
        updateJob({ state: 'running', jobId: running.job.id });
        const outcome = await running.finished;
        if (outcome.ok) {
          updateJob({ state: 'done', result: outcome.value });
          // the new run is the one to show: the list must not show its newest first on its own
          set({ batchRunId: outcome.value.runId });
          await get().loadBatchRuns();
          await get().showBatchRun(outcome.value.runId);
        } else {
          updateJob({ state: outcome.error.code === 'cancelled' ? 'cancelled' : 'failed', error: outcome.error });
        }
      } catch (e) {
        updateJob({ state: 'failed', error: apiErrorOf(e) });
      } finally {
        running = null;
      }
    },

    async cancelBatch() {
      try {
        await running?.cancel();
      } catch (e) {
        updateJob({ error: apiErrorOf(e) });
      }
    },

    async loadBatchRuns() {
      set({ batchRuns: loading(get().batchRuns) });
      try {
        const runs = await client.call('book/runs', { limit: 100 });
        set({ batchRuns: { status: 'ready', value: runs } });
        const first = runs[0];
        if (get().batchRunId === null && first) await get().showBatchRun(first.runId);
      } catch (e) {
        set({ batchRuns: { status: 'error', error: apiErrorOf(e) } });
      }
    },

    async showBatchRun(runId) {
      set({ batchRunId: runId, batchSummary: { status: 'loading' }, accountFilters: { ...get().accountFilters, clusterId: '' } });
      try {
        const run = await client.call('runs/show', { id: runId });
        const summary = valueOf(get().batchRuns)?.find((r) => r.runId === runId);
        const result = run.result as BatchResult;
        if (get().batchRunId !== runId) return;
        set({
          batchSummary: {
            status: 'ready',
            value: {
              ...(summary ?? {
                runId,
                createdAt: run.createdAt,
                status: run.status,
                universe: result.universe,
                useCase: result.useCase,
                asOf: result.asOf,
                accounts: result.accounts,
                belowMinimum: result.belowMinimum,
                fallback: result.fallback ?? 0,
                unallocated: result.unallocated ?? 0,
                trackingError: result.trackingError,
                seconds: result.seconds,
              }),
              clusters: result.clusters,
            },
          },
        });
      } catch (e) {
        set({ batchSummary: { status: 'error', error: apiErrorOf(e) } });
      }
      await get().loadBookAccounts();
    },

    async loadBookAccounts() {
      const runId = get().batchRunId;
      if (runId === null) return;
      const parsed = accountFilterArgs(runId, get().accountFilters);
      if ('error' in parsed) {
        set({ bookAccounts: { status: 'error', error: parsed.error } });
        return;
      }
      set({ bookAccounts: loading(get().bookAccounts) });
      try {
        set({ bookAccounts: { status: 'ready', value: await client.call('book/accounts', parsed.args) } });
      } catch (e) {
        set({ bookAccounts: { status: 'error', error: apiErrorOf(e) } });
      }
    },

    async openCluster(clusterId) {
      const runId = get().batchRunId;
      if (runId === null) return;
      const request = ++clusterRequest;
      set({ clusterDetail: { status: 'loading' } });
      get().go('cluster');
      try {
        const detail = await client.call('book/cluster', { runId, clusterId });
        if (request === clusterRequest) set({ clusterDetail: { status: 'ready', value: detail } });
      } catch (e) {
        if (request === clusterRequest) set({ clusterDetail: { status: 'error', error: apiErrorOf(e) } });
      }
    },

    async openAccount(accountId) {
      const runId = get().batchRunId;
      if (runId === null) return;
      const request = ++accountRequest;
      set({ accountDetail: { status: 'loading' } });
      get().go('account');
      try {
        const detail = await client.call('book/account', { runId, accountId });
        if (request === accountRequest) set({ accountDetail: { status: 'ready', value: detail } });
      } catch (e) {
        if (request === accountRequest) set({ accountDetail: { status: 'error', error: apiErrorOf(e) } });
      }
    },
  };
};
