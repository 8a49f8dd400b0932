import { useMemo } from 'react';
import { valueOf } from '../../state/loadable.ts';
import { useApp } from '../../state/useApp.ts';
import { invalidComponents } from './invalidComponents.ts';
import { ParamsForm } from './ParamsForm.tsx';
import { fieldsOf, missingRequired } from './paramsSchema.ts';

/** The selected component in the selected use case: its math, what it needs, and its parameters as a form. */
export function ComponentPanel() {
  const useCase = useApp((s) => s.selectedUseCase);
  const component = useApp((s) => s.selectedComponent);
  const enabling = useApp((s) => s.enablingComponent);
  const matrix = useApp((s) => s.matrix);
  const catalogue = useApp((s) => s.catalogue);
  const facts = useApp((s) => s.facts);
  const edit = useApp((s) => s.matrixEdit);
  const enable = useApp((s) => s.enableComponent);
  const disable = useApp((s) => s.disableComponent);
  const save = useApp((s) => s.saveParams);

  const info = valueOf(catalogue)?.find((c) => c.id === component);
  const m = valueOf(matrix);
  const col = m?.columns.findIndex((c) => c.component === component) ?? -1;
  const row = m?.rows.find((r) => r.useCase === useCase);
  const cell = row && col >= 0 ? row.cells[col] : undefined;
  const fields = useMemo(() => (info ? fieldsOf(info.paramsSchema) : []), [info]);
  const invalid = useMemo(() => invalidComponents(useCase, valueOf(facts), edit), [useCase, facts, edit]);

  if (!component || !useCase) {
    return (
      <section className="panel" aria-labelledby="component-heading">
        <h2 id="component-heading">Component</h2>
        <p className="status-line empty">Select a cell of the matrix to see its component.</p>
      </section>
    );
  }
  const column = m?.columns[col];
  const on = cell?.enabled ?? false;
  const busy = edit.status === 'saving';
  const problems = invalid.get(component) ?? [];
  const perParameter: Record<string, string> = {};
  const facts0 = valueOf(facts);
  if (facts0?.useCase === useCase) for (const i of facts0.issues) if (i.component === component && i.parameter) perParameter[i.parameter] = i.message;
  const missing = info ? missingRequired(info.paramsSchema) : [];

  return (
    <section className={`panel component-panel${problems.length ? ' invalid' : ''}`} aria-labelledby="component-heading" data-testid="component-panel">
      <h2 id="component-heading">
        <code>{component}</code>
      </h2>
      <p className="component-sub">
        {info?.title ?? column?.title ?? component} · {info?.kind ?? column?.kind ?? 'unknown'} ·{' '}
        <span className={on ? 'state-on' : 'state-off'} data-testid="component-state">
          {on ? 'on' : 'off'} in {useCase}
        </span>
      </p>
      {problems.length > 0 && (
        <ul className="notice notice-error" role="alert" data-testid="component-issues">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
      <div className="math" aria-label="Math">
        {info?.doc ?? column?.doc ?? ''}
      </div>
      {info && (
        <dl className="facts-inline">
          {info.provides.length > 0 && (
            <div>
              <dt>provides</dt>
              <dd>{info.provides.join(', ')}</dd>
            </div>
          )}
          {info.requires.length > 0 && (
            <div>
              <dt>requires</dt>
              <dd>{info.requires.join(', ')}</dd>
            </div>
          )}
          {info.features.length > 0 && (
            <div>
              <dt>needs</dt>
              <dd>{info.features.join(', ')}</dd>
            </div>
          )}
        </dl>
      )}
      {!info && <p className="muted">This component is not in the catalogue of this release; it can only be switched off.</p>}
      {enabling === component && !on && missing.length > 0 && (
        <p className="notice notice-info" role="status" data-testid="needs-params">
          {component} needs {missing.join(', ')}: enter {missing.length > 1 ? 'them' : 'it'}, then press Enable.
        </p>
      )}
      {info && on && fields.length === 0 && <p className="muted">No parameters.</p>}
      {info && !(on && fields.length === 0) && (
        <ParamsForm
          key={`${useCase}/${component}/${row?.version ?? 0}`}
          fields={fields}
          stored={cell?.params ?? {}}
          issues={perParameter}
          busy={busy}
          focusFirst={enabling === component}
          submitLabel={on ? 'Save parameters' : 'Enable'}
          onSubmit={(values) => void (on ? save(useCase, component, values) : enable(useCase, component, values))}
        />
      )}
      {on && (
        <div className="actions">
          <button type="button" onClick={() => void disable(useCase, component)} disabled={busy} data-testid="component-disable">
            Switch off
          </button>
        </div>
      )}
    </section>
  );
}
