import type { Page } from '@playwright/test';

/** The Cluster screen: the cluster's target, its dispersion and its members. */
export class ClusterPage {
  constructor(readonly page: Page) {}

  get title() {
    return this.page.getByTestId('cluster-title');
  }

  get targetRows() {
    return this.page.getByTestId('target-row');
  }

  get dispersion() {
    return this.page.getByTestId('dispersion-table');
  }

  get memberRows() {
    return this.page.getByTestId('account-row');
  }

  openMember(index: number) {
    return this.memberRows.nth(index).getByTestId('account-open').click();
  }
}
