import type { Page } from '@playwright/test';

/** The Matrix builder: the use cases × components grid, the component panel and the model facts. */
export class MatrixPage {
  constructor(readonly page: Page) {}

  get grid() {
    return this.page.getByRole('grid', { name: 'Use cases × components' });
  }

  cell(useCase: string, component: string) {
    return this.grid.getByRole('button', { name: `${component} in ${useCase}`, exact: true });
  }

  get modelClass() {
    return this.page.getByTestId('model-class');
  }

  get factsUseCase() {
    return this.page.getByTestId('facts-usecase');
  }

  get panel() {
    return this.page.getByTestId('component-panel');
  }

  param(name: string) {
    return this.panel.getByTestId(`param-${name}`);
  }

  get submit() {
    return this.panel.getByTestId('params-submit');
  }

  get needsParams() {
    return this.page.getByTestId('needs-params');
  }

  /** Presses a cell with the keyboard (focus, then Enter): switches its component on or off, or asks for parameters. */
  async press(useCase: string, component: string): Promise<void> {
    const cell = this.cell(useCase, component);
    await cell.focus();
    await cell.press('Enter');
  }

  /** Fills the side panel's parameter form and submits it (Enable or Save parameters). */
  async submitParams(params: Record<string, string>): Promise<void> {
    for (const [name, value] of Object.entries(params)) await this.param(name).fill(value);
    await this.submit.click();
  }
}
