import type pg from 'pg';
import type { Database } from '../store/database.ts';
import { batchAllocationTables } from './batchAllocationTables.ts';
import { bookKind, bookTables } from './bookTables.ts';
import { runKind, runTables } from './runTables.ts';
import type { Entity, EntityKind, ScopeSource, TeamTable } from './teamTables.ts';
import { universeKind, universeTables } from './universeTables.ts';

/** Every table a sync writes, in the order a scope's are written (its parent row first). */
export const teamTables: readonly TeamTable[] = [...universeTables, ...bookTables, ...runTables, ...batchAllocationTables];

export const entityKinds: Readonly<Record<Entity, EntityKind>> = { universe: universeKind, book: bookKind, run: runKind };

const ENTITY_ORDER: Readonly<Record<Entity, number>> = { universe: 0, book: 1, run: 2 };

export function tablesOf(entity: Entity): TeamTable[] {
  return teamTables.filter((t) => t.entity === entity);
}

/** A scope's newest change in the store. */
export interface ScopeChange {
  entity: Entity;
  scope: string;
  seq: number;
}

/** What the team database holds of one (table, scope): the newest change it covers, and its rows. */
export interface Cursor {
  seq: number;
  rows: number;
  syncedAt: string;
}

export type Cursors = Map<string, Cursor>;

export const cursorKey = (table: string, scope: string): string => `${table}\u0000${scope}`;

/** The newest change of every scope: one pass over the (entity, scope, seq) index, however long the history. */
export function latestChanges(db: Database): ScopeChange[] {
  const rows = db.prepare('SELECT entity, scope, max(seq) AS seq FROM sync_changes GROUP BY entity, scope').all() as ScopeChange[];
  return rows.sort((a, b) => ENTITY_ORDER[a.entity] - ENTITY_ORDER[b.entity] || (a.entity === 'run' ? Number(a.scope) - Number(b.scope) : a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
}

export async function readCursors(client: pg.Client, storeId: string): Promise<Cursors> {
  const { rows } = await client.query<{ table_name: string; scope: string; seq: string; rows: string; synced_at: Date }>(
    'SELECT table_name, scope, seq, rows, synced_at FROM jessica.sync_cursors WHERE store_id = $1',
    [storeId],
  );
  return new Map(rows.map((r) => [cursorKey(r.table_name, r.scope), { seq: Number(r.seq), rows: Number(r.rows), syncedAt: r.synced_at.toISOString() }]));
}

/** The tables of a scope whose cursor is behind its newest change `seq` (or that have none). */
export function tablesBehind(change: ScopeChange, cursors: Cursors): TeamTable[] {
  return tablesOf(change.entity).filter((t) => (cursors.get(cursorKey(t.name, change.scope))?.seq ?? -1) < change.seq);
}

/** How one table of one scope is brought up to date. */
export type StepMode =
  /** the scope's rows deleted and sent whole */
  | { kind: 'full' }
  /** only the rows written after the cursor's change, upserted */
  | { kind: 'upsert'; since: number }
  /** the scope is gone from the store: its rows deleted */
  | { kind: 'gone' };

/**
 * Whether the table can take only what changed after `cursor`: it has a key to upsert on, it has a cursor, and every
 * change of the scope since is an `update` (a `replace` or `delete` means rows may have gone, so it is resent whole).
 */
export function stepMode(source: ScopeSource, table: TeamTable, cursor: Cursor | undefined, exists: boolean): StepMode {
  if (!exists) return { kind: 'gone' };
  if (table.upsertKey === undefined || cursor === undefined) return { kind: 'full' };
  const rewrites = source.number(
    "SELECT count(*) FROM (SELECT 1 FROM sync_changes WHERE entity = ? AND scope = ? AND seq > ? AND kind <> 'update' LIMIT 1)",
    source.entity,
    source.scope,
    cursor.seq,
  );
  return rewrites > 0 ? { kind: 'full' } : { kind: 'upsert', since: cursor.seq };
}

/** The scope's newest change as the source's snapshot sees it. */
export function snapshotSeq(source: ScopeSource): number {
  return source.number('SELECT max(seq) FROM sync_changes WHERE entity = ? AND scope = ?', source.entity, source.scope);
}
