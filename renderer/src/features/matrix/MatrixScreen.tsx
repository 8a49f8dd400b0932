import { useEffect } from 'react';
import { LoadableView } from '../../components/LoadableView.tsx';
import { useApp } from '../../state/useApp.ts';
import { ComponentPanel } from './ComponentPanel.tsx';
import { CopyUseCaseForm } from './CopyUseCaseForm.tsx';
import { EditStatus } from './EditStatus.tsx';
import { FactsPanel } from './FactsPanel.tsx';
import { MatrixGrid } from './MatrixGrid.tsx';

/** The model-to-use-case matrix: switch components on and off, edit their parameters, see what the model becomes. */
export function MatrixScreen() {
  const matrix = useApp((s) => s.matrix);
  const loadMatrix = useApp((s) => s.loadMatrix);

  useEffect(() => {
    if (matrix.status === 'idle') void loadMatrix();
  }, [matrix.status, loadMatrix]);

  return (
    <div className="screen matrix-screen">
      <div className="column wide">
        <section className="panel" aria-labelledby="matrix-heading">
          <div className="panel-head">
            <h2 id="matrix-heading">Use cases × components</h2>
            <p className="muted small" id="matrix-help">
              Arrow keys move between cells; Enter or Space (or a click) switches a component on or off. The Solver column is what each use
              case runs on when Optimize names no solver.
            </p>
          </div>
          <EditStatus />
          <LoadableView value={matrix} loadingLabel="Loading the matrix…" isEmpty={(m) => m.rows.length === 0} empty="No use case in the store.">
            {(m) => <MatrixGrid matrix={m} />}
          </LoadableView>
        </section>
        <FactsPanel />
      </div>
      <aside className="column side" aria-label="Selected component and use case">
        <ComponentPanel />
        <CopyUseCaseForm />
      </aside>
    </div>
  );
}
