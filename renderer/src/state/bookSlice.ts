import type { AccountDetail, AccountOutcome, AccountsImportSummary, BatchResult, BatchRunDetail, BatchRunSummary, ClusterDetail } from '../../../api/book.ts';
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

/**
 * Accounts a table shows at once: a 10,000-account book is read and drawn a page at a time (all of it took a
 * browser hundreds of milliseconds to lay out), and a page asks for one row more to know whether another follows.
 */
export const ACCOUNTS_PAGE = 200;

/** A page of accounts: the rows from `offset` on, and whether more follow them. */
export interface AccountsPage {
  accounts: AccountOutcome[];
  offset: number;
  more: boolean;
}

function pageOf(rows: AccountOutcome[], offset: number): AccountsPage {
  return { accounts: rows.slice(0, ACCOUNTS_PAGE), offset, more: rows.length > ACCOUNTS_PAGE };
}

export interface BookSlice {
  bookForm: BookForm;
  bookImport: Loadable<AccountsImportSummary>;
  batchJob: JobView<BatchResult>;
  batchRuns: Loadable<BatchRunSummary[]>;
  /** the batch run the Book, Cluster and Account screens show */
  batchRunId: number | null;
  batchSummary: Loadable<BatchRunDetail>;
  accountFilters: AccountFilters;
  bookAccounts: Loadable<AccountsPage>;
  clusterDetail: Loadable<ClusterDetail>;
  /** the page of the cluster's members the Cluster screen shows */
  clusterMembers: Loadable<AccountsPage>;
  accountDetail: Loadable<AccountDetail>;
  setBookField<K extends keyof BookForm>(field: K, value: BookForm[K]): void;
  setAccountFilter<K extends keyof AccountFilters>(field: K, value: AccountFilters[K]): void;
  generateBook(): Promise<void>;
  runBatch(): Promise<void>;
  cancelBatch(): Promise<void>;
  loadBatchRuns(): Promise<void>;
  showBatchRun(runId: number): Promise<void>;
  /** the accounts under the filters, the page from `offset` (default: the first) */
  loadBookAccounts(offset?: number): Promise<void>;
  openCluster(clusterId: string): Promise<void>;
  loadClusterMembers(offset: number): Promise<void>;
  openAccount(accountId: string): Promise<void>;
}

function numberField(field: string, text: string, required: boolean): { value?: number; error?: ApiError } {
  if (!text.trim()) return required ? { error: { code: 'bad-input', message: `${field}: give a number`, where: { field } } } : {};
  const value = Number(text);
  return Number.isFinite(value) ? { value } : { error: { code: 'bad-input', message: `${field}: expected a number, got "${text}"`, where: { field } } };
}

/** The filters as `book/accounts` arguments for the page from `offset`, or the first that is not a number. */
export function accountFilterArgs(runId: number, f: AccountFilters, offset = 0): { args: MethodArgs<'book/accounts'> } | { error: ApiError } {
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
      limit: ACCOUNTS_PAGE + 1,
      offset,
    },
  };
}

export const bookSlice: Slice<BookSlice> = (set, get, client) => {
  let running: RunningJob<'book/batch'> | null = null;
  let clusterRequest = 0;
  let accountRequest = 0;
  let accountsRequest = 0;
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
    clusterMembers: idle,
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
      // the figures and clusters (book/run: kilobytes, where the stored run whole is megabytes) and the first page of accounts at once
      const summary = (async () => {
        try {
          const run = await client.call('book/run', { runId });
          if (get().batchRunId === runId) set({ batchSummary: { status: 'ready', value: run } });
        } catch (e) {
          if (get().batchRunId === runId) set({ batchSummary: { status: 'error', error: apiErrorOf(e) } });
        }
      })();
      await Promise.all([summary, get().loadBookAccounts()]);
    },

    async loadBookAccounts(offset = 0) {
      const runId = get().batchRunId;
      if (runId === null) return;
      const parsed = accountFilterArgs(runId, get().accountFilters, offset);
      if ('error' in parsed) {
        set({ bookAccounts: { status: 'error', error: parsed.error } });
        return;
      }
      const request = ++accountsRequest;
      set({ bookAccounts: loading(get().bookAccounts) });
      try {
        const rows = await client.call('book/accounts', parsed.args);
        if (request === accountsRequest) set({ bookAccounts: { status: 'ready', value: pageOf(rows, offset) } });
      } catch (e) {
        if (request === accountsRequest) set({ bookAccounts: { status: 'error', error: apiErrorOf(e) } });
      }
    },

    async openCluster(clusterId) {
      const runId = get().batchRunId;
      if (runId === null) return;
      // the cluster already shown is not asked for again (back from one of its accounts)
      const shown = valueOf(get().clusterDetail);
      if (get().clusterDetail.status === 'ready' && shown?.runId === runId && shown.summary.clusterId === clusterId) {
        get().go('cluster');
        return;
      }
      const request = ++clusterRequest;
      set({ clusterDetail: { status: 'loading' }, clusterMembers: { status: 'loading' } });
      get().go('cluster');
      try {
        const detail = await client.call('book/cluster', { runId, clusterId, limit: ACCOUNTS_PAGE + 1 });
        if (request === clusterRequest) set({ clusterDetail: { status: 'ready', value: detail }, clusterMembers: { status: 'ready', value: pageOf(detail.accounts, 0) } });
      } catch (e) {
        if (request === clusterRequest) set({ clusterDetail: { status: 'error', error: apiErrorOf(e) }, clusterMembers: idle });
      }
    },

    async loadClusterMembers(offset) {
      const detail = valueOf(get().clusterDetail);
      if (detail === undefined) return;
      const request = ++clusterRequest;
      set({ clusterMembers: loading(get().clusterMembers) });
      try {
        const rows = await client.call('book/accounts', { runId: detail.runId, clusterId: detail.summary.clusterId, limit: ACCOUNTS_PAGE + 1, offset });
        if (request === clusterRequest) set({ clusterMembers: { status: 'ready', value: pageOf(rows, offset) } });
      } catch (e) {
        if (request === clusterRequest) set({ clusterMembers: { status: 'error', error: apiErrorOf(e) } });
      }
    },

    async openAccount(accountId) {
      const runId = get().batchRunId;
      if (runId === null) return;
      const shown = valueOf(get().accountDetail);
      if (get().accountDetail.status === 'ready' && shown?.runId === runId && shown.account.accountId === accountId) {
        get().go('account');
        return;
      }
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
