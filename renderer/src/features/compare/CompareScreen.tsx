import { useEffect, useMemo, type FormEvent } from 'react';
import { namesField } from '../../components/errorField.ts';
import { JobProgressView } from '../../components/JobProgressView.tsx';
import { UniverseSelect, UseCaseSelect } from '../../components/UniverseAndUseCaseSelects.tsx';
import type { CompareForm } from '../../state/compareSlice.ts';
import { isActive } from '../../state/jobState.ts';
import { valueOf } from '../../state/loadable.ts';
import { solveOfStage } from '../../state/solverRunProgress.ts';
import { useApp } from '../../state/useApp.ts';
import { CompareResultView } from './CompareResultView.tsx';
import { DisagreementAlert } from './DisagreementAlert.tsx';
import { SolverChoice } from './SolverChoice.tsx';
import { SolverRunsTable } from './SolverRunsTable.tsx';

/** The comparison's stages, in its span names; each solve within `solve` has its row in the solves table instead. */
const compareStages = ['load', 'returns', 'assemble', 'start', 'solve', 'agree', 'persist'] as const;

/** Solvers side by side: one model, assembled once, solved by each chosen solver, run as a job with a row per solve. */
export function CompareScreen() {
  const form = useApp((s) => s.compareForm);
  const job = useApp((s) => s.compareJob);
  const runs = useApp((s) => s.compareRuns);
  const solverList = useApp((s) => s.solverList);
  const setField = useApp((s) => s.setCompareField);
  const setSolver = useApp((s) => s.setCompareSolver);
  const loadSolvers = useApp((s) => s.loadSolvers);
  const run = useApp((s) => s.runCompare);
  const cancel = useApp((s) => s.cancelCompare);
  const universes = useApp((s) => s.universes);
  const loadUniverses = useApp((s) => s.loadUniverses);
  const matrix = useApp((s) => s.matrix);
  const loadMatrix = useApp((s) => s.loadMatrix);

  useEffect(() => {
    if (universes.status === 'idle') void loadUniverses();
    if (matrix.status === 'idle') void loadMatrix();
    if (solverList.status === 'idle') void loadSolvers();
  }, [universes.status, matrix.status, solverList.status, loadUniverses, loadMatrix, loadSolvers]);

  const universeList = useMemo(() => valueOf(universes) ?? [], [universes]);
  const useCases = valueOf(matrix)?.rows ?? [];
  useEffect(() => {
    const first = universeList[0];
    if (!form.universe && first) setField('universe', first.name);
  }, [form.universe, universeList, setField]);

  const active = isActive(job);
  const invalid = (field: keyof CompareForm): true | undefined => (namesField(job.error?.where?.field, field) ? true : undefined);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void run();
  };
  // each solve has its row in the solves table: the stage list keeps to the job's own stages
  const jobBeforeSolves = { ...job, stages: job.stages.filter((s) => !solveOfStage(s)) };
  const r = job.state === 'done' ? job.result : null;
  // the hint is the field's description, not part of its name: a screen reader says "Max names", then the hint
  const number = (field: 'lookback' | 'maxNames' | 'accountValue' | 'timeLimit' | 'threads', label: string, hint: string | null, attrs: { min: number; step: number | 'any' }) => (
    <div className="field">
      <label htmlFor={`compare-${field}`}>{label}</label>
      <input
        id={`compare-${field}`}
        type="number"
        min={attrs.min}
        step={attrs.step}
        value={form[field]}
        onChange={(e) => setField(field, e.target.value)}
        disabled={active}
        aria-invalid={invalid(field)}
        aria-describedby={hint ? `compare-${field}-hint` : undefined}
        data-testid={`compare-${field}`}
      />
      {hint && (
        <span id={`compare-${field}-hint`} className="hint">
          {hint}
        </span>
      )}
    </div>
  );

  return (
    <div className="compare-screen">
      {r && <DisagreementAlert agreement={r.agreement} />}
      <div className="screen">
        <section className="panel column" aria-labelledby="compare-heading">
          <h2 id="compare-heading">Compare solvers</h2>
          <form className="form" onSubmit={submit} noValidate data-testid="compare-form">
            <div className="grid-form">
              <UniverseSelect value={form.universe} onChange={(v) => setField('universe', v)} disabled={active} testId="compare-universe" universes={universeList} />
              <UseCaseSelect value={form.useCase} onChange={(v) => setField('useCase', v)} disabled={active} testId="compare-usecase" useCases={useCases} />
              <div className="field">
                <label htmlFor="compare-asof">As of</label>
                <input id="compare-asof" type="date" value={form.asOf} onChange={(e) => setField('asOf', e.target.value)} disabled={active} aria-describedby="compare-asof-hint" data-testid="compare-asof" />
                <span id="compare-asof-hint" className="hint">
                  blank: the last date
                </span>
              </div>
              {number('lookback', 'Lookback (periods)', null, { min: 2, step: 1 })}
              {number('maxNames', 'Max names', 'blank: the use case’s own', { min: 1, step: 1 })}
              {number('accountValue', 'Account value ($)', 'blank: weights only', { min: 0, step: 'any' })}
              {number('timeLimit', 'Time limit (s)', 'for each solve', { min: 0.1, step: 'any' })}
              {number('threads', 'Threads', 'blank: each solver’s own', { min: 1, step: 1 })}
            </div>
            <SolverChoice list={solverList} chosen={form.solvers} onChange={setSolver} onRetry={() => void loadSolvers()} disabled={active} />
            <div className="field">
              <label className="check">
                <input type="checkbox" checked={form.withoutStart} onChange={(e) => setField('withoutStart', e.target.checked)} disabled={active} aria-describedby="compare-no-start-hint" data-testid="compare-no-start" />
                <span>Also without the heuristic start</span>
              </label>
              <span id="compare-no-start-hint" className="hint">
                each solver solves twice: from Jessica’s heuristic point and from nothing
              </span>
            </div>
            <div className="actions">
              <button type="submit" className="primary" disabled={active || form.solvers.length === 0} data-testid="compare-run">
                {active ? 'Comparing…' : 'Compare'}
              </button>
            </div>
          </form>
        </section>
        <div className="column wide">
          <section className="panel" aria-labelledby="compare-run-heading">
            <h2 id="compare-run-heading">Run</h2>
            {job.state === 'idle' && <p className="status-line empty">Choose the solvers and press Compare; each solve shows here as it starts and ends.</p>}
            <JobProgressView job={jobBeforeSolves} label="Comparison" onCancel={() => void cancel()} expectedStages={compareStages} />
            <SolverRunsTable runs={runs} />
          </section>
          {r && <CompareResultView result={r} />}
        </div>
      </div>
    </div>
  );
}
