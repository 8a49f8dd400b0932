import type { SyncSummary } from '../../../../api/sync.ts';
import { count } from '../../components/figures.ts';

/** What a sync sent: per table the scopes and rows, the whole sync's rows per second and seconds. */
export function SyncSummaryView({ summary }: { summary: SyncSummary }) {
  return (
    <div className="sync-summary" data-testid="sync-summary" data-up-to-date={summary.upToDate}>
      <p className="notice notice-ok" role="status">
        {summary.upToDate ? 'Nothing new: the team database already had everything of this store.' : `Synced ${count(summary.rows)} rows.`}
      </p>
      <div className="stats">
        <div className="stat">
          <span className="stat-label">Rows</span>
          <span className="stat-value" data-testid="sync-rows">
            {count(summary.rows)}
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">Rows per second</span>
          <span className="stat-value" data-testid="sync-rate">
            {count(Math.round(summary.rowsPerSecond))}
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">Seconds</span>
          <span className="stat-value" data-testid="sync-seconds">
            {summary.seconds.toFixed(2)}
          </span>
        </div>
      </div>
      <p className="small muted">
        To <span className="url">{summary.target}</span>, {summary.timescale ? `TimescaleDB ${summary.timescale} (hypertables, compression)` : 'plain PostgreSQL'}.
      </p>
      {summary.warnings.map((w) => (
        <p key={w} className="notice notice-warn" role="note" data-testid="sync-warning">
          {w}
        </p>
      ))}
      {summary.tables.length > 0 && (
        <table className="table compact" data-testid="sync-result-table">
          <caption>Sent per table</caption>
          <thead>
            <tr>
              <th scope="col">Table</th>
              <th scope="col" className="num">
                Scopes
              </th>
              <th scope="col" className="num">
                Rows
              </th>
              <th scope="col" className="num">
                Seconds
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.tables.map((t) => (
              <tr key={t.table} data-testid="sync-result-row" data-table={t.table}>
                <th scope="row">{t.table}</th>
                <td className="num">{count(t.scopes)}</td>
                <td className="num">{count(t.rows)}</td>
                <td className="num">{t.seconds.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
