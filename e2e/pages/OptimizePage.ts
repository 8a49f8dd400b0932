import type { Page } from '@playwright/test';

export interface OptimizeOptions {
  universe: string;
  useCase: string;
  accountValue?: string;
  timeLimit?: string;
  lookback?: string;
}

/** The Optimize screen: the run's options, its progress and its outcome. */
export class OptimizePage {
  constructor(readonly page: Page) {}

  get run() {
    return this.page.getByTestId('opt-run');
  }

  get progress() {
    return this.page.getByTestId('job-progress');
  }

  get result() {
    return this.page.getByTestId('run-result');
  }

  get openPortfolio() {
    return this.page.getByTestId('open-portfolio');
  }

  async fill(options: OptimizeOptions): Promise<void> {
    await this.page.getByLabel('Universe').selectOption(options.universe);
    await this.page.getByTestId('opt-usecase').selectOption(options.useCase);
    if (options.lookback) await this.page.getByLabel('Lookback (periods)').fill(options.lookback);
    if (options.accountValue) await this.page.getByLabel('Account value ($)').fill(options.accountValue);
    if (options.timeLimit) await this.page.getByLabel('Time limit (s)').fill(options.timeLimit);
  }
}
