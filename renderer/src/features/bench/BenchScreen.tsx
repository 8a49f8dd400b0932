import { useEffect } from 'react';
import { benchPresets, type BenchPreset } from '../../../../api/bench.ts';
import type { RunSummary } from '../../../../api/runs.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { JobProgressView } from '../../components/JobProgressView.tsx';
import { LoadableView } from '../../components/LoadableView.tsx';
import { Loading } from '../../components/StatusLine.tsx';
import { milliseconds } from '../../components/figures.ts';
import { benchResultOf } from '../../state/benchSlice.ts';
import { isActive } from '../../state/jobState.ts';
import { useApp } from '../../state/useApp.ts';
import { BenchResultView } from './BenchResultView.tsx';

const PRESET_TITLES: Record<BenchPreset, string> = {
  tiny: 'tiny: the demo market, about a minute',
  default: 'default: S&P 500 and Russell 2000, up to 10 minutes',
};

/**
 * The performance-train bench: the benches stored (runs of kind `bench`), a chosen one's rows as a table and as charts
 * (median time with its spread, peak memory) with the machine it ran on, and a new bench started from a preset matrix.
 */
export function BenchScreen() {
  const runs = useApp((s) => s.benchRuns);
  const chosen = useApp((s) => s.benchChosen);
  const run = useApp((s) => s.benchRun);
  const preset = useApp((s) => s.benchPreset);
  const job = useApp((s) => s.benchJob);
  const load = useApp((s) => s.loadBenchRuns);
  const choose = useApp((s) => s.chooseBench);
  const setPreset = useApp((s) => s.setBenchPreset);
  const start = useApp((s) => s.startBench);
  const cancel = useApp((s) => s.cancelBench);

  useEffect(() => {
    if (runs.status === 'idle') void load();
  }, [runs.status, load]);

  const result = run.status === 'ready' ? benchResultOf(run.value) : null;
  return (
    <div className="screen bench-screen">
      <section className="panel" aria-labelledby="bench-run-heading">
        <h2 id="bench-run-heading">Run a bench</h2>
        <p className="muted small">
          A standard workload across component variants: solver, worker threads, universe and lookback, MAD against variance, SQLite against the team
          database, the book&apos;s size; and the Book, Cluster and Account screens timed in Chromium, which only <code>jessica bench</code> from a
          terminal can drive (here those rows are skipped, with the reason). Each row runs after a warm-up and is stored with its spans.
        </p>
        <form
          className="form-row"
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <label className="field inline">
            <span>Matrix</span>
            <select value={preset} onChange={(e) => setPreset(e.target.value as BenchPreset)} data-testid="bench-preset" disabled={isActive(job)}>
              {benchPresets.map((p) => (
                <option key={p} value={p}>
                  {PRESET_TITLES[p]}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={isActive(job)} data-testid="bench-start">
            Run bench
          </button>
        </form>
        <JobProgressView job={job} label="Bench" onCancel={() => void cancel()} />
      </section>
      <section className="panel" aria-labelledby="bench-list-heading">
        <h2 id="bench-list-heading">Benches</h2>
        <LoadableView value={runs} loadingLabel="Listing benches…" isEmpty={(list) => list.length === 0} empty="No bench stored yet: run one above, or `jessica bench`.">
          {(list) => <BenchRunsTable runs={list} chosen={chosen} onChoose={(id) => void choose(id)} />}
        </LoadableView>
      </section>
      {chosen !== null && (
        <section className="panel" aria-labelledby="bench-heading" data-testid="bench-chosen">
          <h2 id="bench-heading">Bench {chosen}</h2>
          {run.status === 'loading' && <Loading label="Reading the bench…" />}
          {run.status === 'error' && <ErrorNotice error={run.error} context="Reading the bench" />}
          {run.status === 'ready' &&
            (result ? (
              <BenchResultView result={result} />
            ) : (
              <p className="status-line empty" data-testid="bench-no-result">
                This bench ended {run.value.status} before it had rows: {String((run.value.result as { message?: unknown } | null)?.message ?? 'no result')}.
              </p>
            ))}
        </section>
      )}
    </div>
  );
}

function BenchRunsTable({ runs, chosen, onChoose }: { runs: RunSummary[]; chosen: number | null; onChoose: (id: number) => void }) {
  return (
    <div className="scroll">
      <table className="table compact sticky" data-testid="bench-runs">
        <caption className="sr-only">Stored benches, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Created (UTC)</th>
            <th scope="col">Matrix</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Rows
            </th>
            <th scope="col" className="num">
              Duration
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const result = benchResultOf(r);
            return (
              <tr key={r.id} className={r.id === chosen ? 'selected' : undefined} data-testid="bench-run" data-run={r.id}>
                <th scope="row">
                  <button type="button" className="link" onClick={() => onChoose(r.id)} aria-current={r.id === chosen ? 'true' : undefined} aria-label={`Bench ${r.id}`}>
                    #{r.id}
                  </button>
                </th>
                <td className="nowrap">{r.createdAt.replace('T', ' ').slice(0, 19)}</td>
                <td>{result?.matrix ?? String((r.options as { matrix?: unknown } | null)?.matrix ?? '—')}</td>
                <td>{r.status}</td>
                <td className="num">{result ? result.rows.length : '—'}</td>
                <td className="num">{milliseconds(r.durationMs)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
