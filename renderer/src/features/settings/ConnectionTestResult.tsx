import type { ConnectionTest } from '../../../../api/sync.ts';
import { milliseconds } from '../../components/figures.ts';

/** What "Test connection" found: reached or not in one line, then the server and whether it has TimescaleDB. */
export function ConnectionTestResult({ test }: { test: ConnectionTest }) {
  return (
    <div className={`notice ${test.ok ? 'notice-ok' : 'notice-error'}`} role={test.ok ? 'status' : 'alert'} data-testid="connection-result" data-ok={test.ok}>
      <p className="notice-title">
        {test.ok ? 'Connected' : 'Connection failed'}
        <span className="badge">{milliseconds(test.milliseconds)}</span>
      </p>
      <p className="notice-message" data-testid="connection-message">
        {test.message}
      </p>
      <dl className="connection-facts">
        <div>
          <dt>database</dt>
          <dd className="url" data-testid="connection-target">
            {test.target}
          </dd>
        </div>
        {test.ok && (
          <>
            <div>
              <dt>server</dt>
              <dd data-testid="connection-server">{test.server ?? 'unknown'}</dd>
            </div>
            <div>
              <dt>extension</dt>
              <dd data-testid="connection-timescale">{test.timescale ? `TimescaleDB ${test.timescale}` : 'plain PostgreSQL'}</dd>
            </div>
          </>
        )}
      </dl>
    </div>
  );
}
