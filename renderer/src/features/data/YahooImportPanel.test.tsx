// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { UniverseSummary } from '../../../../api/domain.ts';
import { dataYahooArgs } from '../../../../api/methods.ts';
import type { YahooImportSummary } from '../../../../api/yahoo.ts';
import { createClient } from '../../api/client.ts';
import { ScriptedCore } from '../../api/scriptedCore.ts';
import { createAppStore } from '../../state/store.ts';
import { StoreContext } from '../../state/useApp.ts';
import { DataScreen } from './DataScreen.tsx';

const universe = (name: string): UniverseSummary => ({
  name,
  members: 3,
  tickersWithPrices: 3,
  firstDate: '2024-01-02',
  lastDate: '2026-04-09',
  tradingDays: 570,
  priceRows: 1710,
  hasIndex: false,
});

/** The Data screen over a core whose store holds `demo`, and `mega` too once an import put it there. */
function renderDataScreen() {
  const core = new ScriptedCore();
  const stored = [universe('demo')];
  core
    .answer('data/list', () => ({ ok: true, value: [...stored] }))
    .answer('data/members', (a) => ({ ok: true, value: { universe: a.universe, asOf: '2026-04-09', members: [], sectors: [] } }))
    .answer('data/series', (a) => ({ ok: true, value: { universe: a.universe, dates: [], index: null, prices: {} } }));
  const store = createAppStore(createClient(core.transport(), { pollMs: 60_000 }));
  render(
    <StoreContext.Provider value={store}>
      <DataScreen />
    </StoreContext.Provider>,
  );
  const panel = screen.getByRole('region', { name: 'Yahoo Finance' });
  return { core, store, panel, stored };
}

function fill(panel: HTMLElement, label: string, value: string): void {
  fireEvent.change(within(panel).getByLabelText(label), { target: { value } });
}

function choose(panel: HTMLElement, source: string): void {
  fireEvent.click(within(panel).getByRole('radio', { name: source }));
}

const partial: YahooImportSummary = {
  universe: 'mega',
  source: '--tickers',
  requested: 4,
  updated: 2,
  upToDate: 0,
  readjusted: 1,
  failed: [
    { ticker: 'ZZZZ', reason: 'no data found, symbol may be delisted' },
    { ticker: 'BRK-B', reason: 'HTTP 429 after 5 tries' },
  ],
  rows: 1234,
  skippedDays: 0,
  index: null,
  indexRows: 0,
  leftOut: 0,
  quotes: 2,
  firstDate: '2021-04-12',
  lastDate: '2026-04-09',
  partial: true,
  seconds: 3.2,
  warnings: [],
};

afterEach(cleanup);

describe('the Yahoo Finance panel', () => {
  it.each([
    ['iShares holdings file (IVV, IWM)', { holdingsFile: 'sp500/IVV_holdings.csv' }],
    ['Constituents file', { constituentsFile: 'sp500/constituents.csv' }],
    ['Ticker list', { tickers: ['AAPL', 'MSFT', 'BRK-B'] }],
  ])('sends exactly the chosen source (%s), whatever the other sources hold', async (source, expected) => {
    const { core, panel } = renderDataScreen();
    fill(panel, 'Universe name', 'mega');
    // every source gets text; only the one chosen last may be sent
    choose(panel, 'iShares holdings file (IVV, IWM)');
    fill(panel, 'Holdings file path', 'sp500/IVV_holdings.csv');
    choose(panel, 'Constituents file');
    fill(panel, 'Constituents file path', 'sp500/constituents.csv');
    choose(panel, 'Ticker list');
    fill(panel, 'Tickers', 'AAPL, MSFT\nMSFT  BRK-B,');
    choose(panel, source);
    fill(panel, 'From date (optional)', '2021-04-12');
    fireEvent.click(within(panel).getByRole('button', { name: 'Import from Yahoo' }));

    await waitFor(() => expect(core.started()).toHaveLength(1));
    const [{ method, args }] = core.started() as [{ method: string; args: Record<string, unknown> }];
    expect(method).toBe('data/yahoo');
    expect(args).toEqual({ universe: 'mega', ...expected, from: '2021-04-12' });
    // the contract's own schema takes it (exactly one of holdingsFile, constituentsFile, tickers)
    expect(dataYahooArgs.safeParse(args).success).toBe(true);
  });

  it('refuses an empty ticker list on its field before anything is sent', async () => {
    const { core, panel } = renderDataScreen();
    fill(panel, 'Universe name', 'mega');
    choose(panel, 'Ticker list');
    fill(panel, 'Tickers', ' , ;\n');
    fireEvent.submit(within(panel).getByTestId('yahoo-form'));
    const error = await within(panel).findByTestId('error-notice');
    expect(error.textContent).toContain('tickers: give at least one ticker');
    expect(within(panel).getByLabelText('Tickers').getAttribute('aria-invalid')).toBe('true');
    expect(core.started()).toHaveLength(0);
  });

  it('follows the job, then shows a partial import as partial with every failed ticker and its reason, and lists the new universe', async () => {
    const { core, panel, stored } = renderDataScreen();
    await screen.findByTestId('universe-demo');
    fill(panel, 'Universe name', 'mega');
    choose(panel, 'Ticker list');
    fill(panel, 'Tickers', 'AAPL MSFT ZZZZ BRK-B');
    fireEvent.click(within(panel).getByRole('button', { name: 'Import from Yahoo' }));
    await waitFor(() => expect(core.jobs.size).toBe(1));
    const jobId = core.lastJobId();

    core.progress(jobId, { stage: 'fetch', fraction: 0.5, message: '2 of 4 tickers' });
    expect(await within(panel).findByText('fetch: 2 of 4 tickers')).toBeTruthy();
    expect(within(panel).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');
    expect((within(panel).getByRole('button', { name: 'Importing…' }) as HTMLButtonElement).disabled).toBe(true);

    stored.push(universe('mega'));
    core.finish(jobId, { ok: true, value: partial });
    const summary = await within(panel).findByTestId('yahoo-summary');
    expect(summary.dataset.partial).toBe('true');
    expect(within(summary).getByTestId('yahoo-outcome').textContent).toContain('Partial import: 2 of 4 tickers failed');
    // not announced as a success
    expect(within(panel).queryByText('Yahoo import finished.')).toBeNull();
    expect(within(summary).getByTestId('yahoo-count-requested').textContent).toBe('4');
    expect(within(summary).getByTestId('yahoo-count-updated').textContent).toBe('2');
    expect(within(summary).getByTestId('yahoo-count-up-to-date').textContent).toBe('0');
    expect(within(summary).getByTestId('yahoo-count-readjusted').textContent).toBe('1');
    expect(within(summary).getByTestId('yahoo-count-failed').textContent).toBe('2');
    const failedRows = [...within(summary).getByTestId('yahoo-failed-tickers').querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(failedRows).toEqual(partial.failed.map((f) => [f.ticker, f.reason]));
    expect(summary.textContent).toContain('1,234 price rows');
    expect(summary.textContent).toContain('2021-04-12 – 2026-04-09');

    // the universe list was read again and holds the import, which is selected
    expect(await screen.findByTestId('universe-mega')).toBeTruthy();
    expect(core.callsOf('data/list').length).toBeGreaterThanOrEqual(2);
    await waitFor(() => expect(screen.getByTestId('universe-mega').getAttribute('aria-pressed')).toBe('true'));
  });

  it('shows a complete import as a success', async () => {
    const { core, panel } = renderDataScreen();
    fill(panel, 'Universe name', 'mega');
    fill(panel, 'Holdings file path', 'sp500/IVV_holdings.csv');
    fireEvent.click(within(panel).getByRole('button', { name: 'Import from Yahoo' }));
    await waitFor(() => expect(core.jobs.size).toBe(1));
    core.finish(core.lastJobId(), { ok: true, value: { ...partial, failed: [], partial: false, updated: 3 } });
    const summary = await within(panel).findByTestId('yahoo-summary');
    expect(summary.dataset.partial).toBe('false');
    expect(within(summary).getByTestId('yahoo-outcome').textContent).toContain('every ticker asked for is up to date');
    expect(within(summary).queryByTestId('yahoo-failed-tickers')).toBeNull();
  });

  it('shows a failed import as its one-line error, reads the universes again, and lists no new universe', async () => {
    const { core, panel } = renderDataScreen();
    await screen.findByTestId('universe-demo');
    fill(panel, 'Universe name', 'mega');
    choose(panel, 'Ticker list');
    fill(panel, 'Tickers', 'AAPL');
    fireEvent.click(within(panel).getByRole('button', { name: 'Import from Yahoo' }));
    await waitFor(() => expect(core.jobs.size).toBe(1));
    const message = 'Yahoo Finance is unreachable (query1.finance.yahoo.com: getaddrinfo ENOTFOUND): nothing was written';
    core.finish(core.lastJobId(), { ok: false, error: { code: 'internal', message } });
    const error = await within(panel).findByTestId('error-notice');
    expect(within(error).getByText(message)).toBeTruthy();
    expect(within(panel).getByTestId('job-progress').dataset.state).toBe('failed');
    await waitFor(() => expect(core.callsOf('data/list')).toHaveLength(2));
    expect(screen.queryByTestId('universe-mega')).toBeNull();
    expect(within(panel).queryByTestId('yahoo-summary')).toBeNull();
  });

  it('cancels a running import', async () => {
    const { core, panel } = renderDataScreen();
    fill(panel, 'Universe name', 'mega');
    fill(panel, 'Holdings file path', 'sp500/IVV_holdings.csv');
    fireEvent.click(within(panel).getByRole('button', { name: 'Import from Yahoo' }));
    await waitFor(() => expect(core.jobs.size).toBe(1));
    fireEvent.click(await within(panel).findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(within(panel).getByTestId('job-progress').dataset.state).toBe('cancelled'));
    expect(core.callsOf('jobs/cancel')).toEqual([{ jobId: core.lastJobId() }]);
  });
});
