import path from 'node:path';
import Database from 'better-sqlite3';
import { callCore } from './fixtures/coreCalls.ts';
import { createScratchDatabase, type ScratchDatabase } from './fixtures/scratchDatabase.ts';
import { expect, test as base } from './fixtures/test.ts';
import { AppShell } from './pages/AppShell.ts';
import { SettingsPage } from './pages/SettingsPage.ts';

/** Each test gets an empty database on the machine's real PostgreSQL, dropped after it. */
const test = base.extend<{ scratch: ScratchDatabase }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  scratch: async ({}, use, testInfo) => {
    const database = await createScratchDatabase(testInfo.title.slice(0, 16));
    try {
      await use(database);
    } finally {
      await database.drop();
    }
  },
});

/** Rows of a team-database table, counted in PostgreSQL itself; its schema looked up, not assumed. */
async function countInPostgres(scratch: ScratchDatabase, table: string): Promise<number> {
  const found = await scratch.query<{ table_schema: string }>(
    "SELECT table_schema FROM information_schema.tables WHERE table_name = $1 AND table_schema NOT IN ('pg_catalog', 'information_schema')",
    [table],
  );
  expect(found, `the team database has one table ${table}`).toHaveLength(1);
  const quoted = `"${found[0]!.table_schema.replace(/"/g, '""')}"."${table.replace(/"/g, '""')}"`;
  const [row] = await scratch.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoted}`);
  return Number(row!.n);
}

test('the Settings screen tests the team database, syncs to it and shows the synced rows per table; a wrong port fails in one line', async ({
  page,
  jessica,
  scratch,
  saveScreen,
}) => {
  // a store with the demo market in it, as the Data screen leaves it (data/list stores it on first use): something to sync
  await callCore(jessica, 'data/list', {});
  const app = new AppShell(page);
  await app.open(jessica.url);
  await app.go('settings');
  await expect(page).toHaveTitle('Settings · Jessica');
  const settings = new SettingsPage(page);
  await expect(settings.savedUrl).toBeVisible();

  // what the server is, asked of the server itself
  const [{ server_version: version }] = (await scratch.query<{ server_version: string }>('SHOW server_version')) as [{ server_version: string }];
  const timescale = await scratch.query<{ default_version: string }>("SELECT default_version FROM pg_available_extensions WHERE name = 'timescaledb'");

  // Test connection on the typed URL: ok, the server's version, TimescaleDB or plain PostgreSQL
  await settings.enterUrl(scratch.url);
  await settings.testConnection();
  await expect(settings.connectionResult).toHaveAttribute('data-ok', 'true');
  await expect(settings.connectionResult.getByTestId('connection-server')).toContainText(version.split(' ')[0]!);
  await expect(settings.connectionResult.getByTestId('connection-timescale')).toHaveText(timescale.length > 0 ? /^TimescaleDB / : 'plain PostgreSQL');
  await expect(settings.connectionResult.getByTestId('connection-target')).toContainText(scratch.name);
  await saveScreen('settings-1-connection-ok', page);

  // saved, then shown back from settings/get
  await settings.save();
  await expect(page.getByTestId('settings-changed')).toHaveText('Saved.');
  await expect(settings.savedUrl).toContainText(scratch.url);
  await expect(settings.connectionPanel.getByLabel('Database URL')).toHaveValue('');

  // Sync now: a job with progress, then what it sent per table
  await settings.syncNow();
  await expect(settings.syncProgress).toBeVisible();
  await expect(settings.syncSummary).toBeVisible({ timeout: 180_000 });
  await expect(settings.syncProgress).toHaveAttribute('data-state', 'done');
  const sent = await settings.syncSummary.getByTestId('sync-result-row').evaluateAll((rows) =>
    rows.map((r) => ({ table: r.getAttribute('data-table')!, rows: Number(r.children[2]!.textContent!.replace(/,/g, '')) })),
  );
  const total = Number((await settings.syncSummary.getByTestId('sync-rows').innerText()).replace(/,/g, ''));
  expect(sent.reduce((s, t) => s + t.rows, 0)).toBe(total);
  expect(sent.find((t) => t.table === 'prices')?.rows ?? 0).toBeGreaterThan(0);
  await expect(settings.syncSummary.getByTestId('sync-rate')).not.toHaveText('0');
  await saveScreen('settings-2-synced', page);

  // the status, read again after the sync: every table reachable, nothing pending, the rows PostgreSQL holds
  await expect(page.getByTestId('sync-reachability')).toHaveAttribute('data-reachable', 'true');
  await expect(settings.statusRow('prices').getByTestId('pending-scopes')).toHaveText('0');
  const status = await settings.status();
  expect(status.map((t) => t.table)).toContain('prices');
  for (const t of status) {
    expect(t.pendingScopes, `${t.table}: nothing pending after the sync`).toBe(0);
    expect(t.syncedRows, `${t.table}: synced rows as PostgreSQL counts them`).toBe(await countInPostgres(scratch, t.table));
  }
  // and as the store counts them: the demo market's prices, every one of them
  const store = new Database(path.join(jessica.home, 'jessica.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const prices = (store.prepare('SELECT count(*) AS n FROM prices').get() as { n: number }).n;
    expect(prices).toBeGreaterThan(0);
    expect(status.find((t) => t.table === 'prices')!.syncedRows).toBe(prices);
  } finally {
    store.close();
  }
  expect(status.find((t) => t.table === 'prices')!.lastSynced).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);

  // a rerun with nothing new sends nothing
  await settings.syncNow();
  await expect(settings.syncSummary).toHaveAttribute('data-up-to-date', 'true', { timeout: 60_000 });

  // a port nothing listens on: the test fails in one line, no stack
  await settings.enterUrl(scratch.url.replace(':5432/', ':1/'));
  await settings.testConnection();
  await expect(settings.connectionResult).toHaveAttribute('data-ok', 'false');
  const message = await settings.connectionResult.getByTestId('connection-message').innerText();
  expect(message.trim()).not.toBe('');
  expect(message).not.toContain('\n');
  expect(message).not.toMatch(/\bat .+:\d+:\d+/);
  await saveScreen('settings-3-wrong-port', page);
  // the saved connection is untouched by a test of another
  await expect(settings.savedUrl).toContainText(scratch.url);
});
