import { useId, useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Loading } from '../../components/StatusLine.tsx';
import { blankDatabaseUrlDraft, type DatabaseUrlDraft } from '../../state/databaseUrl.ts';
import { useApp } from '../../state/useApp.ts';
import { ConnectionTestResult } from './ConnectionTestResult.tsx';

/**
 * The team database's connection: the saved one as the core shows it (password redacted), a new one typed as a URL
 * with its password in a field of its own, Save, Remove and Test connection.
 */
export function DatabaseConnectionPanel() {
  const settings = useApp((s) => s.settings);
  const change = useApp((s) => s.settingsChange);
  const test = useApp((s) => s.connectionTest);
  const save = useApp((s) => s.saveDatabaseUrl);
  const remove = useApp((s) => s.removeDatabaseUrl);
  const runTest = useApp((s) => s.testConnection);
  const [draft, setDraft] = useState<DatabaseUrlDraft>(blankDatabaseUrlDraft);
  const id = useId();
  const saved = settings.status === 'ready' ? settings.value.pgUrl : null;
  const busy = change.status === 'loading' || test.status === 'loading';
  const refusedField = change.status === 'error' ? change.error.where?.field : test.status === 'error' ? test.error.where?.field : undefined;

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void save(draft).then((stored) => {
      if (stored) setDraft(blankDatabaseUrlDraft);
    });
  };

  return (
    <section className="panel" aria-labelledby="database-heading">
      <h2 id="database-heading">Team database</h2>
      <p className="muted small">
        The PostgreSQL (or TimescaleDB) that <code>jessica sync</code> and Sync now send prices, runs and results to, for Grafana and CloudBeaver.
      </p>
      {settings.status === 'loading' && <Loading label="Loading settings…" />}
      {settings.status === 'error' && <ErrorNotice error={settings.error} context="Loading settings" />}
      {settings.status === 'ready' && (
        <p data-testid="settings-saved-url">
          Saved: {saved ? <span className="url">{saved}</span> : <span className="muted">none</span>}
        </p>
      )}
      <form className="form" onSubmit={submit} noValidate data-testid="database-form">
        <div className="field">
          <label htmlFor={`${id}-url`}>Database URL</label>
          <input
            id={`${id}-url`}
            type="text"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            value={draft.url}
            onChange={(e) => setDraft({ ...draft, url: e.target.value })}
            placeholder="postgres://user@host:5432/database"
            aria-describedby={`${id}-url-hint`}
            aria-invalid={refusedField === 'pgUrl' || refusedField === 'url' ? true : undefined}
            data-testid="settings-url"
          />
          <span id={`${id}-url-hint`} className="hint">
            without the password; Test connection tries what is typed here, or the saved connection when nothing is
          </span>
        </div>
        <label className="field">
          <span>Password (optional)</span>
          <input
            type="password"
            autoComplete="new-password"
            value={draft.password}
            onChange={(e) => setDraft({ ...draft, password: e.target.value })}
            aria-invalid={refusedField === 'password' ? true : undefined}
            data-testid="settings-password"
          />
        </label>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy} data-testid="settings-save">
            Save
          </button>
          <button type="button" disabled={busy} onClick={() => void runTest(draft)} data-testid="connection-test">
            {test.status === 'loading' ? 'Testing…' : 'Test connection'}
          </button>
          <button type="button" className="danger" disabled={busy || !saved} onClick={() => void remove()} data-testid="settings-remove">
            Remove
          </button>
        </div>
      </form>
      {change.status === 'loading' && <Loading label="Saving…" />}
      {change.status === 'ready' && (
        <p className="notice notice-ok" role="status" data-testid="settings-changed">
          {change.value.removed ? 'Removed: no team database is saved.' : 'Saved.'}
        </p>
      )}
      {change.status === 'error' && <ErrorNotice error={change.error} context="Save" />}
      {test.status === 'loading' && <Loading label="Testing the connection…" />}
      {test.status === 'error' && <ErrorNotice error={test.error} context="Test connection" />}
      {test.status === 'ready' && <ConnectionTestResult test={test.value} />}
    </section>
  );
}
