import type { MatrixRow } from '../../../../api/useCases.ts';
import { useApp } from '../../state/useApp.ts';
import { raceTitle, solverLabels, useCaseSolvers } from './solverChoices.ts';

/**
 * The solver a use case runs on, as a select in its row of the matrix; a change is an edit of the use
 * case (`usecases/set` with the key `solver`), a new version like any parameter edit. Reachable by Tab
 * in the selected use case's row only, so the grid stays one tab stop plus this one.
 */
export function SolverSelect({ row, selected }: { row: MatrixRow; selected: boolean }) {
  const saving = useApp((s) => s.matrixEdit.status === 'saving');
  const setSolver = useApp((s) => s.setUseCaseSolver);
  return (
    <select
      className="solver-select"
      value={row.solver}
      tabIndex={selected ? 0 : -1}
      aria-disabled={saving || undefined}
      aria-label={`solver of ${row.useCase}`}
      title={`The solver ${row.useCase} runs on when Optimize names none.\n${raceTitle}`}
      data-testid={`usecase-solver-${row.useCase}`}
      onChange={(e) => {
        // one edit at a time, as the cells do; the select is controlled, so an ignored choice snaps back
        if (!saving) void setSolver(row.useCase, e.target.value as MatrixRow['solver']);
      }}
    >
      {useCaseSolvers.map((s) => (
        <option key={s} value={s} title={s === 'race' ? raceTitle : undefined}>
          {solverLabels[s]}
        </option>
      ))}
    </select>
  );
}
