import type { EditResult, UseCaseDetail, UseCaseMatrix, UseCaseSummary } from '../api/useCases.ts';

/** A parameter value as typed on a command line: lists as `a,b` (`[]` when empty), objects as JSON. */
function formatValue(v: unknown): string {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : v.join(',');
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

/** Parameters as `name=value`, readable in a terminal cell. */
export function formatParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${formatValue(v)}`)
    .join(' ');
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd()).join('\n') + '\n';
}

export function printUseCaseList(list: readonly UseCaseSummary[]): string {
  return table([
    ['id', 'version', 'origin', 'title', 'components'],
    ...list.map((u) => [u.id, `v${u.version}`, u.origin, u.title, String(u.components.length)]),
  ]);
}

export function printUseCase(u: UseCaseDetail, catalogueKinds: ReadonlyMap<string, string>): string {
  const lines = [
    `${u.useCase.id}: ${u.useCase.title} (${u.origin}, version ${u.version})`,
    u.useCase.description,
    `solver: ${u.useCase.solver ?? 'highs (the default)'}`,
    '',
    'components:',
    table(u.useCase.components.map((c) => [`  ${catalogueKinds.get(c.id) ?? 'unknown'}`, c.id, formatParams(c.params)])).trimEnd(),
    '',
    'history:',
    table(u.history.map((v) => [`  v${v.version}`, v.createdAt.slice(0, 19).replace('T', ' '), v.author, v.note])).trimEnd(),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The matrix for a terminal, transposed: a row per component (grouped by kind), a column per use case,
 * since components outnumber use cases and a row of 30 columns does not fit a screen. `·` is off, `on`
 * is on without parameters. The first row is the solver each use case runs on. `--csv` gives the matrix
 * the other way round, a row per use case.
 */
export function printMatrix(m: UseCaseMatrix): string {
  const rows: string[][] = [['component', ...m.rows.map((r) => r.useCase)], ['solver', ...m.rows.map((r) => r.solver)]];
  let kind = '';
  m.columns.forEach((col, c) => {
    if (col.kind !== kind) {
      kind = col.kind;
      rows.push([`[${kind}]`]);
    }
    rows.push([
      `  ${col.component}`,
      ...m.rows.map((r) => {
        const cell = r.cells[c]!;
        if (!cell.enabled) return '·';
        return Object.keys(cell.params).length === 0 ? 'on' : formatParams(cell.params);
      }),
    ]);
  });
  return table(rows);
}

export function printEdit(r: EditResult): string {
  return r.changed ? `${r.useCase.id} version ${r.version}: ${r.note}\n` : `${r.useCase.id} unchanged at version ${r.version}\n`;
}
