import { expect, test } from './fixtures/test.ts';
import { AccountPage } from './pages/AccountPage.ts';
import { AppShell } from './pages/AppShell.ts';
import { BookPage } from './pages/BookPage.ts';
import { ClusterPage } from './pages/ClusterPage.ts';
import { FrontierPage } from './pages/FrontierPage.ts';

const ACCOUNTS = 200;

test('a manager generates a book, runs the batch, opens a cluster and an account, and finds the account minimum', async ({ page, jessica, saveScreen }) => {
  const app = new AppShell(page);
  await app.open(jessica.url);
  await app.go('book');
  const book = new BookPage(page);
  await expect(page.getByTestId('book-empty')).toBeVisible();

  // a demo book written into this server's workspace, then imported
  await book.generate({ count: String(ACCOUNTS), seed: '7', out: 'demo-accounts.csv' });
  await expect(book.imported).toContainText(`Imported ${ACCOUNTS} accounts`);

  // the batch as a job with its stages; then the clusters of the run
  await book.chooseBatch({ useCase: 'index-tracking', timeLimit: '0.5' });
  await book.runBatch.click();
  await expect(book.progress).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  await expect(book.accountRows).toHaveCount(ACCOUNTS);
  const clusters = await book.clusterRows.count();
  expect(clusters).toBeGreaterThan(1);
  await expect(book.clusterCount).toHaveText(String(clusters));
  await saveScreen('book-1-book', page);

  // a filter narrows the accounts
  await book.filterTax('deferred');
  await expect(async () => {
    const n = await book.accountRows.count();
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(ACCOUNTS);
  }).toPass();
  await book.filterTax('');

  // the cluster with the most accounts: its target and members
  const sizes = await book.clusterRows.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-accounts'))));
  await book.openCluster(sizes.indexOf(Math.max(...sizes)));
  const cluster = new ClusterPage(page);
  await expect(cluster.title).toBeVisible();
  await expect(app.nav('cluster')).toHaveAttribute('aria-current', 'page');
  await expect(cluster.targetRows.first()).toBeVisible();
  await expect(cluster.dispersion).toBeVisible();
  await expect(cluster.memberRows.first()).toBeVisible();
  await saveScreen('book-2-cluster', page);

  // an account: whole shares against the target
  await cluster.openMember(0);
  const account = new AccountPage(page);
  await expect(account.title).toBeVisible();
  await expect(account.holdingRows.first()).toBeVisible();
  const shares = await account.shares();
  expect(shares.length).toBeGreaterThan(0);
  expect(shares.every((s) => Number.isInteger(s) && s >= 0)).toBe(true);
  expect(shares.some((s) => s > 0)).toBe(true);
  await saveScreen('book-3-account', page);

  // the frontier: tracking error against account size, the minimum marked
  await app.go('frontier');
  const frontier = new FrontierPage(page);
  await frontier.fill({ useCase: 'index-tracking', teTargetPercent: '1', fractional: true });
  await frontier.run.click();
  await expect(frontier.chart).toBeVisible({ timeout: 180_000 });
  await expect(frontier.chart.locator('.recharts-line')).toHaveCount(2);
  const minimum = Number(await frontier.minimum.getAttribute('data-value'));
  expect(minimum).toBeGreaterThan(0);
  await expect(frontier.chart.locator('.recharts-reference-dot')).toHaveCount(1);
  await saveScreen('book-4-frontier', page);
});
