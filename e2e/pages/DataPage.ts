import type { Page } from '@playwright/test';

/** The Data screen: universes, members, sector mix, prices, import. */
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
    await this.page.getByLabel('Universe name').fill(files.universe);
    await this.page.getByLabel('Prices file').fill(files.prices);
    await this.page.getByLabel('Constituents file (optional)').fill(files.constituents ?? '');
    await this.page.getByLabel('Index file (optional)').fill(files.index ?? '');
    await this.page.getByRole('button', { name: 'Import', exact: true }).click();
  }
}
