import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { MatrixColumn, MatrixRow, UseCaseMatrix } from '../../../../api/useCases.ts';
import { valueOf } from '../../state/loadable.ts';
import { useApp } from '../../state/useApp.ts';
import { invalidComponents } from './invalidComponents.ts';
import { missingRequired } from './paramsSchema.ts';
import { raceTitle } from './solverChoices.ts';
import { SolverSelect } from './SolverSelect.tsx';

const kindTitles: Record<MatrixColumn['kind'], string> = {
  variables: 'Variables',
  objective: 'Objectives',
  constraint: 'Constraints',
  unknown: 'Unknown',
};

/** Adjacent columns of one kind, as the group headers above the component headers. */
function groups(columns: MatrixColumn[]): { kind: MatrixColumn['kind']; span: number }[] {
  const out: { kind: MatrixColumn['kind']; span: number }[] = [];
  for (const c of columns) {
    const last = out.at(-1);
    if (last && last.kind === c.kind) last.span++;
    else out.push({ kind: c.kind, span: 1 });
  }
  return out;
}

function paramsText(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ');
}

/**
 * The matrix as an ARIA grid: one tab stop (a roving tabindex), arrow keys between cells, a cell's focus
 * selects its use case and component for the panels, and a cell is a button that switches the component.
 */
export function MatrixGrid({ matrix }: { matrix: UseCaseMatrix }) {
  const selectedUseCase = useApp((s) => s.selectedUseCase);
  const selectedComponent = useApp((s) => s.selectedComponent);
  const facts = useApp((s) => s.facts);
  const edit = useApp((s) => s.matrixEdit);
  const catalogue = useApp((s) => s.catalogue);
  const selectUseCase = useApp((s) => s.selectUseCase);
  const selectComponent = useApp((s) => s.selectComponent);
  const enable = useApp((s) => s.enableComponent);
  const disable = useApp((s) => s.disableComponent);
  const saving = edit.status === 'saving';

  const { rows, columns } = matrix;
  const [cursor, setCursor] = useState({ row: 0, col: 0 });
  const row0 = Math.min(cursor.row, rows.length - 1);
  const col0 = Math.min(cursor.col, columns.length - 1);
  const tableRef = useRef<HTMLTableElement>(null);
  const invalid = useMemo(() => invalidComponents(selectedUseCase, valueOf(facts), edit), [selectedUseCase, facts, edit]);
  const schemas = useMemo(() => new Map((valueOf(catalogue) ?? []).map((c) => [c.id, c.paramsSchema])), [catalogue]);

  function moveTo(row: number, col: number): void {
    const r = Math.max(0, Math.min(rows.length - 1, row));
    const c = Math.max(0, Math.min(columns.length - 1, col));
    setCursor({ row: r, col: c });
    tableRef.current?.querySelector<HTMLButtonElement>(`button[data-row="${r}"][data-col="${c}"]`)?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTableElement>): void {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [row0 - 1, col0],
      ArrowDown: [row0 + 1, col0],
      ArrowLeft: [row0, col0 - 1],
      ArrowRight: [row0, col0 + 1],
      Home: e.ctrlKey ? [0, 0] : [row0, 0],
      End: e.ctrlKey ? [rows.length - 1, columns.length - 1] : [row0, columns.length - 1],
    };
    const to = moves[e.key];
    if (!to || !(e.target instanceof HTMLButtonElement) || e.target.dataset.row === undefined) return;
    e.preventDefault();
    moveTo(to[0], to[1]);
  }

  function toggle(row: MatrixRow, column: MatrixColumn, enabled: boolean): void {
    if (saving) return;
    if (enabled) {
      void disable(row.useCase, column.component);
      return;
    }
    const missing = missingRequired(schemas.get(column.component) ?? {});
    if (missing.length > 0) {
      selectUseCase(row.useCase);
      selectComponent(column.component, { askParams: true });
      return;
    }
    void enable(row.useCase, column.component, {});
  }

  return (
    <div className="matrix-scroll">
      <table ref={tableRef} role="grid" className="matrix" aria-label="Use cases × components" aria-describedby="matrix-help" onKeyDown={onKeyDown} data-testid="matrix-grid">
        <thead>
          <tr>
            <td className="corner" />
            <td className="corner" />
            {groups(columns).map((g, i) => (
              <th key={i} scope="colgroup" colSpan={g.span} className={`group group-${g.kind}`}>
                {kindTitles[g.kind]}
              </th>
            ))}
          </tr>
          <tr>
            <th scope="col" className="corner-label">
              Use case
            </th>
            <th scope="col" className="corner-label" title={raceTitle}>
              Solver
            </th>
            {columns.map((c) => {
              const problems = invalid.get(c.component);
              return (
                <th
                  key={c.component}
                  scope="col"
                  className={`component-head kind-${c.kind}${problems ? ' invalid' : ''}${c.component === selectedComponent ? ' selected' : ''}`}
                  title={`${c.title}\n${c.doc}`}
                  data-testid={`col-${c.component}`}
                  data-invalid={problems ? 'true' : undefined}
                >
                  <button type="button" tabIndex={-1} className="vertical" onClick={() => selectComponent(c.component)}>
                    {c.component}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={row.useCase} className={row.useCase === selectedUseCase ? 'selected' : undefined} aria-selected={row.useCase === selectedUseCase}>
              <th scope="row" className="usecase-head">
                <button type="button" tabIndex={-1} className="link" onClick={() => selectUseCase(row.useCase)} title={row.title}>
                  <span className="usecase-id">{row.useCase}</span>
                  <span className="muted small">
                    v{row.version}
                    {row.origin === 'user' ? ' · yours' : ''}
                  </span>
                </button>
              </th>
              <td role="gridcell" className="solver-cell">
                <SolverSelect row={row} selected={row.useCase === selectedUseCase} />
              </td>
              {row.cells.map((cell, c) => {
                const column = columns[c]!;
                const problems = row.useCase === selectedUseCase ? invalid.get(column.component) : undefined;
                const isCursor = r === row0 && c === col0;
                const label = `${column.component} in ${row.useCase}`;
                return (
                  <td
                    key={column.component}
                    role="gridcell"
                    aria-selected={row.useCase === selectedUseCase && column.component === selectedComponent}
                    className={`cell${cell.enabled ? ' on' : ''}${problems ? ' invalid' : ''}`}
                  >
                    <button
                      type="button"
                      tabIndex={isCursor ? 0 : -1}
                      data-row={r}
                      data-col={c}
                      aria-pressed={cell.enabled}
                      aria-label={label}
                      aria-disabled={saving || undefined}
                      title={`${label}: ${cell.enabled ? `on ${paramsText(cell.params)}` : 'off'}${problems ? `\n${problems.join('\n')}` : ''}`}
                      data-testid={`cell-${row.useCase}-${column.component}`}
                      data-invalid={problems ? 'true' : undefined}
                      onFocus={() => {
                        setCursor({ row: r, col: c });
                        selectUseCase(row.useCase);
                        if (column.component !== selectedComponent) selectComponent(column.component);
                      }}
                      onClick={() => toggle(row, column, cell.enabled)}
                    >
                      <span aria-hidden="true">{cell.enabled ? '●' : ''}</span>
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
