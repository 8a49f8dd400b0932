import type { Page } from '@playwright/test';

export interface TableHolding {
  ticker: string;
  weight: number;
}

/** The Portfolio screen: a run's holdings against the benchmark, sectors, waterfall and CSV export. */
export class PortfolioPage {
  constructor(readonly page: Page) {}

  get holdingsTable() {
    return this.page.getByTestId('holdings-table');
  }

  get exportButton() {
    return this.page.getByRole('button', { name: 'Export CSV' });
  }

  get names() {
    return this.page.getByTestId('stat-names');
  }

  /** Every position row of the table: its ticker and its weight as the page holds it (not the rounded text). */
  async holdings(): Promise<TableHolding[]> {
    const rows = this.holdingsTable.getByTestId('holding-row');
    const tickers = await rows.getByTestId('holding-ticker').allTextContents();
    const weights = await rows.getByTestId('holding-weight').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
    return tickers.map((ticker, i) => ({ ticker, weight: weights[i]! }));
  }

  /** The cash row's weight, when the table has one. */
  async cashWeight(): Promise<number | null> {
    const row = this.holdingsTable.getByTestId('cash-row');
    if ((await row.count()) === 0) return null;
    return Number(await row.locator('[data-value]').getAttribute('data-value'));
  }
}
