import type { YahooImportSummary as Summary } from '../../../../api/yahoo.ts';
import { count } from '../../components/figures.ts';

/**
 * How a Yahoo import ended: the tickers asked for and what became of each, the rows written, the dates covered.
 * A partial import (some tickers failed) says so and lists every failed ticker with its reason.
 */
export function YahooImportSummary({ summary }: { summary: Summary }) {
  const failed = summary.failed.length;
  const partial = summary.partial || failed > 0;
  return (
    <div className="yahoo-summary" data-testid="yahoo-summary" data-partial={partial}>
      {partial ? (
        <p className="notice notice-warn" role="status" data-testid="yahoo-outcome">
          <strong>Partial import</strong>: {count(failed)} of {count(summary.requested)} tickers failed; the others are in <strong>{summary.universe}</strong>.
        </p>
      ) : (
        <p className="notice notice-ok" role="status" data-testid="yahoo-outcome">
          Imported <strong>{summary.universe}</strong>: every ticker asked for is up to date.
        </p>
      )}
      <div className="stats" aria-label="Tickers">
        {(
          [
            ['Requested', summary.requested, 'requested'],
            ['Updated', summary.updated, 'updated'],
            ['Up to date', summary.upToDate, 'up-to-date'],
            ['Readjusted', summary.readjusted, 'readjusted'],
            ['Failed', failed, 'failed'],
          ] as const
        ).map(([label, value, id]) => (
          <div key={id} className="stat">
            <span className="stat-label">{label}</span>
            <span className={`stat-value${id === 'failed' && value > 0 ? ' under' : ''}`} data-testid={`yahoo-count-${id}`}>
              {count(value)}
            </span>
          </div>
        ))}
      </div>
      <p className="small">
        {count(summary.rows)} price rows, {count(summary.quotes)} quotes,{' '}
        {summary.firstDate && summary.lastDate ? (
          <>
            {summary.firstDate} – {summary.lastDate}
          </>
        ) : (
          'no dates'
        )}
        , from {summary.source}, in {summary.seconds.toFixed(1)} s.
      </p>
      {failed > 0 && (
        <div className="scroll failed-tickers" role="region" tabIndex={0} aria-label="Failed tickers, scrollable">
          <table className="table compact" data-testid="yahoo-failed-tickers">
            <caption>Failed tickers</caption>
            <thead>
              <tr>
                <th scope="col">Ticker</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {summary.failed.map((f) => (
                <tr key={f.ticker}>
                  <th scope="row">{f.ticker}</th>
                  <td>{f.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {summary.warnings.length > 0 && (
        <details>
          <summary>{summary.warnings.length} warnings</summary>
          <ul className="warnings">
            {summary.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
