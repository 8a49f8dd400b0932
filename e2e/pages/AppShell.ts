import { expect, type Page } from '@playwright/test';

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

  /**
   * Opens a screen and waits until it is drawn: the navigation says it is the current one (a click that lands before
   * the app has hydrated does nothing, so it is clicked again until it takes), and its code has loaded (screens are
   * loaded on demand; meanwhile the previous screen stays in the page, hidden, under a "Loading…" status, and a
   * locator by label could find its fields instead).
   */
  async go(screen: ScreenName): Promise<void> {
    const nav = this.nav(screen);
    await expect(async () => {
      await nav.click();
      await expect(nav).toHaveAttribute('aria-current', 'page', { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(this.page.getByRole('status').filter({ hasText: /^Loading…$/ })).toHaveCount(0, { timeout: 30_000 });
  }
}
