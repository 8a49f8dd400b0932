import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BenchMatrix, BenchResult, BenchScreen } from '../api/bench.ts';
import type { RunSummary, StoredRun } from '../api/runs.ts';
import { screensBatch } from '../core/bench/screensBatch.ts';
import { createCore, type Core } from '../core/createCore.ts';
import { openServices } from '../core/services.ts';
import { repoRoot } from './testing/runJessica.ts';
import { chromiumScreenTimer } from './screenTimer.ts';

/*
 * The bench's screens rows with the CLI's screen timer, for real: the app built by Vite into this test's own
 * directory (a build elsewhere cannot change it under the test), served over the bridge in this process on a core
 * over a real store, and Debian's Chromium driven by Playwright; the book and its batch on the demo market.
 */
let home: string;
let rendererDir: string;
let core: Core;

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-screen-timer-'));
  rendererDir = path.join(home, 'renderer');
  const vite = await import('vite');
  await vite.build({ configFile: path.join(repoRoot, 'renderer/vite.config.ts'), logLevel: 'warn', build: { outDir: rendererDir, emptyOutDir: true } });
  core = createCore(openServices({ home, highsWorkers: 2, screenTimer: chromiumScreenTimer({ rendererDir }) }));
}, 60_000);

afterAll(async () => {
  await core?.services.close();
  rmSync(home, { recursive: true, force: true });
});

async function call<T>(on: Core, method: string, args: unknown): Promise<T> {
  const envelope = await on.dispatch(method, args);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.value as T;
}

/** One screens workload on a batch of 100 demo accounts (one size band, 0.1 s per model: a few seconds). */
const screens = (screen: BenchScreen[], repeats: number): BenchMatrix => ({
  repeats,
  workloads: [{ kind: 'screens', baseline: { universe: 'demo', accounts: 100 }, factors: { screen }, settings: { timeLimit: 0.1, clusters: 1 } }],
});

describe('the screens rows with the CLI’s screen timer', () => {
  it('time each screen to its rendered content in Chromium: a row each with its median, the calls’ core time and sizes', async () => {
    const result = await call<BenchResult>(core, 'bench/run', { matrix: screens(['book-load', 'book-nav', 'cluster', 'account'], 2) });
    expect(result.rows.map((r) => r.label)).toEqual(['screens · baseline', 'screens · screen=book-nav', 'screens · screen=cluster', 'screens · screen=account']);
    expect(result).toMatchObject({ failed: 0, skipped: 0 });

    const titles = ['Book (page load)', 'Book (from the nav)', 'Cluster', 'Account'];
    // the core method each screen reads its content from
    const reads = ['book/run', 'book/run', 'book/cluster', 'book/account'];
    const [batch] = await call<RunSummary[]>(core, 'runs/list', { kind: 'batch' });
    result.rows.forEach((row, k) => {
      expect(row, row.label).toMatchObject({ kind: 'screens', status: 'ok', reason: null, repeats: 2, runIds: [] });
      expect(row.medianMs!).toBeGreaterThan(0);
      expect(row.minMs!).toBeLessThanOrEqual(row.medianMs!);
      expect(row.medianMs!).toBeLessThanOrEqual(row.maxMs!);
      // every screen read the one batch the setup made, and says what it holds
      const escaped = titles[k]!.replace(/[()]/g, '\\$&');
      expect(row.data).toMatch(new RegExp(`^${escaped} on demo: 100 accounts, \\d+ clusters \\(largest c\\d+: \\d+ accounts, \\d+ target names\\), batch run ${batch!.id}$`));
      expect(row.stageMedianMs[reads[k]!]!).toBeGreaterThan(0);
      expect(row.answer).toMatch(new RegExp(`(^|, )${reads[k]} \\d+\\.\\d (kB|MB)( ×\\d+)?(, .*)?; page JS heap \\d+ MiB$`));
      expect(row.peakRssMiB!).toBeGreaterThan(0);
      expect(row.environment).toMatch(/^Chromium \d+\.[\d.]+ \(headless, 1280×800\)$/);
    });
    // a page load also runs the bundle: the first visit's screen is the slowest to draw
    expect(result.rows[0]!.medianMs!).toBeGreaterThan(result.rows[3]!.medianMs!);

    // each row a span of the bench with its browser, warm-up and timed visits
    const bench = await call<StoredRun>(core, 'runs/show', { id: result.runId });
    const top = bench.spans.filter((s) => s.parent === null);
    expect(top.map((s) => s.name)).toEqual(['setup', ...result.rows.map((r) => r.label)]);
    expect(bench.spans.filter((s) => s.parent === top[3]!.id).map((s) => s.name)).toEqual(['browser', 'warm-up', 'repeat 1', 'repeat 2']);
    const setup = bench.spans.filter((s) => s.parent === top[0]!.id).map((s) => s.name);
    expect(setup).toEqual(['browser', 'demo market', 'book bench-demo-100-individual-s1', 'batch of bench-demo-100-individual-s1 for the screens']);

    // the batch is the store's to reuse: asked again, the same run, and no other batch was stored
    const again = await screensBatch(core.services, { book: 'bench-demo-100-individual-s1', universe: 'demo', accounts: 100, useCase: 'index-tracking', timeLimit: 0.1 });
    expect(again.runId).toBe(batch!.id);
    expect(await call<RunSummary[]>(core, 'runs/list', { kind: 'batch' })).toHaveLength(1);
  }, 90_000);

  it('fails a row whose screen does not render in time, saying which and why; the bench goes on', async () => {
    // the same store (its book and batch reused), a timer that waits 1 ms for a screen
    const impatient = createCore(openServices({ home, highsWorkers: 1, screenTimer: chromiumScreenTimer({ rendererDir, renderTimeoutMs: 1 }) }));
    try {
      const result = await call<BenchResult>(impatient, 'bench/run', { matrix: screens(['book-load'], 1) });
      const [row] = result.rows;
      expect(row).toMatchObject({ status: 'failed', repeats: 0, medianMs: null });
      expect(row!.reason).toMatch(/^the Book \(page load\) screen: .*not rendered within 1 ms/);
      expect(result.failed).toBe(1);
      expect(await call<RunSummary[]>(impatient, 'runs/list', { kind: 'batch' })).toHaveLength(1);
    } finally {
      await impatient.services.close();
    }
  }, 60_000);
});
