import type { Page } from '@playwright/test';

/** The Account screen: whole shares against the cluster's target, and the trades. */
export class AccountPage {
  constructor(readonly page: Page) {}

  get title() {
    return this.page.getByTestId('account-title');
  }

  get holdingRows() {
    return this.page.getByTestId('account-holding');
  }

  /** the shares of every row, as the table's data-value attributes give them */
  async shares(): Promise<number[]> {
    return this.page.getByTestId('account-shares').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-value'))));
  }
}
