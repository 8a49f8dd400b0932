import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventPayloads } from '../../../api/events.ts';
import type { Job } from '../../../api/jobs.ts';
import type { YahooImportSummary } from '../../../api/yahoo.ts';
import { createCore } from '../../createCore.ts';
import { Cancelled } from '../../errors.ts';
import { openServices } from '../../services.ts';
import { openDatabase, type Database } from '../../store/database.ts';
import { listRuns } from '../../store/runStore.ts';
import { storeData } from '../../store/testing/storeData.ts';
import {
  countedUniverse,
  priceRows,
  recordedAdjustedCloses,
  sharedIndexCloses,
  sharedRawPrices,
  storedUniverse,
  universeChecksum,
} from './testing/storeChecks.ts';
import { priceRecordingsDir } from './testing/priceRecordings.ts';
import { YahooStandIn } from './testing/yahooStandIn.ts';
import { importFromYahoo, type YahooImportArgs, type YahooImportTuning } from './yahooImport.ts';
import { YahooUnreachable } from './yahooFailures.ts';

// The Yahoo import, with the real yahoo-finance2 calling a stand-in for Yahoo's servers that answers from recorded
// answers (testing/yahooStandIn.ts), into a real SQLite store. What it stores is checked against the shared data the
// recordings were made from (raw prices), the recordings themselves (adjusted closes, quotes) and SQL counts.

const IVV = path.join(import.meta.dirname, 'fixtures', 'IVV_holdings.csv');
const TICKERS = ['AAPL', 'MSFT', 'TSLA', 'BRK-B'];
/** two tickers per batch, so four tickers are two transactions; retries a few milliseconds apart */
const fast: YahooImportTuning = {
  batchSize: 2,
  retry: { retries: 2, minDelayMs: 5, maxDelayMs: 40, maxRetryAfterMs: 5_000 },
  timeouts: { firstMs: 2_000, laterMs: 2_000 },
};
const unix = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 1000;
const dayBefore = (date: string): number => unix(date) - 86_400;

let home: string;
let db: Database;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-yahoo-'));
  db = openDatabase(path.join(home, 'jessica.sqlite'));
});
afterEach(() => {
  if (db.open) db.close();
  fs.rmSync(home, { recursive: true, force: true });
});

function run(standIn: YahooStandIn, args: Partial<YahooImportArgs> = {}, tuning: YahooImportTuning = {}, signal?: AbortSignal): Promise<YahooImportSummary> {
  const base = args.tickers === undefined && args.constituentsFile === undefined ? { holdingsFile: IVV } : {};
  return importFromYahoo({ db, fetch: standIn.fetch }, { universe: 'sp', from: '2020-08-17', ...base, ...args }, signal ? { signal } : {}, { ...fast, ...tuning });
}

/** The trading days of the shared data from `from` to `to`: the days the recordings hold. */
function tradingDays(from: string, to: string): string[] {
  return [...sharedRawPrices().get('AAPL')!.keys()].filter((date) => date >= from && date <= to).sort();
}

function universeChanges(): { seq: number; kind: string }[] {
  return db.prepare("SELECT seq, kind FROM sync_changes WHERE entity = 'universe' AND scope = 'sp' ORDER BY seq").all() as { seq: number; kind: string }[];
}

function revisionsByTicker(): Record<string, [number, number]> {
  const rows = db.prepare('SELECT ticker, min(revision) AS lo, max(revision) AS hi FROM prices WHERE universe = ? GROUP BY ticker').all('sp') as { ticker: string; lo: number; hi: number }[];
  return Object.fromEntries(rows.map((r) => [r.ticker, [r.lo, r.hi]]));
}

/** Within half a cent: raw prices are stored to Yahoo's price hint (cents), the shared data has up to 6 decimals. */
function expectCents(stored: number | null, raw: number, what: string): void {
  expect(Math.abs(stored! - raw), what).toBeLessThanOrEqual(0.005 + 1e-9);
}

describe('a first import of an iShares holdings file', () => {
  it('stores raw prices across the split, Yahoo adjusted closes, members with quotes, the index, true counts and a revision per batch', async () => {
    const standIn = new YahooStandIn({ asOf: '2020-10-30' });
    const summary = await run(standIn);
    const days = tradingDays('2020-08-17', '2020-10-30');
    expect(summary).toMatchObject({
      universe: 'sp',
      source: 'holdings IVV_holdings.csv (IVV, as of 2020-12-31)',
      requested: 4,
      updated: 4,
      upToDate: 0,
      readjusted: 0,
      failed: [],
      rows: 4 * days.length,
      skippedDays: 0,
      index: '^GSPC',
      indexRows: days.length,
      leftOut: 3,
      quotes: 4,
      firstDate: '2020-08-17',
      lastDate: '2020-10-30',
      partial: false,
    });

    // raw prices: the shared data's own, recovered from Yahoo's split-adjusted ones
    const raw = sharedRawPrices();
    for (const ticker of TICKERS) {
      const rows = priceRows(db, 'sp', ticker);
      const adjusted = recordedAdjustedCloses('2020-10-30', ticker);
      expect(rows.map((row) => row.date)).toEqual(days);
      for (const row of rows) {
        const day = raw.get(ticker)!.get(row.date)!;
        expectCents(row.close, day.close, `${ticker} close on ${row.date}`);
        expectCents(row.open, day.open, `${ticker} open on ${row.date}`);
        expectCents(row.high, day.high, `${ticker} high on ${row.date}`);
        expectCents(row.low, day.low, `${ticker} low on ${row.date}`);
        expect(row.volume, `${ticker} volume on ${row.date}`).toBe(day.volume);
        expect(row.adj_close, `${ticker} adj_close on ${row.date}`).toBe(adjusted.get(row.date));
      }
    }
    const close = (ticker: string, date: string): number => priceRows(db, 'sp', ticker).find((row) => row.date === date)!.close;
    // the 4:1 and 5:1 splits of 2020-08-31: the day before trades at the old share's price
    expect([close('AAPL', '2020-08-28'), close('AAPL', '2020-08-31')]).toEqual([499.23, 129.04]);
    expect([close('TSLA', '2020-08-28'), close('TSLA', '2020-08-31')]).toEqual([2213.4, 498.32]);

    const index = db.prepare('SELECT date, close FROM index_closes WHERE universe = ? ORDER BY date').all('sp') as { date: string; close: number }[];
    const gspc = sharedIndexCloses();
    expect(index.map((row) => row.date)).toEqual(days);
    for (const row of index) expectCents(row.close, gspc.get(row.date)!, `^GSPC on ${row.date}`);

    const quotes = JSON.parse(fs.readFileSync(path.join(priceRecordingsDir(), '2020-10-30', 'quote.json'), 'utf8')).response.bodyJson.quoteResponse.result as {
      symbol: string;
      longName: string;
      marketCap: number;
      sharesOutstanding: number;
    }[];
    const members = db.prepare('SELECT ticker, name, sector, industry, market_cap, shares_outstanding, weight FROM universe_members WHERE universe = ? ORDER BY ticker').all('sp');
    const weights: Record<string, number> = { AAPL: 0.0669, MSFT: 0.0529, TSLA: 0.0169, 'BRK-B': 0.0142 };
    const sectors: Record<string, string> = { AAPL: 'Information Technology', MSFT: 'Information Technology', TSLA: 'Consumer Discretionary', 'BRK-B': 'Financials' };
    expect(members).toEqual(
      [...TICKERS].sort().map((ticker) => {
        const quote = quotes.find((q) => q.symbol === ticker)!;
        return {
          ticker,
          name: quote.longName,
          sector: sectors[ticker],
          industry: null,
          market_cap: quote.marketCap,
          shares_outstanding: quote.sharesOutstanding,
          weight: expect.closeTo(weights[ticker]!, 12),
        };
      }),
    );
    expect(db.prepare("SELECT name, sector FROM instruments WHERE ticker = 'BRK-B'").get()).toEqual({ name: 'Berkshire Hathaway Inc.', sector: 'Financials' });

    expect(storedUniverse(db, 'sp')).toEqual(countedUniverse(db, 'sp'));
    expect(db.prepare("SELECT source FROM universes WHERE name = 'sp'").pluck().get()).toBe('yahoo');
    // two batches: the universe's insert, then one update per batch; each batch's rows carry its update's seq
    const changes = universeChanges();
    expect(changes.map((c) => c.kind)).toEqual(['replace', 'update', 'update']);
    expect(revisionsByTicker()).toEqual({
      AAPL: [changes[1]!.seq, changes[1]!.seq],
      MSFT: [changes[1]!.seq, changes[1]!.seq],
      TSLA: [changes[2]!.seq, changes[2]!.seq],
      'BRK-B': [changes[2]!.seq, changes[2]!.seq],
    });
  });
});

describe('a later import into the same universe', () => {
  it('with nothing new, asks only for the last stored day of each ticker and writes nothing', async () => {
    await run(new YahooStandIn({ asOf: '2020-10-30' }));
    const before = universeChecksum(db, 'sp');
    const changes = universeChanges().length;
    const standIn = new YahooStandIn({ asOf: '2020-10-30' });
    const again = await run(standIn);
    expect(again).toMatchObject({ requested: 4, updated: 0, upToDate: 4, readjusted: 0, rows: 0, indexRows: 0, failed: [], firstDate: null, lastDate: null, partial: false });
    const charts = standIn.requests.filter((r) => r.key !== 'quote' && r.key !== 'crumb');
    expect(charts.map((r) => [r.key, r.period1]).sort()).toEqual([...TICKERS, '^GSPC'].sort().map((symbol) => [symbol, dayBefore('2020-10-30')]));
    expect(universeChecksum(db, 'sp')).toEqual(before);
    expect(universeChanges()).toHaveLength(changes);
  });

  it('appends only the new days; a dividend since the last stored day has the whole history fetched again and rewritten', async () => {
    await run(new YahooStandIn({ asOf: '2020-10-30' }));
    const oldRevision = db.prepare('SELECT max(revision) FROM prices').pluck().get() as number;
    const oldTesla = priceRows(db, 'sp', 'TSLA');
    const oldApple = priceRows(db, 'sp', 'AAPL');

    const standIn = new YahooStandIn({ asOf: '2020-11-20' });
    const later = await run(standIn);
    const newDays = tradingDays('2020-10-31', '2020-11-20');
    const allDays = tradingDays('2020-08-17', '2020-11-20');
    // AAPL (dividend 2020-11-06) and MSFT (2020-11-18) whole, TSLA and BRK-B the new days only
    expect(later).toMatchObject({ updated: 2, readjusted: 2, upToDate: 0, failed: [], rows: 2 * allDays.length + 2 * newDays.length, indexRows: newDays.length });
    expect(standIn.charts('AAPL').map((r) => r.period1)).toEqual([dayBefore('2020-10-30'), dayBefore('2020-08-17')]);
    expect(standIn.charts('TSLA').map((r) => r.period1)).toEqual([dayBefore('2020-10-30')]);

    const changes = universeChanges();
    const [first, second] = changes.slice(-2).map((c) => c.seq);
    expect(first).toBeGreaterThan(oldRevision);
    const tesla = priceRows(db, 'sp', 'TSLA');
    expect(tesla.slice(0, oldTesla.length)).toEqual(oldTesla);
    expect(tesla.slice(oldTesla.length).map((row) => [row.date, row.revision])).toEqual(newDays.map((date) => [date, second]));

    const apple = priceRows(db, 'sp', 'AAPL');
    const adjusted = recordedAdjustedCloses('2020-11-20', 'AAPL');
    const raw = sharedRawPrices().get('AAPL')!;
    expect(apple.map((row) => row.date)).toEqual(allDays);
    for (const row of apple) {
      expect(row.revision).toBe(first);
      expect(row.adj_close).toBe(adjusted.get(row.date));
      expectCents(row.close, raw.get(row.date)!.close, `AAPL close on ${row.date}`);
    }
    // the dividend of 2020-11-06 lowered every adjusted close before it
    const september = (rows: typeof apple) => rows.find((row) => row.date === '2020-09-01')!.adj_close;
    expect(september(apple) / september(oldApple)).toBeCloseTo(1 - 0.205 / raw.get('2020-11-05')!.close, 6);
    expect(storedUniverse(db, 'sp')).toEqual(countedUniverse(db, 'sp'));
  });

  it("fetches a ticker's history again when its last stored adjusted close is not Yahoo's any more", async () => {
    await run(new YahooStandIn({ asOf: '2020-10-30' }));
    db.prepare("UPDATE prices SET adj_close = adj_close * 0.99 WHERE universe = 'sp' AND ticker = 'BRK-B' AND date = '2020-10-30'").run();
    const standIn = new YahooStandIn({ asOf: '2020-10-30' });
    const again = await run(standIn);
    expect(again).toMatchObject({ readjusted: 1, upToDate: 3, updated: 0, rows: tradingDays('2020-08-17', '2020-10-30').length });
    expect(standIn.charts('BRK-B').map((r) => r.period1)).toEqual([dayBefore('2020-10-30'), dayBefore('2020-08-17')]);
    const adjusted = recordedAdjustedCloses('2020-10-30', 'BRK-B');
    for (const row of priceRows(db, 'sp', 'BRK-B')) expect(row.adj_close).toBe(adjusted.get(row.date));
  });

  it('a history fetched again that no longer lists a stored day deletes it and records a replace, so the team database drops it too', async () => {
    await run(new YahooStandIn({ asOf: '2020-10-30' }));
    // a day Yahoo does not list (Labor Day), as a bad earlier answer might have left it; and a stale adjusted close to force the re-fetch
    db.prepare("INSERT INTO prices (universe, date, ticker, close, adj_close) VALUES ('sp', '2020-09-07', 'BRK-B', 1, 1)").run();
    db.prepare("UPDATE prices SET adj_close = adj_close * 0.99 WHERE universe = 'sp' AND ticker = 'BRK-B' AND date = '2020-10-30'").run();
    const before = universeChanges().at(-1)!.seq;
    await run(new YahooStandIn({ asOf: '2020-10-30' }));
    expect(db.prepare("SELECT count(*) FROM prices WHERE universe = 'sp' AND ticker = 'BRK-B' AND date = '2020-09-07'").pluck().get()).toBe(0);
    expect(universeChanges().filter((c) => c.seq > before).map((c) => c.kind)).toContain('replace');
    expect(storedUniverse(db, 'sp')).toEqual(countedUniverse(db, 'sp'));
  });
});

describe('Yahoo refusing or failing', () => {
  it('retries HTTP 429 and 5xx with growing waits, at least as long as Retry-After asks', async () => {
    const standIn = new YahooStandIn({ asOf: '2020-10-30' })
      .fail('MSFT', { kind: 'status', status: 429 }, 2)
      .fail('TSLA', { kind: 'status', status: 429, retryAfter: '1' })
      .fail('BRK-B', { kind: 'status', status: 502 });
    const summary = await run(standIn, {}, { retry: { retries: 3, minDelayMs: 40, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 } });
    expect(summary).toMatchObject({ failed: [], partial: false, updated: 4 });
    const msft = standIn.charts('MSFT');
    expect(msft.map((r) => r.outcome)).toEqual([429, 429, 200]);
    // p-retry: 40 ms, then 80 ms, each times a jitter of 1 to 2
    expect(msft[1]!.at - msft[0]!.at).toBeGreaterThanOrEqual(39);
    expect(msft[2]!.at - msft[1]!.at).toBeGreaterThanOrEqual(79);
    const tsla = standIn.charts('TSLA');
    expect(tsla.map((r) => r.outcome)).toEqual([429, 200]);
    expect(tsla[1]!.at - tsla[0]!.at).toBeGreaterThanOrEqual(995);
    expect(standIn.charts('BRK-B').map((r) => r.outcome)).toEqual([502, 200]);
    expect(storedUniverse(db, 'sp')).toEqual(countedUniverse(db, 'sp'));
  });

  it('lists a ticker whose retries ran out as failed, imports the others, and calls the result partial', async () => {
    const standIn = new YahooStandIn({ asOf: '2020-10-30' }).fail('MSFT', { kind: 'status', status: 503 }, Infinity);
    const summary = await run(standIn);
    expect(summary).toMatchObject({ requested: 4, updated: 3, failed: [{ ticker: 'MSFT', reason: 'HTTP 503 after 3 tries' }], partial: true });
    expect(standIn.charts('MSFT')).toHaveLength(3);
    expect(db.prepare("SELECT ticker FROM universe_members WHERE universe = 'sp' ORDER BY ticker").pluck().all()).toEqual(['AAPL', 'BRK-B', 'TSLA']);
    expect(priceRows(db, 'sp', 'MSFT')).toEqual([]);
    expect(storedUniverse(db, 'sp')).toEqual(countedUniverse(db, 'sp'));
  });

  it('lists malformed and unknown answers with their reasons; a day without a close is left out and counted', async () => {
    const standIn = new YahooStandIn({ asOf: '2020-10-30' })
      .fail('AAPL', { kind: 'truncated' })
      .fail('MSFT', { kind: 'shape' })
      .fail('TSLA', { kind: 'mismatch' })
      .fail('BRK-B', { kind: 'nulls', days: [3, 7] })
      .fail('quote', { kind: 'truncated' }, Infinity);
    const summary = await run(standIn, { tickers: [...TICKERS, 'ZZZZ', 'BF.B'] });
    const days = tradingDays('2020-08-17', '2020-10-30');
    expect(summary.failed).toEqual([
      { ticker: 'AAPL', reason: 'the answer is not JSON' },
      { ticker: 'MSFT', reason: "the answer is not in the shape of Yahoo's chart: /meta missing required properties: exchangeTimezoneName, currentTradingPeriod" },
      { ticker: 'TSLA', reason: `the chart is not daily prices: ${days.length - 1} values of close for ${days.length} dates` },
      { ticker: 'ZZZZ', reason: 'Yahoo: No data found, symbol may be delisted' },
      { ticker: 'BF.B', reason: 'Yahoo: No data found, symbol may be delisted (Yahoo writes share classes with a hyphen: BF-B)' },
    ]);
    expect(summary).toMatchObject({ requested: 6, updated: 1, skippedDays: 2, quotes: 0, partial: true, index: null });
    expect(summary.warnings).toEqual([
      "the quotes of 1 ticker (BRK-B) failed: the answer is not JSON; their market caps are as stored",
      '2 days without a close were left out',
    ]);
    expect(priceRows(db, 'sp', 'BRK-B').map((row) => row.date)).toEqual(days.filter((_, k) => k !== 3 && k !== 7));
    expect(db.prepare("SELECT market_cap FROM universe_members WHERE universe = 'sp' AND ticker = 'BRK-B'").pluck().get()).toBeNull();
    expect(storedUniverse(db, 'sp')).toEqual(countedUniverse(db, 'sp'));
  });

  it("leaves out the bar of a session that has not closed, and a later run adds it", async () => {
    const standIn = new YahooStandIn({ asOf: '2020-10-30' }).fail('TSLA', { kind: 'sessionOpen' });
    const first = await run(standIn);
    expect(first.warnings).toContain("today's session had not closed: its prices were left out for 1 ticker (a later run adds them)");
    expect(priceRows(db, 'sp', 'TSLA').at(-1)!.date).toBe('2020-10-29');
    const second = await run(new YahooStandIn({ asOf: '2020-10-30' }));
    expect(second).toMatchObject({ updated: 1, upToDate: 3, rows: 1 });
    expect(priceRows(db, 'sp', 'TSLA').at(-1)!.date).toBe('2020-10-30');
    expect(storedUniverse(db, 'sp')).toEqual(countedUniverse(db, 'sp'));
  });

  it('after Yahoo has answered, a request that hangs or a dropped connection is retried', async () => {
    const standIn = new YahooStandIn({ asOf: '2020-10-30' }).fail('TSLA', { kind: 'hang' }).fail('BRK-B', { kind: 'reset' });
    const summary = await run(standIn, {}, { timeouts: { firstMs: 2_000, laterMs: 150 } });
    expect(summary).toMatchObject({ failed: [], updated: 4 });
    expect(standIn.charts('TSLA').map((r) => r.outcome)).toEqual(['hang', 200]);
    expect(standIn.charts('BRK-B').map((r) => r.outcome)).toEqual(['reset', 200]);
  });
});

describe('no network', () => {
  it('fails at the first request in one line within seconds, and the store is not touched', async () => {
    const before = storeData(db);
    const standIn = new YahooStandIn({ asOf: '2020-10-30', offline: true });
    const started = performance.now();
    const failure = await run(standIn).catch((error: unknown) => error);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(failure).toBeInstanceOf(YahooUnreachable);
    expect((failure as Error).message).toBe('Yahoo Finance is unreachable (getaddrinfo ENOTFOUND query2.finance.yahoo.com): nothing was imported');
    // no retry once the network is known to be down: the first batch's requests only
    expect(standIn.requests.length).toBeLessThanOrEqual(3);
    // nothing but the failed import in the run history
    expect(storeData(db)).toEqual(before);
    expect(listRuns(db)).toMatchObject([{ kind: 'yahoo', status: 'failed', universe: 'sp', result: { message: (failure as Error).message } }]);
    expect(storedUniverse(db, 'sp')).toBeUndefined();
  });

  it('a first request that gets no answer decides it within its short timeout', async () => {
    const standIn = new YahooStandIn({ asOf: '2020-10-30' }).fail('*', { kind: 'hang' }, Infinity);
    const started = performance.now();
    await expect(run(standIn, {}, { timeouts: { firstMs: 300, laterMs: 30_000 } })).rejects.toThrow(
      'Yahoo Finance is unreachable (no answer from query2.finance.yahoo.com within 0.3 s): nothing was imported',
    );
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(storedUniverse(db, 'sp')).toBeUndefined();
  });
});

describe('stopping an import', () => {
  it('a cancel stops the requests at once; the batches committed before it stay, with true counts', async () => {
    const standIn = new YahooStandIn({ asOf: '2020-10-30' });
    const controller = new AbortController();
    let cancelledAt = 0;
    const failure = await run(standIn, {}, {
      onBatchCommitted: ({ number }) => {
        if (number !== 1) return;
        // the second batch's requests hang on: only the cancel ends them
        standIn.delayMs = 60_000;
        setTimeout(() => {
          cancelledAt = performance.now();
          controller.abort();
        }, 50);
      },
    }, controller.signal).catch((error: unknown) => error);
    expect(performance.now() - cancelledAt).toBeLessThan(500);
    expect(failure).toBeInstanceOf(Cancelled);
    expect((failure as Error).message).toBe('the Yahoo import of sp was cancelled after 2 of 4 tickers: they are kept; run it again to fetch the rest');
    expect(db.prepare("SELECT DISTINCT ticker FROM prices WHERE universe = 'sp' ORDER BY ticker").pluck().all()).toEqual(['AAPL', 'MSFT']);
    expect(storedUniverse(db, 'sp')).toEqual(countedUniverse(db, 'sp'));
  });

  it('runs as a job with progress, and a cancelled job ends cancelled without writing its batch', async () => {
    db.close();
    const standIn = new YahooStandIn({ asOf: '2020-10-30' });
    const core = createCore(openServices({ home, highsWorkers: 1, fetch: standIn.fetch }));
    try {
      const finished = (id: string): Promise<Job> =>
        new Promise((resolve) => {
          const off = core.subscribe('jobs/finished', (payload) => {
            const { job } = payload as EventPayloads['jobs/finished'];
            if (job.id !== id) return;
            off();
            resolve(job);
          });
        });
      const fractions: number[] = [];
      const offProgress = core.subscribe('jobs/progress', (payload) => {
        const { progress } = payload as EventPayloads['jobs/progress'];
        if (progress.stage === 'prices') fractions.push(progress.fraction!);
      });
      const started = await core.dispatch('jobs/start', { method: 'data/yahoo', args: { universe: 'sp', holdingsFile: IVV, from: '2020-08-17' } });
      expect(started.ok).toBe(true);
      const done = await finished((started as { value: Job }).value.id);
      offProgress();
      expect(done.state).toBe('done');
      expect(done.outcome).toMatchObject({ ok: true, value: { universe: 'sp', updated: 4, partial: false } });
      expect(fractions).toEqual([0.25, 0.5, 0.75, 1]);

      standIn.asOf = '2020-11-20';
      standIn.delayMs = 60_000;
      const second = await core.dispatch('jobs/start', { method: 'data/yahoo', args: { universe: 'sp', holdingsFile: IVV } });
      const id = (second as { value: Job }).value.id;
      const ended = finished(id);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const cancelledAt = performance.now();
      await core.dispatch('jobs/cancel', { jobId: id });
      const job = await ended;
      expect(performance.now() - cancelledAt).toBeLessThan(500);
      expect(job.state).toBe('cancelled');
      // nothing of the universe: the cancelled import is in the run history, its id in the error
      expect(job.outcome).toEqual({ ok: false, error: { code: 'cancelled', message: 'the Yahoo import of sp was cancelled: nothing was written', details: { runId: expect.any(Number) } } });
      const store = core.services.db;
      expect(store.prepare("SELECT max(date) FROM prices WHERE universe = 'sp'").pluck().get()).toBe('2020-10-30');
    } finally {
      core.cancelJobs();
      await core.services.close();
    }
  });
});
