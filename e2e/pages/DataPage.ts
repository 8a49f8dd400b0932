import type { Page } from '@playwright/test';

/** The Data screen: universes, members, sector mix, prices, CSV import, Yahoo Finance import. */
export class DataPage {
  constructor(readonly page: Page) {}

  universe(name: string) {
    return this.page.getByTestId(`universe-${name}`);
  }

  get membersTable() {
    return this.page.getByTestId('members-table');
  }

  get memberRows() {
    return this.membersTable.locator('tbody tr');
  }

  get search() {
    return this.page.getByRole('searchbox', { name: 'Search members' });
  }

  get sectorChart() {
    return this.page.getByTestId('sector-mix-chart');
  }

  get priceChart() {
    return this.page.getByTestId('price-chart');
  }

  get importPanel() {
    return this.page.getByRole('region', { name: 'Import CSV' });
  }

  get importProgress() {
    return this.importPanel.getByTestId('job-progress');
  }

  /** Fills the import form with paths on this machine and starts the import job. */
  async startImport(files: { universe: string; prices: string; constituents?: string; index?: string }): Promise<void> {
    const panel = this.importPanel;
    await panel.getByLabel('Universe name').fill(files.universe);
    await panel.getByLabel('Prices file').fill(files.prices);
    await panel.getByLabel('Constituents file (optional)').fill(files.constituents ?? '');
    await panel.getByLabel('Index file (optional)').fill(files.index ?? '');
    await panel.getByRole('button', { name: 'Import', exact: true }).click();
  }

  get yahooPanel() {
    return this.page.getByRole('region', { name: 'Yahoo Finance' });
  }

  get yahooProgress() {
    return this.yahooPanel.getByTestId('job-progress');
  }

  get yahooSummary() {
    return this.yahooPanel.getByTestId('yahoo-summary');
  }

  /** Fills the Yahoo form with one source of tickers (a typed list, or a holdings or constituents file in the workspace) and starts the job. */
  async startYahooImport(options: { universe: string; tickers?: string; holdings?: string; constituents?: string; from?: string; index?: string }): Promise<void> {
    const panel = this.yahooPanel;
    await panel.getByLabel('Universe name').fill(options.universe);
    if (options.tickers !== undefined) {
      await panel.getByRole('radio', { name: 'Ticker list' }).check();
      await panel.getByLabel('Tickers', { exact: true }).fill(options.tickers);
    } else if (options.constituents !== undefined) {
      await panel.getByRole('radio', { name: 'Constituents file' }).check();
      await panel.getByLabel('Constituents file path').fill(options.constituents);
    } else {
      await panel.getByRole('radio', { name: 'iShares holdings file (IVV, IWM)' }).check();
      await panel.getByLabel('Holdings file path').fill(options.holdings ?? '');
    }
    await panel.getByLabel('From date (optional)').fill(options.from ?? '');
    await panel.getByLabel('Index symbol (optional)').fill(options.index ?? '');
    await panel.getByRole('button', { name: 'Import from Yahoo' }).click();
  }
}
