import type { Statement } from 'better-sqlite3';
import type { Database } from '../store/database.ts';

/** What sync_changes records changes of: a parent row and everything written with it. */
export type Entity = 'universe' | 'book' | 'run';

/**
 * One scope (a universe, a book, a run) read inside one read transaction of the store, so every table of it comes
 * from the same snapshot. Statements are prepared once per scope; what several tables derive from (a run's result
 * JSON) is parsed once.
 */
export class ScopeSource {
  private readonly statements = new Map<string, Statement>();
  private readonly parsed = new Map<string, unknown>();

  constructor(
    readonly db: Database,
    readonly entity: Entity,
    readonly scope: string,
  ) {}

  statement(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) this.statements.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  /** The rows of `sql` as arrays, one at a time: a million price rows never sit in memory together. */
  iterate(sql: string, ...params: unknown[]): IterableIterator<unknown[]> {
    return this.statement(sql).raw(true).iterate(...params) as IterableIterator<unknown[]>;
  }

  /** The single text column of `sql`, one row at a time: COPY text lines SQLite built (copyTextSql.ts). */
  lines(sql: string, ...params: unknown[]): IterableIterator<string> {
    return this.statement(sql).pluck(true).iterate(...params) as IterableIterator<string>;
  }

  /** A number `sql` answers (a count for progress); 0 when it answers NULL. */
  number(sql: string, ...params: unknown[]): number {
    return Number(this.statement(sql).pluck().get(...params) ?? 0);
  }

  /** `make()` once per scope under `key`. */
  memo<T>(key: string, make: () => T): T {
    if (!this.parsed.has(key)) this.parsed.set(key, make());
    return this.parsed.get(key) as T;
  }
}

/** A table of the team database (core/sync/schema/team.sql) and how a scope's rows for it come out of the store. */
export interface TeamTable {
  name: string;
  entity: Entity;
  /** its columns in COPY order; `store_id` first, which the sync writes itself */
  columns: readonly string[];
  /** the column that holds the scope (`universe`, `book`, `run_id`, …) */
  scopeColumn: string;
  /**
   * For a table a scope's `update` changes add rows to rather than rewrite (prices): its key, so that the rows
   * written after the cursor (their `revision`) are upserted on it instead of resending the scope whole.
   */
  upsertKey?: readonly string[];
  /**
   * the scope's rows as COPY text lines (copyText.ts) of the columns after store_id; `since`: only those written after
   * that change (upsertKey tables)
   */
  lines(source: ScopeSource, since: number | null): Iterable<string>;
  /** how many lines `lines` gives, for progress (exact where cheap) */
  estimate(source: ScopeSource, since: number | null): number;
  /** how many rows of the scope the team database holds after an upsert (the cursor's `rows`) */
  countAll?(source: ScopeSource): number;
}

/** What an entity's scope is in the store: whether its parent row is still there, and how a message names it. */
export interface EntityKind {
  entity: Entity;
  exists(source: ScopeSource): boolean;
  label(scope: string): string;
}
