import type { Page } from '@playwright/test';

export type ScreenName = 'data' | 'matrix' | 'optimize' | 'compare' | 'portfolio' | 'book' | 'cluster' | 'account' | 'frontier' | 'runs' | 'settings';

/** The workbench's frame: the screen navigation. */
export class AppShell {
  constructor(readonly page: Page) {}

  nav(screen: ScreenName) {
    return this.page.getByRole('navigation', { name: 'Screens' }).getByTestId(`nav-${screen}`);
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
  }

  async go(screen: ScreenName): Promise<void> {
    await this.nav(screen).click();
  }
}
