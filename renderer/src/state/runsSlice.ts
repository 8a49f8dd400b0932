import type { ApiError } from '../../../api/envelope.ts';
import type { MethodArgs } from '../../../api/methods.ts';
import type { RunDiff, RunFile, RunSummary, WaterfallLayout } from '../../../api/runs.ts';
import { apiErrorOf } from '../api/apiFailure.ts';
import { idle, loading, type Loadable } from './loadable.ts';
import type { Slice } from './store.ts';

/** The Runs screen's filters as chosen; '' is "any". `since` is a date (YYYY-MM-DD) or ''. */
export interface RunFilters {
  kind: string;
  status: string;
  universe: string;
  since: string;
}

export const noRunFilters: RunFilters = { kind: '', status: '', universe: '', since: '' };

/** The newest runs the history lists; older ones are reached with the filters. */
export const RUN_HISTORY_LIMIT = 200;

export interface RunFileState {
  status: 'idle' | 'saving' | 'done' | 'error';
  fileName: string | null;
  error: ApiError | null;
}

export interface RunDeletionState {
  status: 'idle' | 'deleting' | 'error';
  error: ApiError | null;
}

export interface RunsSlice {
  runFilters: RunFilters;
  runHistory: Loadable<RunSummary[]>;
  /** the statuses and universes of every run listed this session: what the filters offer */
  runFacets: { statuses: string[]; universes: string[] };
  /** the run whose waterfall the Runs screen shows */
  runChosen: number | null;
  /** a second run drawn under the first on one time axis, and diffed against it */
  runSecond: number | null;
  runLayout: Loadable<WaterfallLayout>;
  runSecondLayout: Loadable<WaterfallLayout>;
  runDiff: Loadable<RunDiff>;
  runFile: RunFileState;
  runDeletion: RunDeletionState;
  setRunFilter<K extends keyof RunFilters>(field: K, value: RunFilters[K]): void;
  loadRunHistory(): Promise<void>;
  chooseRun(id: number): Promise<void>;
  chooseSecondRun(id: number | null): Promise<void>;
  deleteStoredRun(id: number): Promise<boolean>;
  saveWaterfall(format: 'svg' | 'html'): Promise<RunFile | null>;
  /** the Runs screen on one run, from another screen's "open in Runs" */
  openInRuns(id: number): void;
}

/** runs/list's arguments for the filters: a filter left at "any" is not sent. */
export function runsListArgsOf(filters: RunFilters): MethodArgs<'runs/list'> {
  const args: MethodArgs<'runs/list'> = { limit: RUN_HISTORY_LIMIT };
  if (filters.kind) args.kind = filters.kind;
  if (filters.status) args.status = filters.status;
  if (filters.universe) args.universe = filters.universe;
  if (filters.since) args.since = filters.since;
  return args;
}

function mergeFacets(facets: RunsSlice['runFacets'], runs: readonly RunSummary[]): RunsSlice['runFacets'] {
  const statuses = new Set(facets.statuses);
  const universes = new Set(facets.universes);
  for (const r of runs) {
    statuses.add(r.status);
    if (r.universe) universes.add(r.universe);
  }
  if (statuses.size === facets.statuses.length && universes.size === facets.universes.length) return facets;
  return { statuses: [...statuses].sort(), universes: [...universes].sort() };
}

const noFile: RunFileState = { status: 'idle', fileName: null, error: null };

export const runsSlice: Slice<RunsSlice> = (set, get, client) => {
  // each answer is kept only if no later request of its kind was made meanwhile
  let listed = 0;
  let shown = 0;
  let paired = 0;

  async function loadLayout(id: number, request: number, field: 'runLayout' | 'runSecondLayout', current: () => number): Promise<void> {
    set({ [field]: { status: 'loading' } } as Pick<RunsSlice, typeof field>);
    try {
      const layout = await client.call('runs/layout', { id });
      if (request === current()) set({ [field]: { status: 'ready', value: layout } } as Pick<RunsSlice, typeof field>);
    } catch (error) {
      if (request === current()) set({ [field]: { status: 'error', error: apiErrorOf(error) } } as Pick<RunsSlice, typeof field>);
    }
  }

  async function loadDiff(a: number, b: number, request: number): Promise<void> {
    set({ runDiff: { status: 'loading' } });
    try {
      const diff = await client.call('runs/diff', { a, b });
      if (request === paired) set({ runDiff: { status: 'ready', value: diff } });
    } catch (error) {
      if (request === paired) set({ runDiff: { status: 'error', error: apiErrorOf(error) } });
    }
  }

  return {
    runFilters: noRunFilters,
    runHistory: idle,
    runFacets: { statuses: [], universes: [] },
    runChosen: null,
    runSecond: null,
    runLayout: idle,
    runSecondLayout: idle,
    runDiff: idle,
    runFile: noFile,
    runDeletion: { status: 'idle', error: null },

    setRunFilter(field, value) {
      set({ runFilters: { ...get().runFilters, [field]: value } });
      void get().loadRunHistory();
    },

    async loadRunHistory() {
      const request = ++listed;
      set({ runHistory: loading(get().runHistory) });
      try {
        const runs = await client.call('runs/list', runsListArgsOf(get().runFilters));
        if (request !== listed) return;
        set({ runHistory: { status: 'ready', value: runs }, runFacets: mergeFacets(get().runFacets, runs) });
        const first = runs[0];
        if (get().runChosen === null && first) await get().chooseRun(first.id);
      } catch (error) {
        if (request === listed) set({ runHistory: { status: 'error', error: apiErrorOf(error) } });
      }
    },

    async chooseRun(id) {
      const request = ++shown;
      // a run is not drawn beside itself
      const second = get().runSecond === id ? null : get().runSecond;
      if (second === null && get().runSecond !== null) paired++;
      set({ runChosen: id, runSecond: second, runFile: noFile, runDeletion: { status: 'idle', error: null }, ...(second === null ? { runSecondLayout: idle, runDiff: idle } : {}) });
      const work = [loadLayout(id, request, 'runLayout', () => shown)];
      if (second !== null) work.push(loadDiff(id, second, ++paired));
      await Promise.all(work);
    },

    async chooseSecondRun(id) {
      const request = ++paired;
      const first = get().runChosen;
      if (id === null || first === null || id === first) {
        set({ runSecond: null, runSecondLayout: idle, runDiff: idle });
        return;
      }
      set({ runSecond: id, runFile: noFile });
      await Promise.all([loadLayout(id, request, 'runSecondLayout', () => paired), loadDiff(first, id, request)]);
    },

    async deleteStoredRun(id) {
      set({ runDeletion: { status: 'deleting', error: null } });
      try {
        await client.call('runs/delete', { id });
      } catch (error) {
        set({ runDeletion: { status: 'error', error: apiErrorOf(error) } });
        return false;
      }
      set({ runDeletion: { status: 'idle', error: null } });
      const { runChosen, runSecond, runHistory } = get();
      if (runHistory.status === 'ready') set({ runHistory: { status: 'ready', value: runHistory.value.filter((r) => r.id !== id) } });
      if (runSecond === id) await get().chooseSecondRun(null);
      if (runChosen === id) {
        shown++;
        paired++;
        set({ runChosen: null, runSecond: null, runLayout: idle, runSecondLayout: idle, runDiff: idle, runFile: noFile });
      }
      await get().loadRunHistory();
      return true;
    },

    async saveWaterfall(format) {
      const id = get().runChosen;
      if (id === null) return null;
      const second = get().runSecond;
      set({ runFile: { status: 'saving', fileName: null, error: null } });
      try {
        const file = await client.call('runs/waterfall', second === null ? { id, format } : { id, format, with: second });
        set({ runFile: { status: 'done', fileName: file.fileName, error: null } });
        return file;
      } catch (error) {
        set({ runFile: { status: 'error', fileName: null, error: apiErrorOf(error) } });
        return null;
      }
    },

    openInRuns(id) {
      get().go('runs');
      void get().chooseRun(id);
      if (get().runHistory.status === 'idle') void get().loadRunHistory();
    },
  };
};
