/**
 * A store table's rows as COPY text lines built by SQLite itself: one string per row crosses into JavaScript instead of
 * one value per column, which for the million rows of a universe's prices takes half the time (measured on the S&P 500:
 * 2.7 s against 3.0 s for the arrays alone, before encoding them). The escapes are copyText.ts's, in SQL. A REAL is
 * written by CAST(… AS TEXT), which the SQLite built into better-sqlite3 renders as the shortest decimal that reads
 * back to the same double (copyText.test.ts holds it to that); PostgreSQL reads its forms (`100.0`, `1.0e-07`) as float8.
 */

/** How a column's value becomes text: `text` escaped, `number` (INTEGER or REAL) cast. */
export type ColumnKind = 'text' | 'number';

function escaped(expression: string): string {
  return `replace(replace(replace(replace(${expression}, '\\', '\\\\'), char(9), '\\t'), char(10), '\\n'), char(13), '\\r')`;
}

/** The SELECT expression that makes one COPY text line of `columns` (SQL expressions and their kinds), NULL as \N. */
export function copyLineSql(columns: readonly (readonly [expression: string, kind: ColumnKind])[]): string {
  return columns
    .map(([expression, kind]) => `coalesce(${kind === 'text' ? escaped(expression) : `CAST(${expression} AS TEXT)`}, '\\N')`)
    .join(' || char(9) || ');
}
