import type { ApiError } from '../../../api/envelope.ts';
import type { ImportSummary, UniverseSummary } from '../../../api/domain.ts';
import type { PriceSeries, UniverseMembers } from '../../../api/market.ts';
import { apiErrorOf } from '../api/apiFailure.ts';
import type { RunningJob } from '../api/jobRunner.ts';
import { idleJob, withProgress, type JobView } from './jobState.ts';
import { idle, loading, type Loadable } from './loadable.ts';
import type { Slice } from './store.ts';

export interface ImportForm {
  universe: string;
  pricesFile: string;
  constituentsFile: string;
  indexFile: string;
}

export interface ImportView extends JobView<ImportSummary> {
  /** rows of the price file read so far */
  rows: number;
}

/** How many tickers the price chart compares with the index at once (the data/series limit). */
export const maxChartTickers = 10;

export interface DataSlice {
  universes: Loadable<UniverseSummary[]>;
  universe: string | null;
  members: Loadable<UniverseMembers>;
  chartTickers: string[];
  series: Loadable<PriceSeries>;
  importJob: ImportView;
  loadUniverses(): Promise<void>;
  selectUniverse(name: string): Promise<void>;
  toggleChartTicker(ticker: string): void;
  startImport(form: ImportForm): Promise<void>;
  cancelImport(): Promise<void>;
}

export const dataSlice: Slice<DataSlice> = (set, get, client) => {
  let running: RunningJob<'data/import'> | null = null;

  async function loadSeries(universe: string): Promise<void> {
    const tickers = get().chartTickers;
    set({ series: loading(get().series) });
    try {
      const series = await client.call('data/series', { universe, tickers });
      if (get().universe === universe) set({ series: { status: 'ready', value: series } });
    } catch (error) {
      if (get().universe === universe) set({ series: { status: 'error', error: apiErrorOf(error) } });
    }
  }

  return {
    universes: idle,
    universe: null,
    members: idle,
    chartTickers: [],
    series: idle,
    importJob: { ...idleJob<ImportSummary>(), rows: 0 },

    async loadUniverses() {
      set({ universes: loading(get().universes) });
      try {
        const list = await client.call('data/list', {});
        set({ universes: { status: 'ready', value: list } });
        const current = get().universe;
        const first = list.find((u) => u.name === current) ?? list[0];
        if (first && first.name !== current) await get().selectUniverse(first.name);
      } catch (error) {
        set({ universes: { status: 'error', error: apiErrorOf(error) } });
      }
    },

    async selectUniverse(name) {
      set({ universe: name, members: { status: 'loading' }, series: { status: 'loading' }, chartTickers: [] });
      try {
        const members = await client.call('data/members', { universe: name });
        if (get().universe !== name) return;
        // the three largest names give the price chart something to compare with the index from the start
        const top = [...members.members].sort((a, b) => b.weight - a.weight).slice(0, 3).map((m) => m.ticker);
        set({ members: { status: 'ready', value: members }, chartTickers: top });
      } catch (error) {
        if (get().universe === name) set({ members: { status: 'error', error: apiErrorOf(error) } });
      }
      if (get().universe === name) await loadSeries(name);
    },

    toggleChartTicker(ticker) {
      const { chartTickers, universe } = get();
      const next = chartTickers.includes(ticker)
        ? chartTickers.filter((t) => t !== ticker)
        : chartTickers.length < maxChartTickers
          ? [...chartTickers, ticker]
          : chartTickers;
      if (next === chartTickers) return;
      set({ chartTickers: next });
      if (universe) void loadSeries(universe);
    },

    async startImport(form) {
      const universe = form.universe.trim();
      set({ importJob: { ...idleJob<ImportSummary>(), state: 'starting', rows: 0 } });
      const update = (patch: Partial<ImportView>): void => set({ importJob: { ...get().importJob, ...patch } });
      const unsubscribeRows = client.subscribe('data/progress', (p) => {
        if (p.universe === universe) update({ rows: p.rows });
      });
      try {
        running = await client.startJob(
          'data/import',
          {
            universe,
            pricesFile: form.pricesFile.trim(),
            ...(form.constituentsFile.trim() ? { constituentsFile: form.constituentsFile.trim() } : {}),
            ...(form.indexFile.trim() ? { indexFile: form.indexFile.trim() } : {}),
          },
          (progress) => set({ importJob: { ...withProgress(get().importJob, progress), rows: get().importJob.rows } }),
        );
        update({ state: 'running', jobId: running.job.id });
        const outcome = await running.finished;
        if (outcome.ok) {
          update({ state: 'done', result: outcome.value });
          await get().loadUniverses();
          await get().selectUniverse(outcome.value.universe);
        } else {
          update({ state: outcome.error.code === 'cancelled' ? 'cancelled' : 'failed', error: outcome.error });
        }
      } catch (error) {
        update({ state: 'failed', error: apiErrorOf(error) });
      } finally {
        unsubscribeRows();
        running = null;
      }
    },

    async cancelImport() {
      try {
        await running?.cancel();
      } catch (error) {
        const e: ApiError = apiErrorOf(error);
        set({ importJob: { ...get().importJob, error: e } });
      }
    },
  };
};
