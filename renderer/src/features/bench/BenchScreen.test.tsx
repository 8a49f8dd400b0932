// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { benchRunArgs } from '../../../../api/methods.ts';
import type { StoredRun } from '../../../../api/runs.ts';
import { createClient } from '../../api/client.ts';
import { ScriptedCore } from '../../api/scriptedCore.ts';
import { createAppStore } from '../../state/store.ts';
import { StoreContext } from '../../state/useApp.ts';
import { BenchScreen } from './BenchScreen.tsx';
import { benchResult, benchRun } from './benchFixture.ts';

/** The Bench screen over a core that holds the given benches (runs of kind bench), newest first. */
function renderBench(stored: StoredRun[]) {
  const core = new ScriptedCore();
  const runs = [...stored];
  core
    .answer('runs/list', (args) => ({ ok: true, value: args.kind === 'bench' ? runs.map(({ spans: _s, samples: _x, ...summary }) => summary) : [] }))
    .answer('runs/show', (args) => {
      const run = runs.find((r) => r.id === args.id);
      return run ? { ok: true, value: run } : { ok: false, error: { code: 'not-found', message: `no run ${String(args.id)}` } };
    });
  const store = createAppStore(createClient(core.transport(), { pollMs: 60_000 }));
  render(
    <StoreContext.Provider value={store}>
      <BenchScreen />
    </StoreContext.Provider>,
  );
  return { core, store, runs };
}

const rowTexts = () =>
  screen.getAllByTestId('bench-row').map((row) => [...row.querySelectorAll('th, td')].map((cell) => (cell.firstChild?.textContent ?? cell.textContent ?? '').trim()));

afterEach(cleanup);

describe('the Bench screen', () => {
  it('lists the stored benches and shows the newest one: its rows, why one was skipped, its charts and its machine', async () => {
    const { core } = renderBench([benchRun(31, '2026-12-05T13:00:00.000Z'), { ...benchRun(30, '2026-12-04T09:00:00.000Z'), status: 'cancelled', result: { message: 'cancelled by the user' } }]);
    await waitFor(() => expect(screen.getAllByTestId('bench-row')).toHaveLength(3));
    expect(core.callsOf('runs/list')).toEqual([{ kind: 'bench', limit: 100 }]);
    expect(screen.getAllByTestId('bench-run').map((r) => r.dataset.run)).toEqual(['31', '30']);
    expect(screen.getByTestId('bench-chosen').querySelector('h2')!.textContent).toBe('Bench 31');
    expect(rowTexts()).toEqual([
      ['optimize', 'baseline', 'sp500: 504 names × 253 dates to 2021-04-21', '0.912', '0.850–1.204', '412', '3', 'ok', 'highs 1.15.1 (pool of 2 threads)'],
      ['optimize', 'solver=cbc', 'sp500: 504 names × 253 dates to 2021-04-21', '0.640', '0.600–0.700', '412', '3', 'ok', 'cbc 2.10.8'],
      ['optimize', 'store=postgres', '—', '—', '—', '—', '0', 'skipped', '—'],
    ]);
    expect(screen.getByTestId('bench-row-reason').textContent).toMatch(/^no team database is configured/);
    expect(screen.getByTestId('bench-command').textContent).toBe('jessica bench --preset tiny');
    // the charts draw the rows that ran: the skipped one has no time and no memory to draw
    expect(within(screen.getByTestId('bench-time-chart')).getByRole('list').textContent).toBe('baselinesolver');
    expect(screen.getByTestId('bench-memory-chart')).toBeTruthy();
    const environment = screen.getByTestId('bench-environment').textContent!;
    expect(environment).toContain('Intel(R) Xeon(R) Processor, 2 cores (x64)');
    expect(environment).toContain('23.5 GiB');
    expect(environment).toContain('highs 1.15.1, cbc 2.10.8');

    // a bench cancelled before it had rows says so instead of a table
    fireEvent.click(screen.getByRole('button', { name: 'Bench 30' }));
    await waitFor(() => expect(screen.getByTestId('bench-no-result').textContent).toBe('This bench ended cancelled before it had rows: cancelled by the user.'));
    expect(screen.queryByTestId('bench-rows')).toBeNull();
  });

  it('says there is no bench yet, then runs one from a preset and shows it when it ends', async () => {
    const { core, runs } = renderBench([]);
    await waitFor(() => expect(screen.getByTestId('empty-state').textContent).toMatch(/No bench stored yet/));
    fireEvent.change(screen.getByTestId('bench-preset'), { target: { value: 'default' } });
    fireEvent.click(screen.getByTestId('bench-start'));
    await waitFor(() => expect(core.jobs.size).toBe(1));
    expect(core.started()).toEqual([{ method: 'bench/run', args: { preset: 'default' } }]);
    // what the screen sends is what the method takes
    expect(benchRunArgs.safeParse(core.started()[0]!.args).success).toBe(true);
    const jobId = core.lastJobId();
    core.progress(jobId, { stage: 'optimize · baseline', fraction: 0.25, message: 'row 1 of 3: optimize · baseline: run 1 of 3: solving' });
    await waitFor(() => expect(screen.getByTestId('job-stage').textContent).toBe('optimize · baseline: row 1 of 3: optimize · baseline: run 1 of 3: solving'));
    expect((screen.getByTestId('bench-start') as HTMLButtonElement).disabled).toBe(true);

    runs.unshift(benchRun(44));
    core.finish(jobId, { ok: true, value: benchResult(44) });
    await waitFor(() => expect(screen.getByTestId('bench-result').dataset.run).toBe('44'));
    expect(screen.getAllByTestId('bench-run').map((r) => r.dataset.run)).toEqual(['44']);
    expect(screen.getByTestId('job-progress').dataset.state).toBe('done');
  });

  it('cancels a running bench', async () => {
    const { core } = renderBench([]);
    await waitFor(() => expect(screen.getByTestId('empty-state')).toBeTruthy());
    fireEvent.click(screen.getByTestId('bench-start'));
    await waitFor(() => expect(core.jobs.size).toBe(1));
    expect(core.started()[0]!.args).toEqual({ preset: 'tiny' });
    await waitFor(() => expect(screen.getByTestId('job-cancel')).toBeTruthy());
    fireEvent.click(screen.getByTestId('job-cancel'));
    await waitFor(() => expect(screen.getByTestId('job-progress').dataset.state).toBe('cancelled'));
    expect(core.callsOf('jobs/cancel')).toEqual([{ jobId: core.lastJobId() }]);
  });
});
