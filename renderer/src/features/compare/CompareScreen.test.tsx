// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { solversCompareArgs } from '../../../../api/methods.ts';
import type { SolverAvailability } from '../../../../api/solvers.ts';
import { createClient } from '../../api/client.ts';
import { ScriptedCore } from '../../api/scriptedCore.ts';
import { createAppStore } from '../../state/store.ts';
import { StoreContext } from '../../state/useApp.ts';
import { CompareScreen } from './CompareScreen.tsx';
import { compareEntry, compareResult } from './compareFixture.ts';

const solver = (id: SolverAvailability['id'], name: string, over: Partial<SolverAvailability> = {}): SolverAvailability => ({
  id,
  name,
  available: true,
  version: '1.0',
  path: `/usr/bin/${id}`,
  licence: { state: 'not-needed', words: null },
  features: ['LP', 'MILP', 'mip-start', 'time-limit', 'gap'],
  reason: null,
  ...over,
});

const gurobiMissing = 'Gurobi is not installed: gurobi_cl is not on the PATH (install Gurobi and put its bin folder on the PATH)';

/** The Compare screen over a core whose machine has HiGHS and CBC, and no Gurobi. */
function renderCompare() {
  const core = new ScriptedCore();
  core
    .answer('data/list', () => ({
      ok: true,
      value: [{ name: 'demo', members: 504, tickersWithPrices: 504, firstDate: '2022-12-08', lastDate: '2025-12-31', tradingDays: 800, priceRows: 400_641, hasIndex: true }],
    }))
    .answer('solvers/list', () => ({
      ok: true,
      value: [
        solver('highs', 'HiGHS', { version: '1.11.0', path: 'highs (npm)' }),
        solver('cbc', 'CBC', { version: '2.10.8' }),
        solver('gurobi', 'Gurobi', { available: false, version: null, path: null, licence: { state: 'unknown', words: null }, reason: gurobiMissing }),
      ],
    }));
  const store = createAppStore(createClient(core.transport(), { pollMs: 60_000 }));
  render(
    <StoreContext.Provider value={store}>
      <CompareScreen />
    </StoreContext.Provider>,
  );
  return { core, store };
}

const box = (id: string) => within(screen.getByTestId(`compare-solver-${id}`)).getByRole('checkbox') as HTMLInputElement;
const rowStates = () => screen.getAllByTestId('solver-run').map((r) => `${r.dataset.solver}/${r.dataset.start}=${r.dataset.state}`);

async function startComparison(core: ScriptedCore): Promise<string> {
  await waitFor(() => expect(box('cbc').checked).toBe(true));
  await waitFor(() => expect((screen.getByTestId('compare-universe') as HTMLSelectElement).value).toBe('demo'));
  fireEvent.change(screen.getByLabelText('Max names'), { target: { value: '15' } });
  fireEvent.change(screen.getByLabelText('Time limit (s)'), { target: { value: '3' } });
  fireEvent.click(screen.getByTestId('compare-no-start'));
  fireEvent.click(screen.getByRole('button', { name: 'Compare' }));
  await waitFor(() => expect(core.jobs.size).toBe(1));
  return core.lastJobId();
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('the Compare screen', () => {
  it('offers the solvers this machine has and says why Gurobi cannot be chosen', async () => {
    renderCompare();
    await waitFor(() => expect(box('highs').checked).toBe(true));
    expect(box('cbc').checked).toBe(true);
    expect(box('gurobi').checked).toBe(false);
    expect(box('gurobi').disabled).toBe(true);
    expect(screen.getByTestId('compare-solver-gurobi-about').textContent).toBe(gurobiMissing);
    // the reason is the box's description, so a screen reader says it with the box
    expect(box('gurobi').getAttribute('aria-describedby')).toBe('solver-gurobi-about');
    fireEvent.click(box('highs'));
    fireEvent.click(box('cbc'));
    expect((screen.getByRole('button', { name: 'Compare' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('starts solvers/compare with both starts, then follows each solve from waiting to running to done', async () => {
    const { core } = renderCompare();
    const jobId = await startComparison(core);
    const [{ method, args }] = core.started() as [{ method: string; args: Record<string, unknown> }];
    expect(method).toBe('solvers/compare');
    expect(args).toEqual({ universe: 'demo', useCase: 'index-tracking', lookback: 252, maxNames: 15, timeLimit: 3, solvers: ['highs', 'cbc'], starts: ['heuristic', 'none'] });
    expect(solversCompareArgs.safeParse(args).success).toBe(true);
    expect(rowStates()).toEqual(['highs/heuristic=waiting', 'highs/none=waiting', 'cbc/heuristic=waiting', 'cbc/none=waiting']);

    core.progress(jobId, { stage: 'assemble', fraction: 0.1, message: 'assembling the model' });
    core.progress(jobId, { stage: 'solve', fraction: null, message: 'solving with each solver' });
    core.progress(jobId, { stage: 'solve:highs', fraction: 0, message: 'highs: solving' });
    core.progress(jobId, { stage: 'solve:cbc-no-start', fraction: 0, message: 'cbc (no start): solving' });
    await waitFor(() => expect(rowStates()).toEqual(['highs/heuristic=running', 'highs/none=waiting', 'cbc/heuristic=waiting', 'cbc/none=running']));
    core.progress(jobId, { stage: 'solve:highs', fraction: 0.25, message: 'highs: optimal 0.000746 in 1.20 s' });
    await waitFor(() => expect(rowStates()[0]).toBe('highs/heuristic=done'));
    const highsRow = screen.getAllByTestId('solver-run')[0]!;
    expect(highsRow.textContent).toContain('highs: optimal 0.000746 in 1.20 s');
    // the stage list keeps to the stages before the solves; the solves have their rows
    const stages = within(screen.getByTestId('job-progress')).getByRole('list', { name: 'Stages' });
    expect(within(stages).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['assemble', 'solve', 'load', 'returns', 'start', 'agree', 'persist']);
  });

  it('shows the result: disagreement as an alert first, the table, the start, the schedule, the warnings and two portfolios’ differences', async () => {
    const { core } = renderCompare();
    const jobId = await startComparison(core);
    const result = compareResult({
      schedule: { concurrency: 1, cores: 2, words: 'in turn: one solve at a time (2 cores, each solve uses 2 threads)' },
      entries: [
        compareEntry({ solver: 'highs', start: 'heuristic', objective: 7.4e-4, holdings: [{ ticker: 'AAPL', weight: 0.5, shares: null }, { ticker: 'MSFT', weight: 0.5, shares: null }] }),
        compareEntry({
          solver: 'highs',
          start: 'none',
          status: 'time-limit',
          objective: 9.1e-4,
          gap: 0.12,
          holdings: [{ ticker: 'AAPL', weight: 0.45, shares: null }, { ticker: 'NVDA', weight: 0.55, shares: null }],
          progress: [
            { atSec: 0.5, incumbent: 1e-3, bound: 5e-4, gap: 0.5 },
            { atSec: 2.9, incumbent: 9.1e-4, bound: 8e-4, gap: 0.12 },
          ],
        }),
        compareEntry({ solver: 'cbc', start: 'heuristic', objective: 7.6e-4 }),
        compareEntry({ solver: 'cbc', start: 'none', status: 'time-limit', objective: null, bound: 2e-4, gap: null, trackingError: null, names: null, holdings: [] }),
      ],
      agreement: {
        tolerance: 1e-6,
        compared: 2,
        disagreements: [
          { a: 'highs', b: 'cbc', objectiveA: 7.4e-4, objectiveB: 7.6e-4, difference: 2e-5, tolerance: 1e-6, message: 'HiGHS and CBC both proved optimality 2e-5 apart' },
        ],
      },
      warnings: ['3 tickers lack a price on every date of the lookback and are left out'],
    });
    core.finish(jobId, { ok: true, value: result });

    const alert = await screen.findByTestId('compare-disagreements');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('HiGHS and CBC both proved optimality 2e-5 apart');
    // loud and first: before the form and the table
    expect(alert.compareDocumentPosition(screen.getByTestId('compare-form')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();

    const rows = screen.getAllByTestId('comparison-row');
    expect(rows.map((r) => [r.dataset.solver, r.dataset.start, r.dataset.status])).toEqual([
      ['highs', 'heuristic', 'optimal'],
      ['highs', 'none', 'time-limit'],
      ['cbc', 'heuristic', 'optimal'],
      ['cbc', 'none', 'time-limit'],
    ]);
    const cells = (row: HTMLElement) => [...row.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells(rows[1]!)).toEqual(['no start', 'time-limit', '0.00091', '0.00074', '12.00%', '1.20', '14', '950', '1.87%', '3']);
    expect(cells(rows[3]!).slice(2)).toEqual(['—', '0.0002', '—', '1.20', '14', '950', '—', '—']);
    expect(screen.getByTestId('compare-schedule').textContent).toBe(result.schedule.words);
    expect(screen.getByTestId('compare-start').textContent).toBe('kernel search: objective 0.000746, found in 0.80 s');
    expect(screen.getByTestId('compare-warnings').textContent).toContain('3 tickers lack a price');
    expect(screen.queryByTestId('no-gap-series')).toBeNull();
    expect(rowStates()).toEqual(['highs/heuristic=done', 'highs/none=done', 'cbc/heuristic=done', 'cbc/none=done']);

    // the first two runs by default: HiGHS from the start holds MSFT, HiGHS without it NVDA
    expect((screen.getByTestId('diff-a') as HTMLSelectElement).value).toBe('highs/heuristic');
    expect((screen.getByTestId('diff-b') as HTMLSelectElement).value).toBe('highs/none');
    expect(screen.getByTestId('only-a').textContent).toBe('MSFT');
    expect(screen.getByTestId('only-b').textContent).toBe('NVDA');
    const diffRows = () => screen.getAllByTestId('difference-row').map((r) => [...r.children].map((c) => c.textContent));
    expect(diffRows()).toEqual([
      ['NVDA', '0.00%', '55.00%', '-55.00 pp'],
      ['MSFT', '50.00%', '0.00%', '+50.00 pp'],
      ['AAPL', '50.00%', '45.00%', '+5.00 pp'],
    ]);
    fireEvent.change(screen.getByTestId('diff-b'), { target: { value: 'cbc/heuristic' } });
    expect(screen.getByTestId('only-a').textContent).toBe('none');
    expect(screen.getByTestId('only-b').textContent).toBe('NVDA');
  });

  it('exports the comparison table as comparison-run-N.csv', async () => {
    const { core } = renderCompare();
    const jobId = await startComparison(core);
    core.finish(jobId, { ok: true, value: compareResult({ runId: 9 }) });
    await screen.findByTestId('compare-result');
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => {
      blobs.push(b);
      return 'blob:comparison';
    });
    URL.revokeObjectURL = vi.fn();
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toBe('comparison-run-9.csv');
    });
    fireEvent.click(screen.getByTestId('compare-export'));
    expect(clicked).toHaveBeenCalledTimes(1);
    const text = await blobs[0]!.text();
    expect(text.split('\n').slice(0, 3)).toEqual([
      'solver,start,status,objective,bound,gap,seconds,nodes,iterations,tracking_error,names',
      'highs,heuristic,optimal,0.00074,0.00074,0,1.2,14,950,0.0187,3',
      'cbc,heuristic,optimal,0.00074,0.00074,0,1.2,14,950,0.0187,3',
    ]);
    expect(screen.getByTestId('compare-export-status').textContent).toBe('Saved comparison-run-9.csv.');
  });

  it('cancels a running comparison and marks the solve under way stopped', async () => {
    const { core } = renderCompare();
    const jobId = await startComparison(core);
    core.progress(jobId, { stage: 'solve:highs', fraction: 0.2, message: 'highs: solving' });
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.getByTestId('job-progress').dataset.state).toBe('cancelled'));
    expect(core.callsOf('jobs/cancel')).toEqual([{ jobId }]);
    expect(rowStates()).toEqual(['highs/heuristic=stopped', 'highs/none=not-run', 'cbc/heuristic=not-run', 'cbc/none=not-run']);
    expect(screen.queryByTestId('compare-result')).toBeNull();
  });

  it('refuses a fractional name limit on its field before anything is sent', async () => {
    const { core } = renderCompare();
    await waitFor(() => expect(box('cbc').checked).toBe(true));
    fireEvent.change(screen.getByLabelText('Max names'), { target: { value: '2.5' } });
    fireEvent.submit(screen.getByTestId('compare-form'));
    const error = await screen.findByTestId('error-notice');
    expect(error.textContent).toContain('maxNames: expected a whole number, got "2.5"');
    expect(screen.getByLabelText('Max names').getAttribute('aria-invalid')).toBe('true');
    expect(core.started()).toHaveLength(0);
  });
  it('says why a model got no heuristic start, and files each solver’s one run under “no start”', async () => {
    const { core } = renderCompare();
    const jobId = await startComparison(core);
    core.progress(jobId, { stage: 'solve:highs', fraction: 0, message: 'highs: solving' });
    core.progress(jobId, { stage: 'solve:highs', fraction: 0.5, message: 'highs: optimal 0.00071 in 0.30 s' });
    const noStartReason = 'the model is an LP: the heuristic starts are for MILPs';
    core.finish(jobId, {
      ok: true,
      value: compareResult({
        modelClass: 'LP',
        start: null,
        noStartReason,
        entries: [compareEntry({ solver: 'highs', start: 'none' }), compareEntry({ solver: 'cbc', start: 'none' })],
      }),
    });
    expect((await screen.findByTestId('compare-start')).textContent).toBe(`none: ${noStartReason}`);
    expect(rowStates()).toEqual(['highs/none=done', 'cbc/none=done']);
    expect(screen.getAllByTestId('solver-run')[0]!.textContent).toContain('highs: optimal 0.00071 in 0.30 s');
    expect(screen.queryByTestId('compare-disagreements')).toBeNull();
    expect(screen.getByTestId('compare-agreement').textContent).toBe('all 2 proven optima agree within 1.000e-6');
    // the same portfolio from both: nothing to list
    expect(screen.getByTestId('no-differences')).toBeTruthy();
  });

  it('marks the field the core refused', async () => {
    const { core } = renderCompare();
    const jobId = await startComparison(core);
    core.finish(jobId, { ok: false, error: { code: 'bad-input', message: 'time-limit: must be at most 3600', where: { field: 'args.time-limit' } } });
    expect((await screen.findByTestId('error-notice')).textContent).toContain('time-limit: must be at most 3600');
    expect(screen.getByLabelText('Time limit (s)').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Max names').getAttribute('aria-invalid')).toBeNull();
  });
});
