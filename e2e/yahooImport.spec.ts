import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from './fixtures/test.ts';
import { AppShell } from './pages/AppShell.ts';
import { DataPage } from './pages/DataPage.ts';

// This machine has no route to Yahoo Finance: the import must say so in one line, within seconds, and write nothing.
test('a Yahoo import without a network fails in one clear line within seconds and creates no universe', async ({ page, jessica, saveScreen }) => {
  const app = new AppShell(page);
  await app.open(jessica.url);
  const data = new DataPage(page);
  await expect(data.universe('demo')).toBeVisible();

  const started = Date.now();
  await data.startYahooImport({ universe: 'offline', tickers: 'AAPL, MSFT' });
  await expect(data.yahooProgress).toHaveAttribute('data-state', 'failed', { timeout: 30_000 });
  const seconds = (Date.now() - started) / 1000;
  const error = data.yahooPanel.getByTestId('error-notice');
  await expect(error).toBeVisible();
  const message = await error.locator('.notice-message').innerText();
  expect(message).toMatch(/unreachable/i);
  expect(message).not.toContain('\n');
  expect(seconds, 'the failure shows within seconds').toBeLessThan(30);
  await expect(data.yahooSummary).toHaveCount(0);
  await error.scrollIntoViewIfNeeded();
  await saveScreen('yahoo-offline', page);

  // the universe list was read again and has no such universe; nor has the store
  await expect(data.universe('demo')).toBeVisible();
  await expect(data.universe('offline')).toHaveCount(0);
  const store = new Database(path.join(jessica.home, 'jessica.sqlite'), { readonly: true, fileMustExist: true });
  try {
    expect(store.prepare('SELECT count(*) AS n FROM universes WHERE name = ?').get('offline')).toEqual({ n: 0 });
  } finally {
    store.close();
  }
});
