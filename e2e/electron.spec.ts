import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron } from '@playwright/test';
import { expect, test } from './fixtures/test.ts';
import { repoRoot } from './fixtures/jessicaServer.ts';

const binary = path.join(repoRoot, 'node_modules', 'electron', 'dist', process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron');
const main = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { main?: string }).main;

test('the desktop app opens on the demo market', async ({ saveScreen }) => {
  const skipReason = !existsSync(binary)
    ? `no Electron binary at ${path.relative(repoRoot, binary)} (its download failed or was skipped at install); the browser spec covers the same renderer`
    : !main || !existsSync(path.join(repoRoot, main))
      ? `package.json "main" (${main ?? 'unset'}) is not built: run \`npm run build\` first`
      : process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
        ? 'no display for an Electron window: run the e2e tests under xvfb-run'
        : null;
  // the list reporter shows a skip without its reason: say it in the run's output too
  if (skipReason) console.warn(`electron spec skipped: ${skipReason}`);
  test.skip(skipReason !== null, skipReason ?? '');
  const home = await mkdtemp(path.join(tmpdir(), 'jessica-e2e-desktop-'));
  const app = await electron.launch({
    executablePath: binary,
    args: ['--no-sandbox', '.'],
    cwd: repoRoot,
    env: { ...process.env, JESSICA_HOME: home } as Record<string, string>,
  });
  try {
    const page = await app.firstWindow();
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.setContentSize(1280, 800));
    await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
    await expect(page.getByText('Desktop', { exact: true })).toBeVisible();
    await expect(page.getByTestId('universe-demo')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('members-table').locator('tbody tr').first()).toBeVisible();
    await saveScreen('9-desktop-data', page);
  } finally {
    await app.close();
    await rm(home, { recursive: true, force: true });
  }
});
