import { useEffect } from 'react';
import { SectorActiveChart } from '../../charts/SectorActiveChart.tsx';
import { WaterfallChart } from '../../charts/WaterfallChart.tsx';
import { WeightsChart } from '../../charts/WeightsChart.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { activePoints, count, decimal, milliseconds, money, percent } from '../../components/figures.ts';
import { LoadableView } from '../../components/LoadableView.tsx';
import { valueOf } from '../../state/loadable.ts';
import type { PortfolioView } from '../../state/portfolioSlice.ts';
import { useApp } from '../../state/useApp.ts';
import { downloadCsv } from './downloadCsv.ts';
import { HoldingsTable } from './HoldingsTable.tsx';
import { sectorActiveWeights, type BenchmarkSource } from './sectorActiveWeights.ts';
import { spanRows } from './spanRows.ts';

const sourceNotes: Record<BenchmarkSource, string> = {
  run: 'Benchmark sector weights of the run.',
  universe: 'Benchmark sector weights: the universe’s sector mix at its last date (the run does not report its own).',
  held: 'Benchmark sector weights of the names held only: names not held are missing.',
};

/** One run's portfolio: its figures, the weights against the benchmark, sector active weights, the waterfall, the CSV. */
export function PortfolioScreen() {
  const runs = useApp((s) => s.runs);
  const portfolio = useApp((s) => s.portfolio);
  const loadRuns = useApp((s) => s.loadRuns);
  const showRun = useApp((s) => s.showRun);
  const go = useApp((s) => s.go);

  useEffect(() => {
    if (runs.status === 'idle') void loadRuns();
  }, [runs.status, loadRuns]);

  const list = valueOf(runs) ?? [];
  const shown = valueOf(portfolio)?.runId;
  return (
    <div className="screen portfolio-screen">
      <div className="toolbar panel">
        <label className="field inline">
          <span>Run</span>
          <select
            value={shown ?? ''}
            onChange={(e) => void showRun(Number(e.target.value))}
            disabled={list.length === 0}
            data-testid="run-select"
          >
            {shown !== undefined && !list.some((r) => r.id === shown) && <option value={shown}>run {shown}</option>}
            {list.length === 0 && shown === undefined && <option value="">{runs.status === 'loading' ? 'Loading runs…' : 'No run yet'}</option>}
            {list.map((r) => (
              <option key={r.id} value={r.id}>
                #{r.id} {r.useCase} on {r.universe} · {r.status} · {r.createdAt.replace('T', ' ').slice(0, 16)}
              </option>
            ))}
          </select>
        </label>
        {runs.status === 'error' && <ErrorNotice error={runs.error} context="Loading runs" />}
      </div>
      {portfolio.status === 'idle' && runs.status === 'ready' && list.length === 0 && (
        <div className="panel">
          <p className="status-line empty" data-testid="empty-state">
            No portfolio yet.{' '}
            <button type="button" className="link" onClick={() => go('optimize')}>
              Optimize one
            </button>
            .
          </p>
        </div>
      )}
      <LoadableView value={portfolio} loadingLabel="Loading the run…">
        {(view) => <PortfolioBody view={view} />}
      </LoadableView>
    </div>
  );
}

function PortfolioBody({ view }: { view: PortfolioView }) {
  const universeSectors = useApp((s) => s.universeSectors);
  const csvExport = useApp((s) => s.csvExport);
  const exportCsv = useApp((s) => s.exportCsv);
  const r = view.result;

  const onExport = async (): Promise<void> => {
    const file = await exportCsv(view.runId);
    if (file) downloadCsv(file);
  };

  return (
    <>
      <section className="panel" aria-labelledby="portfolio-heading">
        <div className="panel-head">
          <h2 id="portfolio-heading">
            Run <span data-testid="portfolio-run">{view.runId}</span>
            {r ? `: ${r.useCase} on ${r.universe} as of ${r.asOf}` : view.summary ? `: ${view.summary.useCase ?? ''} on ${view.summary.universe ?? ''}` : ''}
          </h2>
          <div className="actions">
            <button type="button" className="primary" onClick={() => void onExport()} disabled={csvExport.status === 'exporting' || !r} data-testid="export-csv">
              {csvExport.status === 'exporting' ? 'Exporting…' : 'Export CSV'}
            </button>
          </div>
        </div>
        {csvExport.status === 'done' && (
          <p className="notice notice-ok" role="status" data-testid="export-status">
            Saved {csvExport.fileName}.
          </p>
        )}
        {csvExport.status === 'error' && csvExport.error && <ErrorNotice error={csvExport.error} context="Export" />}
        {!r ? (
          <p className="status-line empty">
            This run stored no portfolio{view.summary ? ` (status ${view.summary.status})` : ''}.
          </p>
        ) : (
          <div className="stats" data-testid="portfolio-stats">
            <div className="stat">
              <span className="stat-label">Tracking error</span>
              <span className="stat-value" data-testid="stat-te">{percent(r.trackingError)}</span>
            </div>
            <div className="stat">
              <span className="stat-label">Names</span>
              <span className="stat-value" data-testid="stat-names">{count(r.names)}</span>
            </div>
            <div className="stat">
              <span className="stat-label">Cash</span>
              <span className="stat-value" data-testid="stat-cash">
                {r.accountValue ? `${money(r.cash)} · ${percent(r.cashWeight ?? (r.cash ?? 0) / r.accountValue)}` : percent(r.cash)}
              </span>
            </div>
            <div className="stat">
              <span className="stat-label">Mean |active|</span>
              <span className="stat-value">{percent(r.meanAbsoluteDeviation, 4)}</span>
            </div>
            <div className="stat">
              <span className="stat-label">Model</span>
              <span className="stat-value">{r.modelClass}</span>
            </div>
            <div className="stat">
              <span className="stat-label">Solver</span>
              <span className="stat-value">
                {r.solver} · {r.status}
              </span>
            </div>
            <div className="stat">
              <span className="stat-label">Gap</span>
              <span className="stat-value">{percent(r.gap)}</span>
            </div>
            <div className="stat">
              <span className="stat-label">Objective</span>
              <span className="stat-value">{decimal(r.objective, 6)}</span>
            </div>
          </div>
        )}
      </section>
      {r && !view.holdingsKnown && (
        <div className="panel">
          <p className="status-line empty">The store kept this run’s figures but not its holdings; export the CSV to see them.</p>
        </div>
      )}
      {r && view.holdingsKnown && (
        <div className="portfolio-layout">
          <section className="panel" aria-labelledby="holdings-heading">
            <h2 id="holdings-heading">Weights against the benchmark</h2>
            {r.holdings.length === 0 ? <p className="status-line empty">No position held.</p> : <HoldingsTable result={r} />}
          </section>
          <section className="panel" aria-labelledby="bars-heading">
            <h2 id="bars-heading">Largest positions</h2>
            {r.holdings.length > 0 && <WeightsChart holdings={r.holdings} />}
          </section>
        </div>
      )}
      <div className="sector-layout">
        {r && view.holdingsKnown && <SectorPanel view={view} universeSectors={valueOf(universeSectors) ?? null} loading={universeSectors.status === 'loading'} />}
        <RunWaterfall view={view} />
      </div>
    </>
  );
}

function SectorPanel({ view, universeSectors, loading }: { view: PortfolioView; universeSectors: Parameters<typeof sectorActiveWeights>[1]; loading: boolean }) {
  const r = view.result!;
  const { sectors, source } = sectorActiveWeights(r, universeSectors);
  return (
    <section className="panel" aria-labelledby="sectors-heading" aria-busy={loading}>
      <h2 id="sectors-heading">Sector active weights</h2>
      <p className="muted small" data-testid="sector-source">{sourceNotes[source]}</p>
      <SectorActiveChart sectors={sectors} />
      <table className="table compact" data-testid="sector-table">
        <caption className="sr-only">Sector weights of the portfolio and the benchmark</caption>
        <thead>
          <tr>
            <th scope="col">Sector</th>
            <th scope="col" className="num">Portfolio</th>
            <th scope="col" className="num">Benchmark</th>
            <th scope="col" className="num">Active</th>
          </tr>
        </thead>
        <tbody>
          {sectors.map((s) => (
            <tr key={s.sector}>
              <th scope="row">{s.sector}</th>
              <td className="num">{percent(s.weight)}</td>
              <td className="num">{percent(s.benchmarkWeight)}</td>
              <td className={`num ${s.active >= 0 ? 'over' : 'under'}`}>{activePoints(s.active)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The run's spans as a waterfall, with the same figures as a table for screen readers. */
function RunWaterfall({ view }: { view: PortfolioView }) {
  const openInRuns = useApp((s) => s.openInRuns);
  const rows = spanRows(view.spans);
  const total = rows.filter((s) => s.depth === 0).reduce((end, s) => Math.max(end, s.startMs + s.durationMs), 0);
  return (
    <section className="panel" aria-labelledby="waterfall-heading">
      <div className="panel-head">
        <h2 id="waterfall-heading">Where the time went{total > 0 ? ` (${milliseconds(total)})` : ''}</h2>
        <button type="button" className="link" onClick={() => openInRuns(view.runId)} data-testid="portfolio-open-in-runs">
          Waterfall in Runs
        </button>
      </div>
      {rows.length === 0 ? (
        <p className="status-line empty">No span recorded.</p>
      ) : (
        <>
          <WaterfallChart rows={rows} />
          <table className="sr-only">
            <caption>Spans of run {view.runId}</caption>
            <thead>
              <tr>
                <th scope="col">Span</th>
                <th scope="col">Starts</th>
                <th scope="col">Takes</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.name}</th>
                  <td>{milliseconds(s.startMs)}</td>
                  <td>{milliseconds(s.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
