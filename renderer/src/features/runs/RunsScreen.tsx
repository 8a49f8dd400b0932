import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunSummary, WaterfallLayout } from '../../../../api/runs.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { LoadableView } from '../../components/LoadableView.tsx';
import { Loading } from '../../components/StatusLine.tsx';
import { valueOf } from '../../state/loadable.ts';
import { noRunFilters } from '../../state/runsSlice.ts';
import { useApp } from '../../state/useApp.ts';
import { downloadRunFile } from './downloadRunFile.ts';
import { RunDiffView } from './RunDiffView.tsx';
import { RunFiltersForm } from './RunFiltersForm.tsx';
import { createdText, RunHistoryTable } from './RunHistoryTable.tsx';
import { WaterfallView } from './WaterfallView.tsx';

/**
 * The run history: every stored job with filters; a run's waterfall (its spans as bars, the CPU and memory under
 * them), a second run beside it on the same time axis with the two diffed, the waterfall saved as a file, a run deleted.
 */
export function RunsScreen() {
  const filters = useApp((s) => s.runFilters);
  const facets = useApp((s) => s.runFacets);
  const history = useApp((s) => s.runHistory);
  const chosen = useApp((s) => s.runChosen);
  const setFilter = useApp((s) => s.setRunFilter);
  const load = useApp((s) => s.loadRunHistory);
  const choose = useApp((s) => s.chooseRun);
  const second = useApp((s) => s.runSecond);

  useEffect(() => {
    if (history.status === 'idle') void load();
  }, [history.status, load]);

  const filtered = (Object.keys(noRunFilters) as (keyof typeof noRunFilters)[]).some((k) => filters[k] !== noRunFilters[k]);
  return (
    <div className="screen runs-screen">
      <section className="panel" aria-labelledby="runs-heading">
        <h2 id="runs-heading">Runs</h2>
        <RunFiltersForm filters={filters} facets={facets} onChange={setFilter} onRefresh={() => void load()} busy={history.status === 'loading'} />
        <LoadableView
          value={history}
          loadingLabel="Listing runs…"
          isEmpty={(runs) => runs.length === 0}
          empty={filtered ? 'No stored run matches these filters.' : 'No run stored yet: optimize, compare or run a batch, and its run shows here.'}
        >
          {(runs) => <RunHistoryTable runs={runs} chosen={chosen} second={second} onChoose={(id) => void choose(id)} />}
        </LoadableView>
      </section>
      {chosen !== null && <RunPanel key={chosen} id={chosen} runs={valueOf(history) ?? []} />}
      {chosen !== null && second !== null && <DiffPanel />}
    </div>
  );
}

/** The chosen run: what to draw beside it, the saves and the delete, then the waterfall. */
function RunPanel({ id, runs }: { id: number; runs: RunSummary[] }) {
  const layout = useApp((s) => s.runLayout);
  const secondLayout = useApp((s) => s.runSecondLayout);
  const second = useApp((s) => s.runSecond);
  const chooseSecond = useApp((s) => s.chooseSecondRun);
  const runFile = useApp((s) => s.runFile);
  const save = useApp((s) => s.saveWaterfall);
  const deletion = useApp((s) => s.runDeletion);
  const remove = useApp((s) => s.deleteStoredRun);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  // the question takes the focus, as a dialog does, so the keyboard answers it at once
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  const summary = runs.find((r) => r.id === id);
  const others = runs.filter((r) => r.id !== id);
  const first = valueOf(layout);
  const beside = valueOf(secondLayout);
  const layouts = useMemo<WaterfallLayout[]>(() => (first ? (beside && second !== null && beside.runId === second ? [first, beside] : [first]) : []), [first, beside, second]);

  const onSave = async (format: 'svg' | 'html'): Promise<void> => {
    const file = await save(format);
    if (file) downloadRunFile(file);
  };

  return (
    <section className="panel" aria-labelledby="run-heading" data-testid="runs-run" data-run={id}>
      <div className="panel-head">
        <h2 id="run-heading">
          Run <span data-testid="runs-run-id">{id}</span>
          {summary ? (
            <span className="muted small">
              {' '}
              · {summary.kind} · {summary.status} · {createdText(summary.createdAt)}
            </span>
          ) : null}
        </h2>
        <div className="actions">
          <label className="field inline">
            <span>Side by side with</span>
            <select value={second ?? ''} onChange={(e) => void chooseSecond(e.target.value ? Number(e.target.value) : null)} data-testid="runs-second">
              <option value="">no other run</option>
              {second !== null && !others.some((r) => r.id === second) && <option value={second}>run {second}</option>}
              {others.map((r) => (
                <option key={r.id} value={r.id}>
                  #{r.id} {r.kind} · {r.status} · {createdText(r.createdAt)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => void onSave('svg')} disabled={runFile.status === 'saving' || !first} data-testid="runs-save-svg">
            Save SVG
          </button>
          <button type="button" onClick={() => void onSave('html')} disabled={runFile.status === 'saving' || !first} data-testid="runs-save-html">
            Save HTML
          </button>
          {!confirming && (
            <button type="button" className="danger" onClick={() => setConfirming(true)} disabled={deletion.status === 'deleting'} data-testid="runs-delete">
              Delete run
            </button>
          )}
        </div>
      </div>
      {confirming && (
        <div className="notice notice-warn" role="alertdialog" aria-labelledby="runs-delete-question" data-testid="runs-delete-confirm">
          <p id="runs-delete-question">Delete run {id} with its spans, samples and outputs from the store? This cannot be undone.</p>
          <div className="actions">
            <button type="button" className="danger" onClick={() => void remove(id).then((gone) => !gone && setConfirming(false))} disabled={deletion.status === 'deleting'} data-testid="runs-delete-yes" ref={confirmButton}>
              {deletion.status === 'deleting' ? 'Deleting…' : `Delete run ${id}`}
            </button>
            <button type="button" onClick={() => setConfirming(false)} data-testid="runs-delete-no">
              Keep it
            </button>
          </div>
        </div>
      )}
      {deletion.status === 'error' && deletion.error && <ErrorNotice error={deletion.error} context="Deleting the run" />}
      {runFile.status === 'done' && (
        <p className="notice notice-ok" role="status" data-testid="runs-save-status">
          Saved {runFile.fileName}.
        </p>
      )}
      {runFile.status === 'error' && runFile.error && <ErrorNotice error={runFile.error} context="Saving the waterfall" />}
      {layout.status === 'loading' && <Loading label="Laying out the waterfall…" />}
      {layout.status === 'error' && <ErrorNotice error={layout.error} context="Laying out the waterfall" />}
      {second !== null && secondLayout.status === 'loading' && <Loading label={`Laying out run ${second}…`} />}
      {second !== null && secondLayout.status === 'error' && <ErrorNotice error={secondLayout.error} context={`Laying out run ${second}`} />}
      {layouts.length > 0 && <WaterfallView layouts={layouts} />}
    </section>
  );
}

/** The two runs diffed: b (the one beside) against a (the chosen one). */
function DiffPanel() {
  const diff = useApp((s) => s.runDiff);
  return (
    <section className="panel" aria-labelledby="runs-diff-heading">
      <h2 id="runs-diff-heading">Difference</h2>
      <LoadableView value={diff} loadingLabel="Diffing the runs…">
        {(d) => <RunDiffView diff={d} />}
      </LoadableView>
    </section>
  );
}
