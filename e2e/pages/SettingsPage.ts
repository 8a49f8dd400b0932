import type { Page } from '@playwright/test';

/** The Settings screen: the team database's connection and its test, the sync status per table, Sync now. */
export class SettingsPage {
  constructor(readonly page: Page) {}

  get connectionPanel() {
    return this.page.getByRole('region', { name: 'Team database' });
  }

  get syncPanel() {
    return this.page.getByRole('region', { name: 'Sync' });
  }

  get savedUrl() {
    return this.page.getByTestId('settings-saved-url');
  }

  get connectionResult() {
    return this.page.getByTestId('connection-result');
  }

  get syncProgress() {
    return this.syncPanel.getByTestId('job-progress');
  }

  get syncSummary() {
    return this.page.getByTestId('sync-summary');
  }

  get statusRows() {
    return this.page.getByTestId('sync-status-row');
  }

  statusRow(table: string) {
    return this.page.locator(`[data-testid="sync-status-row"][data-table="${table}"]`);
  }

  async enterUrl(url: string, password = ''): Promise<void> {
    await this.connectionPanel.getByLabel('Database URL').fill(url);
    await this.connectionPanel.getByLabel('Password (optional)').fill(password);
  }

  async testConnection(): Promise<void> {
    await this.connectionPanel.getByRole('button', { name: 'Test connection' }).click();
  }

  async save(): Promise<void> {
    await this.connectionPanel.getByRole('button', { name: 'Save' }).click();
  }

  async syncNow(): Promise<void> {
    await this.syncPanel.getByRole('button', { name: 'Sync now' }).click();
  }

  /** The status table as the page shows it: per table its synced rows and pending scopes as numbers, null where unknown. */
  async status(): Promise<{ table: string; syncedRows: number | null; pendingScopes: number; lastSynced: string }[]> {
    const rows = await this.statusRows.all();
    const number = (text: string): number | null => (text.trim() === '—' ? null : Number(text.replace(/,/g, '')));
    return Promise.all(
      rows.map(async (row) => ({
        table: (await row.getAttribute('data-table'))!,
        syncedRows: number(await row.getByTestId('synced-rows').innerText()),
        pendingScopes: number(await row.getByTestId('pending-scopes').innerText())!,
        lastSynced: await row.getByTestId('last-synced').innerText(),
      })),
    );
  }
}
