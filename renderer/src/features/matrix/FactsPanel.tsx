import { useEffect } from 'react';
import { count, milliseconds } from '../../components/figures.ts';
import { LoadableView } from '../../components/LoadableView.tsx';
import { valueOf } from '../../state/loadable.ts';
import { useApp } from '../../state/useApp.ts';

/** What the selected use case assembles to on a universe: its size, class, which solvers take it, its issues. */
export function FactsPanel() {
  const useCase = useApp((s) => s.selectedUseCase);
  const facts = useApp((s) => s.facts);
  const universe = useApp((s) => s.factsUniverse);
  const setUniverse = useApp((s) => s.setFactsUniverse);
  const universes = useApp((s) => s.universes);
  const loadUniverses = useApp((s) => s.loadUniverses);
  const selectComponent = useApp((s) => s.selectComponent);

  useEffect(() => {
    if (universes.status === 'idle') void loadUniverses();
  }, [universes.status, loadUniverses]);

  if (!useCase) return null;
  const names = valueOf(universes)?.map((u) => u.name) ?? [universe];
  return (
    <section className="panel" aria-labelledby="facts-heading" data-testid="facts-panel">
      <div className="panel-head">
        <h2 id="facts-heading">
          Model facts: <span data-testid="facts-usecase">{useCase}</span>
        </h2>
        <label className="field inline">
          <span>on universe</span>
          <select value={universe} onChange={(e) => setUniverse(e.target.value)} data-testid="facts-universe">
            {(names.includes(universe) ? names : [universe, ...names]).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      <LoadableView value={facts} loadingLabel="Assembling the model…">
        {(f) => (
          <div className="facts">
            <div className="stats">
              <div className="stat">
                <span className="stat-label">Class</span>
                <span className={`stat-value class-badge class-${f.modelClass ?? 'none'}`} data-testid="model-class">
                  {f.modelClass ?? 'does not assemble'}
                </span>
              </div>
              <div className="stat">
                <span className="stat-label">Variables</span>
                <span className="stat-value" data-testid="facts-columns">{count(f.columns)}</span>
              </div>
              <div className="stat">
                <span className="stat-label">Integer variables</span>
                <span className="stat-value" data-testid="facts-integers">{count(f.integerColumns)}</span>
              </div>
              <div className="stat">
                <span className="stat-label">Rows</span>
                <span className="stat-value" data-testid="facts-rows">{count(f.rows)}</span>
              </div>
              <div className="stat">
                <span className="stat-label">Nonzeros</span>
                <span className="stat-value" data-testid="facts-nonzeros">{count(f.nonzeros)}</span>
              </div>
              {f.quadraticNonzeros > 0 && (
                <div className="stat">
                  <span className="stat-label">Quadratic nonzeros</span>
                  <span className="stat-value">{count(f.quadraticNonzeros)}</span>
                </div>
              )}
            </div>
            <p className="muted small">
              Version {f.version} on {f.universe} as of {f.asOf}
              {f.assembled ? `, assembled in ${milliseconds(f.assembleMs)}` : ''}.
            </p>
            {f.issues.length > 0 && (
              <div className="notice notice-error" role="alert" data-testid="facts-issues">
                <p className="notice-title">The model does not assemble</p>
                <ul>
                  {f.issues.map((issue, i) => (
                    <li key={i}>
                      <button type="button" className="link" onClick={() => selectComponent(issue.component)}>
                        <code>{issue.component}</code>
                      </button>
                      {issue.parameter ? ` (${issue.parameter})` : ''}: {issue.message}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            <div className="facts-tables">
              <table className="table compact" data-testid="facts-solvers">
                <caption>Solvers</caption>
                <thead>
                  <tr>
                    <th scope="col">Solver</th>
                    <th scope="col">Takes it</th>
                    <th scope="col">Why not</th>
                  </tr>
                </thead>
                <tbody>
                  {f.solvers.map((s) => (
                    <tr key={s.solver} data-testid={`solver-${s.solver}`}>
                      <th scope="row">{s.solver}</th>
                      <td>{s.accepts && s.available ? 'yes' : s.accepts ? 'yes, not installed' : 'no'}</td>
                      <td>{s.reason ?? (s.available ? '' : 'not installed on this machine')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {f.components.length > 0 && (
                <table className="table compact">
                  <caption>Size by component</caption>
                  <thead>
                    <tr>
                      <th scope="col">Component</th>
                      <th scope="col" className="num">Variables</th>
                      <th scope="col" className="num">Rows</th>
                    </tr>
                  </thead>
                  <tbody>
                    {f.components.map((c) => (
                      <tr key={c.component}>
                        <th scope="row">
                          <code>{c.component}</code>
                        </th>
                        <td className="num">{count(c.columns)}</td>
                        <td className="num">{count(c.rows)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          </div>
        )}
      </LoadableView>
    </section>
  );
}
