import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './fixtures/jessicaServer.ts';
import { expect, test } from './fixtures/test.ts';
import { AppShell } from './pages/AppShell.ts';
import { DataPage } from './pages/DataPage.ts';
import { MatrixPage } from './pages/MatrixPage.ts';
import { OptimizePage } from './pages/OptimizePage.ts';
import { PortfolioPage } from './pages/PortfolioPage.ts';
import { readPortfolioCsv } from './portfolioCsvFile.ts';

const MAX_NAMES = 20;
const ACCOUNT_VALUE = 1_000_000;

test('a new user sees the demo market, adds a name limit, optimizes and exports the portfolio', async ({ page, jessica, saveScreen }) => {
  const app = new AppShell(page);
  await app.open(jessica.url);
  // the token leaves the address bar once the page has it
  await expect(page).not.toHaveURL(/token=/);

  // Data: the demo market is there on a fresh data directory
  const data = new DataPage(page);
  await expect(data.universe('demo')).toBeVisible();
  await expect(data.universe('demo')).toHaveAttribute('aria-pressed', 'true');
  await expect(data.memberRows.first()).toBeVisible();
  const members = await data.memberRows.count();
  expect(members).toBeGreaterThan(10);
  await expect(data.sectorChart.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(data.priceChart.locator('.recharts-line').first()).toBeVisible();
  await saveScreen('1-data', page);
  const firstTicker = (await data.memberRows.first().locator('th').textContent())!;
  await data.search.fill(firstTicker);
  await expect(data.memberRows.filter({ hasText: firstTicker }).first()).toBeVisible();
  expect(await data.memberRows.count()).toBeLessThan(members);

  // Matrix: index-tracking is an LP; a name limit makes it a MILP
  await app.go('matrix');
  const matrix = new MatrixPage(page);
  await expect(matrix.grid).toBeVisible();
  await matrix.cell('index-tracking', 'var.weights').focus();
  await expect(matrix.factsUseCase).toHaveText('index-tracking');
  await expect(matrix.modelClass).toHaveText('LP');
  await expect(matrix.cell('index-tracking', 'con.max-names')).toHaveAttribute('aria-pressed', 'false');
  await matrix.press('index-tracking', 'con.max-names');
  // a name limit has no default: the panel asks for it before switching the component on
  await expect(matrix.needsParams).toBeVisible();
  await expect(matrix.param('maxNames')).toBeFocused();
  await expect(matrix.cell('index-tracking', 'con.max-names')).toHaveAttribute('aria-pressed', 'false');
  await saveScreen('2-matrix-needs-params', page);
  await matrix.submitParams({ maxNames: String(MAX_NAMES) });
  await expect(matrix.cell('index-tracking', 'con.max-names')).toHaveAttribute('aria-pressed', 'true');
  // the assembler switches on what con.max-names requires: the selection binaries
  await expect(matrix.cell('index-tracking', 'var.selection')).toHaveAttribute('aria-pressed', 'true');
  await expect(matrix.modelClass).toHaveText('MILP');
  await expect(page.getByTestId('facts-integers')).not.toHaveText('0');
  await saveScreen('3-matrix-milp', page);

  // Optimize: a whole-share account on the demo market, as a job with stages
  await app.go('optimize');
  const optimize = new OptimizePage(page);
  await optimize.fill({ universe: 'demo', useCase: 'index-tracking', accountValue: String(ACCOUNT_VALUE), timeLimit: '3' });
  await optimize.run.click();
  await expect(optimize.progress).toBeVisible();
  // a stage under way (or, on a fast machine, the run already done)
  await expect(optimize.progress.locator('[aria-current="step"]').or(optimize.result)).toBeVisible({ timeout: 60_000 });
  await saveScreen('4-optimize-running', page);
  await expect(optimize.result).toBeVisible({ timeout: 180_000 });
  await expect(optimize.progress.locator('.stage-done', { hasText: 'solve' })).toBeVisible();
  await saveScreen('5-optimize-done', page);

  // Portfolio: the run's holdings, then its CSV
  await optimize.openPortfolio.click();
  const portfolio = new PortfolioPage(page);
  await expect(portfolio.holdingsTable).toBeVisible();
  const holdings = await portfolio.holdings();
  expect(holdings.length).toBeGreaterThan(0);
  expect(holdings.length).toBeLessThanOrEqual(MAX_NAMES);
  await expect(portfolio.names).toHaveText(String(holdings.length));
  await expect(page.getByTestId('sector-active-chart')).toBeVisible();
  await expect(page.getByTestId('waterfall-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
  await saveScreen('6-portfolio', page);
  await page.getByRole('heading', { name: 'Sector active weights' }).evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
  await page.mouse.move(1, 1);
  await saveScreen('7-portfolio-sectors-waterfall', page);

  const [download] = await Promise.all([page.waitForEvent('download'), portfolio.exportButton.click()]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const file = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const csv = await readPortfolioCsv(file);
  expect(csv.header).toEqual(['ticker', 'weight', 'shares', 'price', 'value']);
  const cash = csv.rows.filter((r) => r.ticker === 'CASH');
  const positions = csv.rows.filter((r) => r.ticker !== 'CASH');
  expect(cash).toHaveLength(1);
  // weights with the cash row add up to the whole account
  expect(Math.abs(csv.rows.reduce((s, r) => s + r.weight, 0) - 1)).toBeLessThan(1e-6);
  // whole shares at the close: value = shares · price, weight = value / account value
  for (const r of positions) {
    expect(Number.isInteger(r.shares)).toBe(true);
    expect(Math.abs(r.value! - r.shares! * r.price)).toBeLessThan(0.01);
    expect(Math.abs(r.weight - r.value! / ACCOUNT_VALUE)).toBeLessThan(1e-8);
  }
  // the file holds what the table shows, name for name
  expect(positions.map((r) => r.ticker).sort()).toEqual(holdings.map((h) => h.ticker).sort());
  const tableWeight = new Map(holdings.map((h) => [h.ticker, h.weight]));
  for (const r of positions) expect(Math.abs(r.weight - tableWeight.get(r.ticker)!)).toBeLessThan(1e-8);
  expect(Math.abs(cash[0]!.weight - (await portfolio.cashWeight())!)).toBeLessThan(1e-8);
  await expect(page.getByTestId('export-status')).toContainText(download.suggestedFilename());
});

test('an optimization that cannot start shows the error on its field', async ({ page, jessica, saveScreen }) => {
  const app = new AppShell(page);
  await app.open(jessica.url);
  await app.go('optimize');
  const optimize = new OptimizePage(page);
  await expect(page.getByLabel('Universe')).toHaveValue('demo');
  await optimize.fill({ universe: 'demo', useCase: 'index-tracking', lookback: '1' });
  await optimize.run.click();
  const error = page.getByTestId('error-notice');
  await expect(error).toBeVisible();
  await expect(error).toContainText('lookback');
  await expect(page.getByLabel('Lookback (periods)')).toHaveAttribute('aria-invalid', 'true');
  await saveScreen('8-optimize-error', page);
});

const r2000 = path.join(repoRoot, '..', 'shared', 'data', 'r2000');

test('importing CSV files runs as a job with progress, cancel and errors that name the file', async ({ page, jessica, saveScreen }) => {
  test.skip(!existsSync(r2000), `no market data at ${r2000}`);
  // the page reaches files in the server's workspace only, by relative name
  cpSync(r2000, path.join(jessica.workspace, 'r2000'), { recursive: true });
  const app = new AppShell(page);
  await app.open(jessica.url);
  const data = new DataPage(page);
  await expect(data.universe('demo')).toBeVisible();

  // a price file without a ticker column: the error names the file, its line and the field
  await data.startImport({ universe: 'iwm', prices: 'r2000/iwm_etf_prices.csv' });
  const error = data.importPanel.getByTestId('error-notice');
  await expect(error).toContainText('missing required column ticker');
  await expect(error).toContainText('iwm_etf_prices.csv');
  await expect(error.locator('dt', { hasText: 'field' })).toBeVisible();

  // cancelled while it reads: nothing is imported
  await data.startImport({ universe: 'r2000-cancelled', prices: 'r2000/prices.csv.gz' });
  await expect(data.importProgress).toHaveAttribute('data-state', 'running');
  await data.importPanel.getByRole('button', { name: 'Cancel' }).click();
  await expect(data.importProgress).toHaveAttribute('data-state', 'cancelled', { timeout: 60_000 });
  await expect(data.universe('r2000-cancelled')).toHaveCount(0);

  // the whole Russell 2000 file, with its progress in rows read
  await data.startImport({
    universe: 'r2000',
    prices: 'r2000/prices.csv.gz',
    constituents: 'r2000/constituents.csv',
    index: 'r2000/index.csv',
  });
  await expect(data.importPanel.getByRole('progressbar')).toBeVisible();
  await expect(data.importPanel.getByTestId('job-stage')).toContainText(/rows/, { timeout: 60_000 });
  await saveScreen('0-data-import-running', page);
  await expect(data.importPanel.getByTestId('import-summary')).toContainText('1,964 tickers', { timeout: 120_000 });
  await expect(data.universe('r2000')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('members-universe')).toHaveText('r2000');
  await expect(data.memberRows.first()).toBeVisible();
  await saveScreen('0-data-import-done', page);
});
