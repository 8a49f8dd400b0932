import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect, test } from './fixtures/test.ts';
import { AppShell } from './pages/AppShell.ts';
import { ComparePage } from './pages/ComparePage.ts';

const MAX_NAMES = 15;

/** Is this executable on the PATH `jessica serve` inherits from this process? */
function onPath(name: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, name)));
}

test('an analyst compares HiGHS and CBC on one model: a row per solve, the table, the charts, two portfolios side by side, the CSV', async ({ page, jessica, saveScreen }) => {
  const app = new AppShell(page);
  await app.open(jessica.url);
  await app.go('compare');
  const compare = new ComparePage(page);

  // HiGHS (WebAssembly) and CBC (Debian's coinor-cbc) are offered and ticked
  await expect(compare.solver('highs')).toBeChecked();
  await expect(compare.solver('cbc')).toBeChecked();
  await expect(compare.solver('gurobi')).not.toBeChecked();
  if (!onPath('gurobi_cl')) {
    // no Gurobi here: its box cannot be ticked and says why
    await expect(compare.solver('gurobi')).toBeDisabled();
    await expect(compare.solverAbout('gurobi')).toContainText(/gurobi/i);
  }
  await expect(page.getByTestId('compare-solvers').getByTestId('error-notice')).toHaveCount(0);

  // a max-names MILP on the demo market over a short lookback, each solver from the heuristic's start and from nothing
  await compare.fill({ universe: 'demo', useCase: 'index-tracking', lookback: '60', maxNames: String(MAX_NAMES), timeLimit: '5', withoutStart: true });
  await compare.run.click();
  await expect(compare.progress).toBeVisible();
  await expect(compare.solveRows).toHaveCount(4);
  await expect(compare.solveRows.first()).toHaveAttribute('data-state', /running|done/, { timeout: 120_000 });
  await saveScreen('compare-1-running', page);

  await expect(compare.result).toBeVisible({ timeout: 180_000 });
  await expect(compare.progress).toHaveAttribute('data-state', 'done');
  const rows = await compare.rows();
  test.info().annotations.push({ type: 'runs', description: rows.map((r) => `${r.solver}/${r.start} ${r.status} ${r.objective} (${r.names} names)`).join('; ') });
  // with a heuristic start every solver runs from it and from nothing; without one (the heuristic ran out of its
  // share of the time), once each from nothing, and the screen says why
  const startObjective = await page.getByTestId('compare-start').getAttribute('data-objective');
  const expectedRuns = startObjective ? ['highs/heuristic', 'highs/none', 'cbc/heuristic', 'cbc/none'] : ['highs/none', 'cbc/none'];
  if (!startObjective) await expect(page.getByTestId('compare-start')).toContainText(/^none: .+/);
  expect(rows.map((r) => `${r.solver}/${r.start}`)).toEqual(expectedRuns);
  await expect(compare.solveRows).toHaveCount(expectedRuns.length);
  expect(await compare.solveRows.evaluateAll((rs) => rs.map((r) => `${r.getAttribute('data-solver')}/${r.getAttribute('data-start')}=${r.getAttribute('data-state')}`))).toEqual(
    expectedRuns.map((k) => `${k}=done`),
  );
  for (const r of rows) expect(r.status).toMatch(/^(optimal|time-limit)$/);
  // a solver handed the heuristic's point ends there or better: its objective is at most the start's
  for (const r of rows.filter((x) => x.start === 'heuristic')) {
    expect(r.objective).not.toBeNull();
    expect(r.objective!).toBeLessThanOrEqual(Number(startObjective) * (1 + 1e-6));
  }
  for (const r of rows.filter((x) => x.names !== null)) expect(r.names!).toBeLessThanOrEqual(MAX_NAMES);
  await expect(page.getByTestId('compare-schedule')).toHaveText(/solve/);

  // a bar per run for time, one per run with a point for the objective
  await expect(compare.timeChart.locator('.recharts-bar-rectangle')).toHaveCount(rows.length);
  await expect(compare.objectiveChart.locator('.recharts-bar-rectangle')).toHaveCount(rows.filter((r) => r.objective !== null).length);
  await saveScreen('compare-2-result', page);

  // two runs with different objectives hold different portfolios, so their differences list names
  const withPoint = rows.filter((r) => r.objective !== null);
  expect(withPoint.length).toBeGreaterThanOrEqual(2);
  const a = withPoint[0]!;
  const b = withPoint.find((r) => Math.abs(r.objective! - a.objective!) > 1e-6 * Math.max(1e-6, Math.abs(a.objective!)));
  if (b) {
    await compare.choosePair(`${a.solver}/${a.start}`, `${b.solver}/${b.start}`);
    await expect(compare.differenceRows.first()).toBeVisible();
    expect(await compare.differenceRows.count()).toBeLessThanOrEqual(15);
  } else {
    // every run found the same objective: the portfolios may be the same or alternative optima
    await expect(compare.differenceRows.first().or(page.getByTestId('no-differences'))).toBeVisible();
  }
  await page.getByRole('heading', { name: 'Gap over time' }).evaluate((h) => h.scrollIntoView({ block: 'start' }));
  await page.mouse.move(1, 1);
  await saveScreen('compare-3-gap-and-differences', page);

  // the table as comparison.csv's columns, a row per run
  const [download] = await Promise.all([page.waitForEvent('download'), compare.exportButton.click()]);
  expect(download.suggestedFilename()).toMatch(/^comparison-run-\d+\.csv$/);
  const file = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const text = await readFile(file, 'utf8');
  expect(text.split('\n')[0]).toBe('solver,start,status,objective,bound,gap,seconds,nodes,iterations,tracking_error,names');
  const records = parse(text, { columns: true }) as Record<string, string>[];
  expect(records.map((r) => `${r.solver}/${r.start}/${r.status}`)).toEqual(rows.map((r) => `${r.solver}/${r.start}/${r.status}`));
  expect(records.map((r) => (r.objective === '' ? null : Number(r.objective)))).toEqual(rows.map((r) => r.objective));
});
