import type { Page } from '@playwright/test';

/** The Book screen: a demo book to generate, the batch as a job, its clusters and accounts. */
export class BookPage {
  constructor(readonly page: Page) {}

  get imported() {
    return this.page.getByTestId('book-imported');
  }

  get runBatch() {
    return this.page.getByTestId('batch-run');
  }

  get progress() {
    return this.page.getByTestId('job-progress');
  }

  get clusterRows() {
    return this.page.getByTestId('cluster-row');
  }

  get accountRows() {
    return this.page.getByTestId('account-row');
  }

  get clusterCount() {
    return this.page.getByTestId('batch-clusters');
  }

  async generate(options: { count: string; seed: string; out: string }): Promise<void> {
    await this.page.getByTestId('book-count').fill(options.count);
    await this.page.getByTestId('book-seed').fill(options.seed);
    await this.page.getByTestId('book-out').fill(options.out);
    await this.page.getByTestId('book-generate').click();
  }

  async chooseBatch(options: { useCase: string; timeLimit: string }): Promise<void> {
    await this.page.getByTestId('batch-usecase').selectOption(options.useCase);
    await this.page.getByTestId('batch-timelimit').fill(options.timeLimit);
  }

  async filterTax(taxStatus: 'taxable' | 'deferred' | ''): Promise<void> {
    await this.page.getByTestId('filter-tax').selectOption(taxStatus);
    await this.page.getByTestId('filter-apply').click();
  }

  openCluster(index: number) {
    return this.clusterRows.nth(index).getByTestId('cluster-open').click();
  }
}
