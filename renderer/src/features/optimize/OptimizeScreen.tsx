import { useEffect, useMemo, type FormEvent } from 'react';
import { namesField } from '../../components/errorField.ts';
import { count, decimal, money, percent } from '../../components/figures.ts';
import { JobProgressView } from '../../components/JobProgressView.tsx';
import { isActive } from '../../state/jobState.ts';
import { valueOf } from '../../state/loadable.ts';
import type { OptimizeForm } from '../../state/optimizeSlice.ts';
import { useApp } from '../../state/useApp.ts';
import { raceTitle, solverLabels, useCaseSolvers } from '../matrix/solverChoices.ts';
import { RaceEntrants } from './RaceEntrants.tsx';

/** The stages of an optimize run, in the run's span names, so the ones still to come can be shown. */
const optimizeStages = ['load', 'returns', 'holdings', 'assemble', 'solve', 'allocate', 'persist'] as const;

/** Optimize one portfolio: a universe, a use case and the run's options, run as a job with progress and cancel. */
export function OptimizeScreen() {
  const form = useApp((s) => s.optimizeForm);
  const job = useApp((s) => s.optimizeJob);
  const setField = useApp((s) => s.setOptimizeField);
  const run = useApp((s) => s.runOptimize);
  const cancel = useApp((s) => s.cancelOptimize);
  const go = useApp((s) => s.go);
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
  const chosen = universeList.find((u) => u.name === form.universe);
  const useCaseSolver = useCases.find((u) => u.useCase === form.useCase)?.solver;
  useEffect(() => {
    const first = universeList[0];
    if (!form.universe && first) setField('universe', first.name);
  }, [form.universe, universeList, setField]);

  const active = isActive(job);
  const where = job.error?.where?.field;
  const invalid = (field: keyof OptimizeForm): true | undefined => (namesField(where, field) ? true : undefined);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void run();
  };
  const r = job.result;

  return (
    <div className="screen optimize-screen">
      <section className="panel column" aria-labelledby="optimize-heading">
        <h2 id="optimize-heading">Optimize a portfolio</h2>
        <form className="form grid-form" onSubmit={submit} noValidate data-testid="optimize-form">
          <label className="field">
            <span>Universe</span>
            <select value={form.universe} onChange={(e) => setField('universe', e.target.value)} disabled={active} aria-invalid={invalid('universe')} data-testid="opt-universe">
              {universeList.length === 0 && <option value="">{universes.status === 'loading' ? 'Loading…' : 'No universe'}</option>}
              {universeList.map((u) => (
                <option key={u.name} value={u.name}>
                  {u.name} ({count(u.members)} names)
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Use case</span>
            <select value={form.useCase} onChange={(e) => setField('useCase', e.target.value)} disabled={active} aria-invalid={invalid('useCase')} data-testid="opt-usecase">
              {!useCases.some((u) => u.useCase === form.useCase) && <option value={form.useCase}>{form.useCase || 'Choose…'}</option>}
              {useCases.map((u) => (
                <option key={u.useCase} value={u.useCase}>
                  {u.title} ({u.useCase} v{u.version})
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>As of</span>
            <input
              type="date"
              value={form.asOf}
              min={chosen?.firstDate ?? undefined}
              max={chosen?.lastDate ?? undefined}
              onChange={(e) => setField('asOf', e.target.value)}
              disabled={active}
              aria-invalid={invalid('asOf')}
              aria-describedby="asof-hint"
              data-testid="opt-asof"
            />
            <span id="asof-hint" className="hint">
              blank: the last date{chosen?.lastDate ? ` (${chosen.lastDate})` : ''}
            </span>
          </label>
          <label className="field">
            <span>Lookback (periods)</span>
            <input type="number" min={2} step={1} value={form.lookback} onChange={(e) => setField('lookback', e.target.value)} disabled={active} aria-invalid={invalid('lookback')} data-testid="opt-lookback" />
          </label>
          <label className="field">
            <span>Account value ($)</span>
            <input
              type="number"
              min={0}
              step="any"
              value={form.accountValue}
              onChange={(e) => setField('accountValue', e.target.value)}
              disabled={active}
              aria-invalid={invalid('accountValue')}
              aria-describedby="account-hint"
              placeholder="blank: weights only"
              data-testid="opt-account"
            />
            <span id="account-hint" className="hint">
              whole shares for this account, with a cash row
            </span>
          </label>
          <label className="field">
            <span>Solver</span>
            <select
              value={form.solver}
              onChange={(e) => setField('solver', e.target.value as OptimizeForm['solver'])}
              disabled={active}
              aria-invalid={invalid('solver')}
              title={raceTitle}
              data-testid="opt-solver"
            >
              <option value="">the use case&apos;s ({useCaseSolver ? solverLabels[useCaseSolver] : 'as set in the matrix'})</option>
              {useCaseSolvers.map((s) => (
                <option key={s} value={s} title={s === 'race' ? raceTitle : undefined}>
                  {solverLabels[s]}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Time limit (s)</span>
            <input type="number" min={0.1} step="any" value={form.timeLimit} onChange={(e) => setField('timeLimit', e.target.value)} disabled={active} aria-invalid={invalid('timeLimit')} data-testid="opt-timelimit" />
          </label>
          <div className="actions">
            <button type="submit" className="primary" disabled={active} data-testid="opt-run">
              {active ? 'Running…' : 'Optimize'}
            </button>
          </div>
        </form>
      </section>
      <section className="panel column wide" aria-labelledby="run-heading">
        <h2 id="run-heading">Run</h2>
        {job.state === 'idle' && <p className="status-line empty">Choose the options and press Optimize; the stages show here as they run.</p>}
        <JobProgressView job={job} label="Optimization" onCancel={() => void cancel()} expectedStages={optimizeStages} />
        {job.state === 'done' && r && (
          <div className="run-result" data-testid="run-result">
            <div className="stats">
              <div className="stat">
                <span className="stat-label">Tracking error</span>
                <span className="stat-value">{percent(r.trackingError)}</span>
              </div>
              <div className="stat">
                <span className="stat-label">Names</span>
                <span className="stat-value">{count(r.names)}</span>
              </div>
              <div className="stat">
                <span className="stat-label">Cash</span>
                <span className="stat-value">{r.accountValue ? money(r.cash) : percent(r.cash)}</span>
              </div>
              <div className="stat">
                <span className="stat-label">Status</span>
                <span className="stat-value">{r.status}</span>
              </div>
              <div className="stat">
                <span className="stat-label">Model</span>
                <span className="stat-value">{r.modelClass}</span>
              </div>
              <div className="stat">
                <span className="stat-label">Gap</span>
                <span className="stat-value">{percent(r.gap)}</span>
              </div>
            </div>
            <p className="muted small">
              Run {r.runId}: {r.useCase} on {r.universe} as of {r.asOf}, {r.lookback} periods, benchmark {r.benchmark}; {r.solver} {r.solverVersion} ({r.solverStatus}), objective{' '}
              {decimal(r.objective, 6)}.
            </p>
            {r.race && <RaceEntrants entrants={r.race} />}
            {r.warnings.length > 0 && (
              <details>
                <summary>{r.warnings.length} warnings</summary>
                <ul className="warnings">
                  {r.warnings.map((w, i) => (
                    <li key={i}>{w}</li>
                  ))}
                </ul>
              </details>
            )}
            <div className="actions">
              <button type="button" className="primary" onClick={() => go('portfolio')} data-testid="open-portfolio">
                Open the portfolio
              </button>
            </div>
          </div>
        )}
      </section>
    </div>
  );
}
