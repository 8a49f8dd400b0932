// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../api/client.ts';
import { createAppStore } from '../../state/store.ts';
import { StoreContext } from '../../state/useApp.ts';
import { runsCore } from './runsCoreFixture.ts';
import { RunsScreen } from './RunsScreen.tsx';

function renderRuns(stored?: (runs: ReturnType<typeof runsCore>['runs']) => void) {
  const { core, runs } = runsCore();
  stored?.(runs);
  const store = createAppStore(createClient(core.transport(), { pollMs: 60_000 }));
  render(
    <StoreContext.Provider value={store}>
      <RunsScreen />
    </StoreContext.Provider>,
  );
  return { core, runs, store };
}

const rowIds = () => within(screen.getByTestId('runs-table')).getAllByRole('row').slice(1).map((r) => r.dataset.run);
const figures = () => screen.getAllByTestId('run-waterfall').map((f) => f.dataset.run);

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('the Runs screen', () => {
  it('lists the stored runs in a table and shows the newest’s waterfall', async () => {
    renderRuns();
    await waitFor(() => expect(rowIds()).toEqual(['9', '8', '7']));
    const table = screen.getByRole('table', { name: 'Stored runs, newest first' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Run', 'Created (UTC)', 'Kind', 'Status', 'Universe', 'Use case', 'Solver', 'Duration']);
    const cells = [...screen.getByTestId('runs-row-8').children].map((c) => c.textContent);
    expect(cells).toEqual(['#8', '2026-04-09 09:00:00', 'optimize', 'infeasible', 'sp500', 'index-tracking', 'highs', '300 ms']);
    await waitFor(() => expect(figures()).toEqual(['9']));
    expect(screen.getByTestId('runs-run-id').textContent).toBe('9');
    expect(within(screen.getByTestId('runs-row-9')).getByRole('button', { name: 'Run 9' }).getAttribute('aria-current')).toBe('true');
    expect(screen.getAllByTestId('waterfall-bar')).toHaveLength(8);
  });

  it('filters by kind, status, universe and date', async () => {
    const { core } = renderRuns();
    await waitFor(() => expect(rowIds()).toEqual(['9', '8', '7']));
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'optimize' } });
    await waitFor(() => expect(rowIds()).toEqual(['8', '7']));
    expect(core.callsOf('runs/list').at(-1)).toEqual({ limit: 200, kind: 'optimize' });
    // the statuses and universes offered are those of the runs listed
    const options = (label: string) => [...(screen.getByLabelText(label) as HTMLSelectElement).options].map((o) => o.value);
    expect(options('Status')).toEqual(['', 'done', 'infeasible', 'optimal']);
    expect(options('Universe')).toEqual(['', 'demo', 'sp500']);
    fireEvent.change(screen.getByLabelText('Universe'), { target: { value: 'demo' } });
    await waitFor(() => expect(rowIds()).toEqual(['7']));
    fireEvent.change(screen.getByLabelText('Since'), { target: { value: '2026-04-09' } });
    await waitFor(() => expect(screen.getByTestId('empty-state').textContent).toBe('No stored run matches these filters.'));
    expect(core.callsOf('runs/list').at(-1)).toEqual({ limit: 200, kind: 'optimize', universe: 'demo', since: '2026-04-09' });
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Universe'), { target: { value: '' } });
    await waitFor(() => expect(rowIds()).toEqual(['9', '8']));
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(core.callsOf('runs/list').at(-1)).toEqual({ limit: 200, since: '2026-04-09' }));
  });

  it('draws a second run beside the first on one axis, and diffs them', async () => {
    renderRuns();
    await waitFor(() => expect(figures()).toEqual(['9']));
    fireEvent.click(within(screen.getByTestId('runs-row-7')).getByRole('button', { name: 'Run 7' }));
    await waitFor(() => expect(figures()).toEqual(['7']));
    fireEvent.change(screen.getByTestId('runs-second'), { target: { value: '9' } });
    await waitFor(() => expect(figures()).toEqual(['7', '9']));
    expect(screen.getByTestId('runs-row-9').textContent).toContain('beside');
    // one axis: both figures have the batch's 2.1 s ticks
    const ticks = (i: number) => within(screen.getAllByTestId('run-waterfall')[i]!).getAllByTestId('time-tick').map((t) => t.dataset.ms);
    expect(ticks(0)).toEqual(ticks(1));
    expect(ticks(0).at(-1)).toBe('2000');

    const diff = await screen.findByTestId('runs-diff');
    const stageRows = within(diff).getAllByTestId('diff-stage-row').map((r) => [...r.children].map((c) => c.textContent));
    expect(stageRows).toEqual([
      ['load', '100 ms', '200 ms', '+100 ms'],
      ['solve', '800 ms', '—', '—'],
      ['mip', '700 ms', '—', '—'],
      ['optimize', '—', '1.80 s', '—'],
      ['persist', '50 ms', '20 ms', '−30 ms'],
    ]);
    expect(within(diff).getAllByTestId('diff-stage-row')[0]!.lastElementChild!.className).toContain('slower');
    expect(within(diff).getAllByTestId('diff-field-row').map((r) => [...r.children].map((c) => c.textContent))).toEqual([
      ['kind', 'optimize', 'batch'],
      ['options.timeLimit', '10', '0.5'],
    ]);
    // no other run: one waterfall, no diff
    fireEvent.change(screen.getByTestId('runs-second'), { target: { value: '' } });
    await waitFor(() => expect(figures()).toEqual(['7']));
    expect(screen.queryByTestId('runs-diff')).toBeNull();
  });

  it('saves the waterfall as an SVG file the core wrote', async () => {
    const { core } = renderRuns();
    await waitFor(() => expect(figures()).toEqual(['9']));
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:waterfall';
    });
    URL.revokeObjectURL = vi.fn();
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save SVG' }));
    await waitFor(() => expect(names).toEqual(['waterfall-run-9.svg']));
    expect(core.callsOf('runs/waterfall')).toEqual([{ id: 9, format: 'svg' }]);
    expect(blobs[0]!.type).toBe('image/svg+xml;charset=utf-8');
    expect(await blobs[0]!.text()).toMatch(/^<svg /);
    expect(screen.getByTestId('runs-save-status').textContent).toBe('Saved waterfall-run-9.svg.');
  });

  it('deletes a run only once the question is answered yes', async () => {
    const { core } = renderRuns();
    await waitFor(() => expect(figures()).toEqual(['9']));
    fireEvent.click(within(screen.getByTestId('runs-row-8')).getByRole('button', { name: 'Run 8' }));
    await waitFor(() => expect(screen.getByTestId('runs-run-id').textContent).toBe('8'));
    fireEvent.click(screen.getByRole('button', { name: 'Delete run' }));
    const question = screen.getByRole('alertdialog');
    expect(question.textContent).toContain('Delete run 8');
    expect(document.activeElement).toBe(within(question).getByRole('button', { name: 'Delete run 8' }));
    fireEvent.click(within(question).getByRole('button', { name: 'Keep it' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(core.callsOf('runs/delete')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Delete run' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete run 8' }));
    await waitFor(() => expect(rowIds()).toEqual(['9', '7']));
    expect(core.callsOf('runs/delete')).toEqual([{ id: 8 }]);
    // the newest left is shown
    await waitFor(() => expect(screen.getByTestId('runs-run-id').textContent).toBe('9'));
  });

  it('says so when no run is stored, and draws nothing', async () => {
    renderRuns((runs) => runs.splice(0));
    await waitFor(() => expect(screen.getByTestId('empty-state').textContent).toMatch(/^No run stored yet/));
    expect(screen.queryByTestId('runs-run')).toBeNull();
  });
});
