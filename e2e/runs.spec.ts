import { readFile } from 'node:fs/promises';
import { callCore, runJob } from './fixtures/coreCalls.ts';
import { expect, test } from './fixtures/test.ts';
import { AppShell } from './pages/AppShell.ts';
import { RunsPage } from './pages/RunsPage.ts';

test('an analyst finds a batch in the run history, reads its waterfall, sets an optimize run beside it, saves it, and deletes a run', async ({ page, jessica, saveScreen }) => {
  // the store seeded through the core as the page would call it: an optimize run, a demo book and its batch
  const optimized = await runJob(jessica, 'portfolio/optimize', { universe: 'demo', useCase: 'index-tracking', lookback: 60, timeLimit: 2 });
  await callCore(jessica, 'accounts/demo', { count: 60, seed: 7, book: 'runs-e2e' });
  const batch = await runJob(jessica, 'book/batch', { book: 'runs-e2e', universe: 'demo', useCase: 'index-tracking', lookback: 60, timeLimit: 0.5 });
  const [optimizeRun, batchRun] = [optimized.runId, batch.runId];

  const app = new AppShell(page);
  await app.open(jessica.url);
  // from the Book screen's batch straight to its waterfall
  await app.go('book');
  await expect(page.getByTestId('batch-run-select')).toHaveValue(String(batch.runId));
  await page.getByTestId('batch-open-in-runs').click();
  await expect(app.nav('runs')).toHaveAttribute('aria-current', 'page');
  const runs = new RunsPage(page);
  await expect(runs.shownRun).toHaveText(String(batch.runId));
  await expect(runs.row(optimizeRun)).toBeVisible();
  await expect(runs.row(batchRun)).toBeVisible();

  // the kind filter lists the batches only
  await runs.filterKind('batch');
  await expect(runs.row(optimizeRun)).toHaveCount(0);
  expect(await runs.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')))).toEqual(expect.arrayContaining(['batch']));
  expect(new Set(await runs.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind'))))).toEqual(new Set(['batch']));

  // the batch's waterfall: its spans as bars, the cluster solves on the pool's lanes, the CPU and memory under it
  await runs.open(batchRun);
  await expect(runs.shownRun).toHaveText(String(batchRun));
  await expect(runs.bars(batchRun).first()).toBeVisible();
  expect(await runs.bars(batchRun).count()).toBeGreaterThan(5);
  await expect(runs.laneLabels(batchRun).first()).toBeVisible();
  expect(await runs.laneLabels(batchRun).allTextContents()).toContainEqual(expect.stringMatching(/lane \d+/));
  expect(await runs.figure(batchRun).locator('[data-testid="waterfall-bar"][data-lane]').count()).toBeGreaterThan(1);
  await expect(runs.figure(batchRun).getByTestId('resource-track')).toBeVisible();
  await expect(runs.figure(batchRun).locator('[data-testid="resource-line"][data-series="rssMiB"]').first()).toBeAttached();

  // hovering the longest top-level bar shows what it is
  const widest = await runs.bars(batchRun).evaluateAll((rects) => {
    let best = -1;
    let width = -1;
    rects.forEach((r, i) => {
      const w = Number(r.getAttribute('width'));
      if (r.getAttribute('data-depth') === '0' && w > width) [best, width] = [i, w];
    });
    return { index: best, stage: rects[best]?.getAttribute('data-stage') ?? '' };
  });
  expect(widest.index).toBeGreaterThanOrEqual(0);
  await runs.bars(batchRun).nth(widest.index).hover();
  await expect(runs.details).toBeVisible();
  await expect(runs.details).toContainText(`stage${widest.stage}`);
  await expect(runs.details).toContainText('takes');
  await saveScreen('runs-1-batch-waterfall', page);

  // every kind again; the optimize run beside the batch on one time axis, and the two diffed
  await runs.filterKind('');
  await expect(runs.row(optimizeRun)).toBeVisible();
  await runs.second.selectOption(String(optimizeRun));
  await expect(runs.figures).toHaveCount(2);
  expect(await runs.figures.evaluateAll((f) => f.map((x) => Number(x.getAttribute('data-run'))))).toEqual([batchRun, optimizeRun]);
  const ticks = (id: number) => runs.figure(id).getByTestId('time-tick').evaluateAll((t) => t.map((x) => x.getAttribute('data-ms')));
  expect(await ticks(optimizeRun)).toEqual(await ticks(batchRun));
  await expect(runs.bars(optimizeRun).first()).toBeAttached();
  await expect(runs.diff).toBeVisible();
  expect(await runs.diff.getByTestId('diff-stage-row').count()).toBeGreaterThan(0);
  // the batch ran on a book the optimize run did not: its options differ at least
  expect(await runs.diff.getByTestId('diff-field-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field')))).toContainEqual(expect.stringMatching(/^options\./));
  await page.mouse.move(1, 1);
  await saveScreen('runs-2-side-by-side', page);

  // the pair saved as one self-contained SVG
  const [download] = await Promise.all([page.waitForEvent('download'), runs.saveSvg.click()]);
  expect(download.suggestedFilename()).toMatch(/\.svg$/);
  const file = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const svg = await readFile(file, 'utf8');
  expect(svg.startsWith('<svg') || svg.startsWith('<?xml')).toBe(true);
  expect(svg).toContain(`data-run="${optimizeRun}"`);
  expect(svg).toContain(`data-run="${batchRun}"`);

  // the optimize run deleted: gone from the list, and from beside the batch
  await runs.open(optimizeRun);
  await expect(runs.shownRun).toHaveText(String(optimizeRun));
  await runs.delete();
  await expect(runs.row(optimizeRun)).toHaveCount(0);
  await expect(runs.row(batchRun)).toBeVisible();
  await expect(runs.shownRun).not.toHaveText(String(optimizeRun));
  expect((await callCore(jessica, 'runs/list', { limit: 100 })).map((r) => r.id)).not.toContain(optimizeRun);
});
