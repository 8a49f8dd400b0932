import type { Page } from '@playwright/test';

/** The Frontier screen: the minimums job and its chart. */
export class FrontierPage {
  constructor(readonly page: Page) {}

  get run() {
    return this.page.getByTestId('frontier-run');
  }

  get chart() {
    return this.page.getByTestId('frontier-chart');
  }

  get minimum() {
    return this.page.getByTestId('frontier-minimum');
  }

  async fill(options: { useCase: string; teTargetPercent: string; fractional: boolean }): Promise<void> {
    await this.page.getByTestId('frontier-usecase').selectOption(options.useCase);
    await this.page.getByTestId('frontier-te').fill(options.teTargetPercent);
    await this.page.getByTestId('frontier-fractional').setChecked(options.fractional);
  }
}
