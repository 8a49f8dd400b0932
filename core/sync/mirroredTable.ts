import { copyLineSql, type ColumnKind } from './copyTextSql.ts';
import type { Entity, ScopeSource, TeamTable } from './teamTables.ts';

/** A team table's column, the store's SQL expression it is read from, and how that becomes COPY text. */
export type MirroredColumn = readonly [team: string, store: string, kind: ColumnKind];

export interface MirroredTableSpec {
  name: string;
  entity: Entity;
  /** the team table's column holding the scope */
  scopeColumn: string;
  /** the store's table, and its column holding the scope */
  from: string;
  fromScope: string;
  /** every column after store_id, in COPY order */
  columns: readonly MirroredColumn[];
}

/** The scope as the store keys it: a run by its integer id, everything else by its name. */
const scopeKey = (s: ScopeSource): string | number => (s.entity === 'run' ? Number(s.scope) : s.scope);

/**
 * A team table whose rows are one store table's rows of the scope, column for column: its COPY lines are built by
 * SQLite (copyTextSql.ts) from the same list that names the team table's columns, so the two cannot drift apart.
 */
export function mirroredTable(spec: MirroredTableSpec): TeamTable {
  const line = copyLineSql(spec.columns.map(([, store, kind]) => [store, kind] as const));
  const where = `FROM ${spec.from} WHERE ${spec.fromScope} = ?`;
  return {
    name: spec.name,
    entity: spec.entity,
    columns: ['store_id', ...spec.columns.map(([team]) => team)],
    scopeColumn: spec.scopeColumn,
    lines: (s) => s.lines(`SELECT ${line} ${where}`, scopeKey(s)),
    estimate: (s) => s.number(`SELECT count(*) ${where}`, scopeKey(s)),
  };
}
