import type { Page } from '@playwright/test';

/** The Runs screen: the history with its filters, a run's waterfall (and a second beside it), the diff, save and delete. */
export class RunsPage {
  constructor(readonly page: Page) {}

  get rows() {
    return this.page.getByTestId('runs-table').locator('tbody tr');
  }

  row(id: number) {
    return this.page.getByTestId(`runs-row-${id}`);
  }

  /** shows run `id`'s waterfall */
  async open(id: number): Promise<void> {
    await this.row(id).getByRole('button', { name: `Run ${id}` }).click();
  }

  async filterKind(kind: string): Promise<void> {
    await this.page.getByTestId('runs-filter-kind').selectOption(kind);
  }

  get shownRun() {
    return this.page.getByTestId('runs-run-id');
  }

  get figures() {
    return this.page.getByTestId('run-waterfall');
  }

  figure(id: number) {
    return this.page.locator(`[data-testid="run-waterfall"][data-run="${id}"]`);
  }

  bars(id: number) {
    return this.figure(id).getByTestId('waterfall-bar');
  }

  laneLabels(id: number) {
    return this.figure(id).locator('[data-testid="waterfall-row-label"][data-lane]');
  }

  get details() {
    return this.page.getByTestId('waterfall-details');
  }

  get second() {
    return this.page.getByTestId('runs-second');
  }

  get diff() {
    return this.page.getByTestId('runs-diff');
  }

  get saveSvg() {
    return this.page.getByTestId('runs-save-svg');
  }

  async delete(): Promise<void> {
    await this.page.getByTestId('runs-delete').click();
    await this.page.getByTestId('runs-delete-yes').click();
  }
}
