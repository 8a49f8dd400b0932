/** JSON-plain types of the team database: `sync/run` (`jessica sync`), its status, the connection test, settings. */

/** The connection as shown anywhere: the URL with its password replaced by `***`. */
export type RedactedUrl = string;

export interface SyncTableResult {
  /** the team database's table, e.g. `prices`, `batch_accounts` */
  table: string;
  /** scopes (universes, books, runs) sent */
  scopes: number;
  rows: number;
  seconds: number;
}

export interface SyncSummary {
  target: RedactedUrl;
  storeId: string;
  /** the server's TimescaleDB version when it has the extension (hypertables and compression used), else null */
  timescale: string | null;
  tables: SyncTableResult[];
  rows: number;
  /** rows sent per second over the whole sync */
  rowsPerSecond: number;
  /** true when the store had nothing the team database lacked */
  upToDate: boolean;
  seconds: number;
  /** what did not stop the sync but the user should know, e.g. TimescaleDB listed by the server but refused (plain tables used) */
  warnings: string[];
}

export interface SyncTableStatus {
  table: string;
  /** rows of this store in the team database */
  syncedRows: number;
  /** scopes (universes, books, runs) with changes not yet sent */
  pendingScopes: number;
  lastSyncedAt: string | null;
}

export interface SyncStatus {
  target: RedactedUrl | null;
  storeId: string;
  /** false with a reason when the team database could not be reached (the tables then say only what is pending) */
  reachable: boolean;
  message: string | null;
  tables: SyncTableStatus[];
}

export interface ConnectionTest {
  ok: boolean;
  target: RedactedUrl;
  /** e.g. `PostgreSQL 15.19` */
  server: string | null;
  timescale: string | null;
  /** one line: what failed (`password authentication failed for user "x"`, `connection refused at 127.0.0.1:5433`) */
  message: string;
  milliseconds: number;
}

export interface Settings {
  /** the team database for `jessica sync`, password redacted; null when none is set */
  pgUrl: RedactedUrl | null;
}
