import { useEffect, useMemo, type FormEvent } from 'react';
import { FrontierChart } from '../../charts/FrontierChart.tsx';
import { count, money, percent } from '../../components/figures.ts';
import { JobProgressView } from '../../components/JobProgressView.tsx';
import { isActive } from '../../state/jobState.ts';
import { valueOf } from '../../state/loadable.ts';
import { useApp } from '../../state/useApp.ts';
import { UniverseSelect, UseCaseSelect } from '../../components/UniverseAndUseCaseSelects.tsx';

const frontierStages = ['load', 'returns', 'target', 'frontier', 'persist'] as const;

/** Account minimums: tracking error against account size, whole shares against fractional, the smallest account meeting the target. */
export function FrontierScreen() {
  const form = useApp((s) => s.frontierForm);
  const setField = useApp((s) => s.setFrontierField);
  const job = useApp((s) => s.frontierJob);
  const run = useApp((s) => s.runFrontier);
  const cancel = useApp((s) => s.cancelFrontier);
  const universes = useApp((s) => s.universes);
  const loadUniverses = useApp((s) => s.loadUniverses);
  const matrix = useApp((s) => s.matrix);
  const loadMatrix = useApp((s) => s.loadMatrix);

  useEffect(() => {
    if (universes.status === 'idle') void loadUniverses();
    if (matrix.status === 'idle') void loadMatrix();
  }, [universes.status, matrix.status, loadUniverses, loadMatrix]);

  const universeList = useMemo(() => valueOf(universes) ?? [], [universes]);
  const useCases = valueOf(matrix)?.rows ?? [];
  const active = isActive(job);
  const invalid = job.error?.where?.field === 'teTarget' ? true : undefined;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void run();
  };
  const r = job.result;

  return (
    <div className="screen frontier-screen">
      <section className="panel column" aria-labelledby="frontier-heading">
        <h2 id="frontier-heading">Account minimums</h2>
        <form className="form grid-form" onSubmit={submit} noValidate data-testid="frontier-form">
          <UniverseSelect value={form.universe} onChange={(v) => setField('universe', v)} disabled={active} testId="frontier-universe" universes={universeList} />
          <UseCaseSelect value={form.useCase} onChange={(v) => setField('useCase', v)} disabled={active} testId="frontier-usecase" useCases={useCases} />
          <label className="field">
            <span>Tracking-error target (%)</span>
            <input type="number" min={0} step="any" value={form.teTargetPercent} onChange={(e) => setField('teTargetPercent', e.target.value)} disabled={active} aria-invalid={invalid} data-testid="frontier-te" />
          </label>
          <label className="field inline checkbox">
            <input type="checkbox" checked={form.fractional} onChange={(e) => setField('fractional', e.target.checked)} disabled={active} data-testid="frontier-fractional" />
            <span>Fractional shares line too</span>
          </label>
          <div className="actions">
            <button type="submit" className="primary" disabled={active} data-testid="frontier-run">
              {active ? 'Running…' : 'Find the minimum'}
            </button>
          </div>
        </form>
        <JobProgressView job={job} label="Frontier" onCancel={() => void cancel()} expectedStages={frontierStages} />
      </section>
      <section className="panel column wide" aria-labelledby="frontier-chart-heading">
        <h2 id="frontier-chart-heading">Frontier</h2>
        {job.state === 'idle' && <p className="status-line empty">Choose a tracking-error target and press Find the minimum.</p>}
        {job.state === 'done' && r && (
          <div data-testid="frontier-result">
            <div className="stats">
              <div className="stat">
                <span className="stat-label">Account minimum</span>
                <span className="stat-value" data-testid="frontier-minimum" data-value={r.minimum ?? ''}>
                  {r.minimum === null ? 'none in the range' : money(r.minimum)}
                </span>
              </div>
              <div className="stat">
                <span className="stat-label">Target</span>
                <span className="stat-value">{percent(r.teTarget)}</span>
              </div>
              <div className="stat">
                <span className="stat-label">Sizes</span>
                <span className="stat-value">{count(r.points.filter((p) => !p.fractional).length)}</span>
              </div>
              <div className="stat">
                <span className="stat-label">Time</span>
                <span className="stat-value">{r.seconds.toFixed(1)} s</span>
              </div>
            </div>
            <FrontierChart result={r} />
          </div>
        )}
      </section>
    </div>
  );
}
