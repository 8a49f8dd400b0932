// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../../api/envelope.ts';
import type { ConnectionTest, SyncStatus, SyncSummary } from '../../../../api/sync.ts';
import { createClient } from '../../api/client.ts';
import { ScriptedCore } from '../../api/scriptedCore.ts';
import { createAppStore } from '../../state/store.ts';
import { StoreContext } from '../../state/useApp.ts';
import { SettingsScreen } from './SettingsScreen.tsx';

const PASSWORD = 'Tr0ub4dor&3';

/** What the core shows of a URL: the password replaced by `***`, as api/sync.ts says. */
function redacted(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:@/]*):[^@/]*@/, '$1:***@');
}

const reachable = (target: string): SyncStatus => ({
  target,
  storeId: '5f0c2a1e-0000-4000-8000-000000000001',
  reachable: true,
  message: null,
  tables: [
    { table: 'prices', syncedRows: 151_200, pendingScopes: 0, lastSyncedAt: '2026-04-10T12:00:03.250Z' },
    { table: 'runs', syncedRows: 0, pendingScopes: 2, lastSyncedAt: null },
  ],
});

/** The Settings screen over a core that keeps the saved URL the way settings/set stores it. */
function renderSettings(options: { status?: (saved: string | null) => SyncStatus; test?: (url: string | undefined) => ConnectionTest } = {}) {
  const core = new ScriptedCore();
  let saved: string | null = null;
  const status = options.status ?? ((s) => (s ? reachable(redacted(s)) : { target: null, storeId: 'x', reachable: false, message: 'no team database set', tables: [] }));
  core
    .answer('settings/get', () => ({ ok: true, value: { pgUrl: saved && redacted(saved) } }))
    .answer('settings/set', (a) => {
      saved = a.pgUrl as string | null;
      return { ok: true, value: { pgUrl: saved && redacted(saved) } };
    })
    .answer('sync/status', () => ({ ok: true, value: status(saved) }))
    .answer('sync/test', (a) => {
      const url = (a.url as string | undefined) ?? saved ?? undefined;
      const value: ConnectionTest = options.test?.(url) ?? {
        ok: true,
        target: redacted(url ?? ''),
        server: 'PostgreSQL 15.20',
        timescale: null,
        message: 'connected',
        milliseconds: 12.4,
      };
      return { ok: true, value };
    });
  const store = createAppStore(createClient(core.transport(), { pollMs: 60_000 }));
  render(
    <StoreContext.Provider value={store}>
      <SettingsScreen />
    </StoreContext.Provider>,
  );
  return { core, connection: screen.getByRole('region', { name: 'Team database' }), sync: screen.getByRole('region', { name: 'Sync' }) };
}

function type(region: HTMLElement, label: string, value: string): void {
  fireEvent.change(within(region).getByLabelText(label), { target: { value } });
}

/** Every text the page shows, and every value of its inputs but the password field's own. */
function shownText(): string {
  const values = [...document.querySelectorAll('input:not([type=password]), textarea')].map((e) => (e as HTMLInputElement).value);
  return `${document.body.textContent ?? ''}\n${values.join('\n')}`;
}

afterEach(cleanup);

describe('the Settings screen', () => {
  it('saves the URL with the password of its own field, shows it back redacted, and never shows the password', async () => {
    const { core, connection, sync } = renderSettings();
    expect((await within(connection).findByTestId('settings-saved-url')).textContent).toBe('Saved: none');
    expect((await within(sync).findByTestId('sync-reachability')).textContent).toContain('No team database set');
    expect((within(connection).getByRole('button', { name: 'Remove' }) as HTMLButtonElement).disabled).toBe(true);
    expect(within(connection).getByLabelText('Password (optional)').getAttribute('type')).toBe('password');

    type(connection, 'Database URL', 'postgres://analyst@db.example.com:5432/team');
    type(connection, 'Password (optional)', PASSWORD);
    fireEvent.click(within(connection).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(within(connection).getByTestId('settings-saved-url').textContent).toBe('Saved: postgres://analyst:***@db.example.com:5432/team'));
    expect(core.callsOf('settings/set')).toEqual([{ pgUrl: `postgres://analyst:${encodeURIComponent(PASSWORD)}@db.example.com:5432/team` }]);
    expect(within(connection).getByTestId('settings-changed').textContent).toBe('Saved.');
    // the draft is forgotten once saved, the status read again for the new database
    expect((within(connection).getByLabelText('Database URL') as HTMLInputElement).value).toBe('');
    expect((within(connection).getByLabelText('Password (optional)') as HTMLInputElement).value).toBe('');
    await waitFor(() => expect(within(sync).getByTestId('sync-reachability').dataset.reachable).toBe('true'));
    expect(core.callsOf('sync/status')).toHaveLength(2);
    expect(shownText()).not.toContain(PASSWORD);
    expect(shownText()).not.toContain(encodeURIComponent(PASSWORD));

    fireEvent.click(within(connection).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(within(connection).getByTestId('settings-saved-url').textContent).toBe('Saved: none'));
    expect(core.callsOf('settings/set').at(-1)).toEqual({ pgUrl: null });
    expect(within(connection).getByTestId('settings-changed').textContent).toContain('Removed');
  });

  it('refuses a URL that is not PostgreSQL on its field, sending nothing', async () => {
    const { core, connection } = renderSettings();
    type(connection, 'Database URL', 'mysql://root@db/team');
    fireEvent.click(within(connection).getByRole('button', { name: 'Save' }));
    expect((await within(connection).findByTestId('error-notice')).textContent).toContain('expected a URL such as postgres://');
    expect(within(connection).getByLabelText('Database URL').getAttribute('aria-invalid')).toBe('true');
    expect(core.callsOf('settings/set')).toEqual([]);
  });

  it('tests the saved connection when nothing is typed, and the typed URL otherwise: server, extension, time, or the one-line failure', async () => {
    const { core, connection } = renderSettings({
      test: (url) =>
        url?.includes(':5433/')
          ? { ok: false, target: url, server: null, timescale: null, message: 'connection refused at 127.0.0.1:5433', milliseconds: 3 }
          : { ok: true, target: url ?? '', server: 'PostgreSQL 15.20', timescale: url?.includes('tsdb') ? '2.17.2' : null, message: 'connected', milliseconds: 12.4 },
    });
    fireEvent.click(within(connection).getByRole('button', { name: 'Test connection' }));
    let result = await within(connection).findByTestId('connection-result');
    expect(core.callsOf('sync/test')).toEqual([{}]);
    expect(result.dataset.ok).toBe('true');
    expect(within(result).getByTestId('connection-server').textContent).toBe('PostgreSQL 15.20');
    expect(within(result).getByTestId('connection-timescale').textContent).toBe('plain PostgreSQL');
    expect(result.textContent).toContain('12 ms');

    type(connection, 'Database URL', 'postgres://postgres@tsdb:5432/team');
    fireEvent.click(within(connection).getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(within(connection).getByTestId('connection-timescale').textContent).toBe('TimescaleDB 2.17.2'));
    expect(core.callsOf('sync/test').at(-1)).toEqual({ url: 'postgres://postgres@tsdb:5432/team' });

    type(connection, 'Database URL', 'postgres://postgres@127.0.0.1:5433/team');
    fireEvent.click(within(connection).getByRole('button', { name: 'Test connection' }));
    await waitFor(() => expect(within(connection).getByTestId('connection-result').dataset.ok).toBe('false'));
    result = within(connection).getByTestId('connection-result');
    expect(result.getAttribute('role')).toBe('alert');
    expect(within(result).getByTestId('connection-message').textContent).toBe('connection refused at 127.0.0.1:5433');
    expect(within(result).queryByTestId('connection-server')).toBeNull();
  });

  it('shows the status per table; unreachable, the reason and the pending scopes, the synced side unknown', async () => {
    let up = false;
    const { core, sync } = renderSettings({
      status: () =>
        up
          ? reachable('postgres://postgres@127.0.0.1:5432/team')
          : { ...reachable('postgres://postgres@127.0.0.1:5432/team'), reachable: false, message: 'connection refused at 127.0.0.1:5432' },
    });
    const rows = () => within(sync).getAllByTestId('sync-status-row');
    const cells = () => rows().map((r) => [r.dataset.table, ...['synced-rows', 'pending-scopes', 'last-synced'].map((id) => within(r).getByTestId(id).textContent)]);

    await waitFor(() => expect(rows()).toHaveLength(2));
    const reason = within(sync).getByTestId('sync-reachability');
    expect(reason.dataset.reachable).toBe('false');
    expect(reason.textContent).toContain('connection refused at 127.0.0.1:5432');
    expect(cells()).toEqual([
      ['prices', '—', '0', '—'],
      ['runs', '—', '2', '—'],
    ]);

    up = true;
    fireEvent.click(within(sync).getByRole('button', { name: 'Refresh status' }));
    await waitFor(() => expect(within(sync).getByTestId('sync-reachability').dataset.reachable).toBe('true'));
    expect(cells()).toEqual([
      ['prices', '151,200', '0', '2026-04-10 12:00:03 UTC'],
      ['runs', '0', '2', 'never'],
    ]);
    expect(core.callsOf('sync/status')).toHaveLength(2);
  });

  it('runs Sync now as a job: progress, cancel offered, then the rows per table, rows per second and seconds, and the status read again', async () => {
    const { core, sync } = renderSettings({ status: () => reachable('postgres://postgres@127.0.0.1:5432/team') });
    await within(sync).findByTestId('sync-status-table');
    fireEvent.click(within(sync).getByRole('button', { name: 'Sync now' }));
    await waitFor(() => expect(core.started()).toEqual([{ method: 'sync/run', args: {} }]));
    const jobId = core.lastJobId();
    core.progress(jobId, { stage: 'prices', fraction: 0.25, message: 'demo: 37,800 of 151,200 rows' });
    expect(await within(sync).findByText('prices: demo: 37,800 of 151,200 rows')).toBeTruthy();
    expect(within(sync).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('25');
    expect(within(sync).getByRole('button', { name: 'Cancel' })).toBeTruthy();

    const summary: SyncSummary = {
      target: 'postgres://postgres@127.0.0.1:5432/team',
      storeId: '5f0c2a1e-0000-4000-8000-000000000001',
      timescale: null,
      tables: [
        { table: 'universes', scopes: 1, rows: 1, seconds: 0.01 },
        { table: 'prices', scopes: 1, rows: 151_200, seconds: 0.84 },
      ],
      rows: 151_201,
      rowsPerSecond: 167_278.4,
      upToDate: false,
      seconds: 0.9039,
      warnings: ['the server lists TimescaleDB 2.17.2 but CREATE EXTENSION failed: …; the tables are plain PostgreSQL tables'],
    };
    const ended: Envelope<SyncSummary> = { ok: true, value: summary };
    core.finish(jobId, ended);
    const shown = await within(sync).findByTestId('sync-summary');
    expect(within(shown).getAllByTestId('sync-result-row').map((r) => [...r.children].map((c) => c.textContent))).toEqual([
      ['universes', '1', '1', '0.01'],
      ['prices', '1', '151,200', '0.84'],
    ]);
    expect(within(shown).getByTestId('sync-rows').textContent).toBe('151,201');
    expect(within(shown).getByTestId('sync-rate').textContent).toBe('167,278');
    expect(within(shown).getByTestId('sync-seconds').textContent).toBe('0.90');
    expect(shown.textContent).toContain('plain PostgreSQL');
    expect(within(shown).getAllByTestId('sync-warning').map((w) => w.textContent)).toEqual([summary.warnings[0]]);
    await waitFor(() => expect(core.callsOf('sync/status')).toHaveLength(2));
  });

  it('shows a sync that failed as its one-line error naming the table', async () => {
    const { core, sync } = renderSettings({ status: () => reachable('postgres://postgres@127.0.0.1:5432/team') });
    fireEvent.click(within(sync).getByRole('button', { name: 'Sync now' }));
    await waitFor(() => expect(core.jobs.size).toBe(1));
    const message = 'sync of prices failed: the connection to 127.0.0.1:5432 ended (the server restarted?); rerun to resume';
    core.finish(core.lastJobId(), { ok: false, error: { code: 'internal', message } });
    const error = await within(sync).findByTestId('error-notice');
    expect(within(error).getByText(message)).toBeTruthy();
    expect(within(sync).queryByTestId('sync-summary')).toBeNull();
  });
});
