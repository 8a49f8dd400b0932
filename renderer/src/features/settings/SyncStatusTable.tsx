import type { SyncStatus } from '../../../../api/sync.ts';
import { count } from '../../components/figures.ts';
import { syncedAt } from './syncTimes.ts';

/**
 * The sync status per table: rows of this store in the team database, scopes with changes not yet sent, when the
 * table was last synced. Unreachable, the team database's side is unknown and shown as such; what is pending is
 * this store's own and still shown.
 */
export function SyncStatusTable({ status }: { status: SyncStatus }) {
  const known = status.reachable;
  return (
    <>
      {status.target === null ? (
        <p className="notice notice-info" role="status" data-testid="sync-reachability" data-reachable="false">
          No team database set: save its URL, or start Jessica with <code>JESSICA_PG_URL</code>.
        </p>
      ) : known ? (
        <p className="notice notice-ok" role="status" data-testid="sync-reachability" data-reachable="true">
          Reachable: <span className="url">{status.target}</span>
        </p>
      ) : (
        <div className="notice notice-error" role="alert" data-testid="sync-reachability" data-reachable="false">
          <p className="notice-title">
            Unreachable: <span className="url">{status.target}</span>
          </p>
          <p className="notice-message">{status.message ?? 'no reason given'}</p>
        </div>
      )}
      <table className="table compact" data-testid="sync-status-table">
        <caption className="sr-only">Sync status per table of the team database</caption>
        <thead>
          <tr>
            <th scope="col">Table</th>
            <th scope="col" className="num">
              Synced rows
            </th>
            <th scope="col" className="num">
              Pending scopes
            </th>
            <th scope="col">Last synced</th>
          </tr>
        </thead>
        <tbody>
          {status.tables.map((t) => (
            <tr key={t.table} data-testid="sync-status-row" data-table={t.table}>
              <th scope="row">{t.table}</th>
              <td className="num" data-testid="synced-rows">
                {known ? count(t.syncedRows) : '—'}
              </td>
              <td className={`num${t.pendingScopes > 0 ? ' under' : ''}`} data-testid="pending-scopes">
                {count(t.pendingScopes)}
              </td>
              <td className="small" data-testid="last-synced">
                {known ? syncedAt(t.lastSyncedAt) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
