import { useEffect, useMemo, type FormEvent } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { count, money, percent } from '../../components/figures.ts';
import { JobProgressView } from '../../components/JobProgressView.tsx';
import { LoadableView } from '../../components/LoadableView.tsx';
import { Loading } from '../../components/StatusLine.tsx';
import { isActive } from '../../state/jobState.ts';
import { valueOf } from '../../state/loadable.ts';
import { useApp } from '../../state/useApp.ts';
import { ACCOUNTS_PAGE } from '../../state/bookSlice.ts';
import { AccountsPager } from './AccountsPager.tsx';
import { AccountsTable } from './AccountsTable.tsx';
import { ClusterTable } from './ClusterTable.tsx';
import { UniverseSelect, UseCaseSelect } from '../../components/UniverseAndUseCaseSelects.tsx';

/** The stages of a batch run, in its span names. */
const batchStages = ['load', 'returns', 'cluster', 'optimize', 'map', 'persist'] as const;

/** The SMA book: a demo book to generate and import, the batch as a job, its clusters and its accounts. */
export function BookScreen() {
  const form = useApp((s) => s.bookForm);
  const setField = useApp((s) => s.setBookField);
  const bookImport = useApp((s) => s.bookImport);
  const generate = useApp((s) => s.generateBook);
  const job = useApp((s) => s.batchJob);
  const runBatch = useApp((s) => s.runBatch);
  const cancel = useApp((s) => s.cancelBatch);
  const runs = useApp((s) => s.batchRuns);
  const runId = useApp((s) => s.batchRunId);
  const loadRuns = useApp((s) => s.loadBatchRuns);
  const showRun = useApp((s) => s.showBatchRun);
  const summary = useApp((s) => s.batchSummary);
  const openCluster = useApp((s) => s.openCluster);
  const openInRuns = useApp((s) => s.openInRuns);
  const universes = useApp((s) => s.universes);
  const loadUniverses = useApp((s) => s.loadUniverses);
  const matrix = useApp((s) => s.matrix);
  const loadMatrix = useApp((s) => s.loadMatrix);

  const accountsStatus = useApp((s) => s.bookAccounts.status);
  useEffect(() => {
    if (runs.status === 'idle') void loadRuns();
  }, [runs.status, loadRuns]);
  // The batch form's choices wait until the run is on the screen: their calls (the matrix's brings a use case's model
  // facts, a tenth of a second of the core's time) would otherwise hold up the run's own on the one core.
  const runShown =
    runs.status === 'error' ||
    (runs.status === 'ready' && (runs.value.length === 0 || (summary.status !== 'loading' && accountsStatus !== 'loading' && accountsStatus !== 'idle')));
  useEffect(() => {
    if (!runShown) return;
    if (universes.status === 'idle') void loadUniverses();
    if (matrix.status === 'idle') void loadMatrix();
  }, [runShown, universes.status, matrix.status, loadUniverses, loadMatrix]);

  const universeList = useMemo(() => valueOf(universes) ?? [], [universes]);
  const useCases = valueOf(matrix)?.rows ?? [];
  const runList = valueOf(runs) ?? [];
  const active = isActive(job);
  const generating = bookImport.status === 'loading';
  const imported = valueOf(bookImport);

  const onGenerate = (e: FormEvent): void => {
    e.preventDefault();
    void generate();
  };
  const onBatch = (e: FormEvent): void => {
    e.preventDefault();
    void runBatch();
  };

  return (
    <div className="screen book-screen">
      <section className="panel column" aria-labelledby="book-heading">
        <h2 id="book-heading">Book</h2>
        <form className="form grid-form" onSubmit={onGenerate} noValidate data-testid="book-generate-form">
          <label className="field">
            <span>Accounts</span>
            <input type="number" min={1} step={1} value={form.count} onChange={(e) => setField('count', e.target.value)} disabled={generating} data-testid="book-count" />
          </label>
          <label className="field">
            <span>Seed</span>
            <input type="number" step={1} value={form.seed} onChange={(e) => setField('seed', e.target.value)} disabled={generating} data-testid="book-seed" />
          </label>
          <label className="field">
            <span>Write to</span>
            <input type="text" value={form.out} onChange={(e) => setField('out', e.target.value)} disabled={generating} aria-describedby="book-out-hint" data-testid="book-out" />
            <span id="book-out-hint" className="hint">
              the accounts CSV; its holdings go beside it
            </span>
          </label>
          <div className="actions">
            <button type="submit" disabled={generating || active} data-testid="book-generate">
              {generating ? 'Generating…' : 'Generate and import a demo book'}
            </button>
          </div>
        </form>
        {bookImport.status === 'error' && <ErrorNotice error={bookImport.error} context="Generating the book" />}
        {bookImport.status === 'loading' && <Loading label="Generating the book…" />}
        {imported && (
          <p className="notice notice-ok" role="status" data-testid="book-imported">
            Imported {count(imported.accounts)} accounts ({count(imported.taxable)} taxable, {count(imported.deferred)} deferred), {count(imported.lots)} lots,{' '}
            {money(imported.totalValue)} in all.
          </p>
        )}
        <form className="form grid-form" onSubmit={onBatch} noValidate data-testid="batch-form">
          <UniverseSelect value={form.universe} onChange={(v) => setField('universe', v)} disabled={active} testId="batch-universe" universes={universeList} />
          <UseCaseSelect value={form.useCase} onChange={(v) => setField('useCase', v)} disabled={active} testId="batch-usecase" useCases={useCases} />
          <label className="field">
            <span>Time per cluster (s)</span>
            <input type="number" min={0.1} step="any" value={form.timeLimit} onChange={(e) => setField('timeLimit', e.target.value)} disabled={active} data-testid="batch-timelimit" />
          </label>
          <div className="actions">
            <button type="submit" className="primary" disabled={active || generating} data-testid="batch-run">
              {active ? 'Running…' : 'Run the batch'}
            </button>
          </div>
        </form>
        <JobProgressView job={job} label="Batch" onCancel={() => void cancel()} expectedStages={batchStages} />
      </section>
      <section className="panel column wide" aria-labelledby="clusters-heading">
        <div className="toolbar">
          <h2 id="clusters-heading">Clusters</h2>
          <label className="field inline">
            <span>Batch run</span>
            <select value={runId ?? ''} onChange={(e) => void showRun(Number(e.target.value))} disabled={runList.length === 0} data-testid="batch-run-select">
              {runList.length === 0 && <option value="">{runs.status === 'loading' ? 'Loading runs…' : 'No batch yet'}</option>}
              {runList.map((r) => (
                <option key={r.runId} value={r.runId}>
                  #{r.runId} {r.useCase} on {r.universe} · {count(r.accounts)} accounts · {r.createdAt.replace('T', ' ').slice(0, 16)}
                </option>
              ))}
            </select>
          </label>
          {runId !== null && (
            <button type="button" className="link" onClick={() => openInRuns(runId)} data-testid="batch-open-in-runs">
              Waterfall in Runs
            </button>
          )}
        </div>
        {runs.status === 'error' && <ErrorNotice error={runs.error} context="Loading batch runs" />}
        {runs.status === 'ready' && runList.length === 0 && (
          <p className="status-line empty" data-testid="book-empty">
            No batch yet: generate a book, then run the batch.
          </p>
        )}
        <LoadableView value={summary} loadingLabel="Loading the batch…">
          {(s) => (
            <>
              <div className="stats" data-testid="batch-summary">
                <div className="stat">
                  <span className="stat-label">Accounts</span>
                  <span className="stat-value">{count(s.accounts)}</span>
                </div>
                <div className="stat">
                  <span className="stat-label">Clusters</span>
                  <span className="stat-value" data-testid="batch-clusters">{count(s.clusters.length)}</span>
                </div>
                <div className="stat">
                  <span className="stat-label">Median TE</span>
                  <span className="stat-value">{percent(s.trackingError?.median)}</span>
                </div>
                <div className="stat">
                  <span className="stat-label">90th pct TE</span>
                  <span className="stat-value">{percent(s.trackingError?.p90)}</span>
                </div>
                <div className="stat">
                  <span className="stat-label">Below minimum</span>
                  <span className="stat-value">{count(s.belowMinimum)}</span>
                </div>
                <div className="stat" title="served by another cluster's target because their own model has none / not allocated at all (accounts.csv says why)">
                  <span className="stat-label">Fallback / not allocated</span>
                  <span className="stat-value" data-testid="batch-partial">
                    {count(s.fallback)} / {count(s.unallocated)}
                  </span>
                </div>
                <div className="stat">
                  <span className="stat-label">Time</span>
                  <span className="stat-value">{s.seconds > 0 ? `${s.seconds.toFixed(1)} s` : '—'}</span>
                </div>
              </div>
              <ClusterTable clusters={s.clusters} onOpen={(id) => void openCluster(id)} />
            </>
          )}
        </LoadableView>
        {runId !== null && <BookAccounts />}
      </section>
    </div>
  );
}

/** The run's accounts under the filters the user sets. */
function BookAccounts() {
  const filters = useApp((s) => s.accountFilters);
  const setFilter = useApp((s) => s.setAccountFilter);
  const load = useApp((s) => s.loadBookAccounts);
  const accounts = useApp((s) => s.bookAccounts);
  const openAccount = useApp((s) => s.openAccount);
  const summary = valueOf(useApp((s) => s.batchSummary));
  const unfiltered = Object.values(filters).every((v) => v === '' || v === false);
  const strategies = [...new Set((summary?.clusters ?? []).map((c) => c.key.strategy))].sort();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void load(0);
  };
  return (
    <section aria-labelledby="accounts-heading">
      <h3 id="accounts-heading">Accounts</h3>
      <form className="form filters" onSubmit={submit} noValidate data-testid="account-filters">
        <label className="field inline">
          <span>Cluster</span>
          <select value={filters.clusterId} onChange={(e) => setFilter('clusterId', e.target.value)} data-testid="filter-cluster">
            <option value="">all</option>
            {(summary?.clusters ?? []).map((c) => (
              <option key={c.clusterId} value={c.clusterId}>
                {c.clusterId}
              </option>
            ))}
          </select>
        </label>
        <label className="field inline">
          <span>Strategy</span>
          <select value={filters.strategy} onChange={(e) => setFilter('strategy', e.target.value)} data-testid="filter-strategy">
            <option value="">all</option>
            {strategies.map((st) => (
              <option key={st} value={st}>
                {st}
              </option>
            ))}
          </select>
        </label>
        <label className="field inline">
          <span>Tax status</span>
          <select value={filters.taxStatus} onChange={(e) => setFilter('taxStatus', e.target.value as typeof filters.taxStatus)} data-testid="filter-tax">
            <option value="">all</option>
            <option value="taxable">taxable</option>
            <option value="deferred">deferred</option>
          </select>
        </label>
        <label className="field inline">
          <span>Min value ($)</span>
          <input type="number" min={0} step="any" value={filters.minValue} onChange={(e) => setFilter('minValue', e.target.value)} data-testid="filter-min" />
        </label>
        <label className="field inline">
          <span>Max value ($)</span>
          <input type="number" min={0} step="any" value={filters.maxValue} onChange={(e) => setFilter('maxValue', e.target.value)} data-testid="filter-max" />
        </label>
        <label className="field inline checkbox">
          <input type="checkbox" checked={filters.belowMinimum} onChange={(e) => setFilter('belowMinimum', e.target.checked)} data-testid="filter-below" />
          <span>Below minimum only</span>
        </label>
        <button type="submit" data-testid="filter-apply">
          Filter
        </button>
      </form>
      <LoadableView value={accounts} loadingLabel="Loading accounts…" isEmpty={(p) => p.accounts.length === 0 && p.offset === 0} empty="No account matches the filters.">
        {(page) => (
          <>
            <AccountsPager
              page={page}
              pageSize={ACCOUNTS_PAGE}
              {...(unfiltered && summary ? { total: summary.accounts } : {})}
              busy={accounts.status === 'loading'}
              onPage={(offset) => void load(offset)}
            />
            <AccountsTable accounts={page.accounts} onOpen={(id) => void openAccount(id)} />
          </>
        )}
      </LoadableView>
    </section>
  );
}
