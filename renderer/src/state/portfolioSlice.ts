import type { OptimizeResult, Span } from '../../../api/domain.ts';
import type { ApiError } from '../../../api/envelope.ts';
import type { SectorWeight } from '../../../api/market.ts';
import type { CsvExport, RunSummary, StoredRun } from '../../../api/runs.ts';
import { apiErrorOf } from '../api/apiFailure.ts';
import { idle, loading, type Loadable } from './loadable.ts';
import type { Slice } from './store.ts';

/** A run as the portfolio screen shows it; `result` is null for a run that stored no portfolio (it failed). */
export interface PortfolioView {
  runId: number;
  summary: RunSummary | null;
  result: OptimizeResult | null;
  /** false when the store kept the run's figures but not its holdings */
  holdingsKnown: boolean;
  spans: Span[];
}

export interface CsvExportState {
  status: 'idle' | 'exporting' | 'done' | 'error';
  fileName: string | null;
  error: ApiError | null;
}

export interface PortfolioSlice {
  runs: Loadable<RunSummary[]>;
  portfolio: Loadable<PortfolioView>;
  /** the universe's sector weights at its last date, for benchmark sector weights a run did not report */
  universeSectors: Loadable<SectorWeight[]>;
  csvExport: CsvExportState;
  loadRuns(): Promise<void>;
  showRun(id: number): Promise<void>;
  showResult(result: OptimizeResult): void;
  exportCsv(id: number): Promise<CsvExport | null>;
}

/** The stored result of an optimize run, when it has the figures of an OptimizeResult. */
function storedResult(run: StoredRun): { result: OptimizeResult; holdingsKnown: boolean } | null {
  const r = run.result;
  if (!r || typeof r !== 'object' || !('trackingError' in r) || !('modelClass' in r)) return null;
  const holdings = (r as { holdings?: unknown }).holdings;
  const holdingsKnown = Array.isArray(holdings);
  return { result: { ...(r as OptimizeResult), runId: run.id, holdings: holdingsKnown ? (holdings as OptimizeResult['holdings']) : [], spans: run.spans }, holdingsKnown };
}

export const portfolioSlice: Slice<PortfolioSlice> = (set, get, client) => {
  // results of runs made in this session: complete, whatever the store keeps of them
  const fresh = new Map<number, OptimizeResult>();
  let shown = 0;

  async function loadUniverseSectors(universe: string): Promise<void> {
    set({ universeSectors: { status: 'loading' } });
    try {
      const members = await client.call('data/members', { universe });
      set({ universeSectors: { status: 'ready', value: members.sectors } });
    } catch (error) {
      set({ universeSectors: { status: 'error', error: apiErrorOf(error) } });
    }
  }

  return {
    runs: idle,
    portfolio: idle,
    universeSectors: idle,
    csvExport: { status: 'idle', fileName: null, error: null },

    async loadRuns() {
      set({ runs: loading(get().runs) });
      try {
        const runs = await client.call('runs/list', { kind: 'optimize', limit: 100 });
        set({ runs: { status: 'ready', value: runs } });
        const current = get().portfolio;
        const first = runs[0];
        if (current.status === 'idle' && first) await get().showRun(first.id);
      } catch (error) {
        set({ runs: { status: 'error', error: apiErrorOf(error) } });
      }
    },

    async showRun(id) {
      const request = ++shown;
      set({ portfolio: { status: 'loading' }, csvExport: { status: 'idle', fileName: null, error: null } });
      try {
        const run = await client.call('runs/show', { id });
        if (request !== shown) return;
        const known = fresh.get(id);
        const stored = storedResult(run);
        const view: PortfolioView = known
          ? { runId: id, summary: run, result: known, holdingsKnown: true, spans: run.spans.length ? run.spans : known.spans }
          : { runId: id, summary: run, result: stored?.result ?? null, holdingsKnown: stored?.holdingsKnown ?? false, spans: run.spans };
        set({ portfolio: { status: 'ready', value: view } });
        if (view.result) void loadUniverseSectors(view.result.universe);
      } catch (error) {
        if (request === shown) set({ portfolio: { status: 'error', error: apiErrorOf(error) } });
      }
    },

    showResult(result) {
      fresh.set(result.runId, result);
      shown++;
      set({
        portfolio: { status: 'ready', value: { runId: result.runId, summary: null, result, holdingsKnown: true, spans: result.spans } },
        csvExport: { status: 'idle', fileName: null, error: null },
      });
      void loadUniverseSectors(result.universe);
      void get().loadRuns();
    },

    async exportCsv(id) {
      set({ csvExport: { status: 'exporting', fileName: null, error: null } });
      try {
        const file = await client.call('runs/portfolioCsv', { id });
        set({ csvExport: { status: 'done', fileName: file.fileName, error: null } });
        return file;
      } catch (error) {
        set({ csvExport: { status: 'error', fileName: null, error: apiErrorOf(error) } });
        return null;
      }
    },
  };
};
