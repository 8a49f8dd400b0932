import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import type { ParsedArgs } from '../../../api/methods.ts';
import type { TickerFailure, YahooImportSummary } from '../../../api/yahoo.ts';
import { Cancelled, InputError } from '../../errors.ts';
import type { JobControl } from '../../jobs/jobControl.ts';
import { recordedJob } from '../../jobs/recordedJob.ts';
import { quoted } from '../../quotedText.ts';
import { runEnvironment } from '../../runs/runEnvironment.ts';
import type { Database } from '../../store/database.ts';
import { saveRun } from '../../store/runStore.ts';
import { isCalendarDate, latestDateNow } from '../isoDate.ts';
import { MAX_INDEX_LEVEL, MAX_MARKET_CAP, MAX_PRICE, MAX_SHARES_OUTSTANDING } from '../plausibility.ts';
import { tickerProblem } from '../tickerSymbol.ts';
import { checkUniverseName } from '../universeName.ts';
import type { MemberRow } from '../universeWriter.ts';
import { writeBatch, type TickerPrices } from './batchWriter.ts';
import { dailyHistory } from './dailyHistory.ts';
import { PriceLedger } from './priceLedger.ts';
import { DEFAULT_RETRY, DEFAULT_TIMEOUTS, retryingFetch, type AnswerTimeouts, type FetchFunction, type Reachability, type RetryPolicy } from './retryingFetch.ts';
import { counted } from './counted.ts';
import { readTickerSource } from './tickerSources.ts';
import { createYahooClient, type QuoteFacts } from './yahooClient.ts';
import { failureReason, isNetworkFailure, YahooUnreachable } from './yahooFailures.ts';

/** What the import needs of the core's services: the store, and the fetch to reach Yahoo with (the global one by default). */
export interface YahooImportServices {
  db: Database;
  fetch?: FetchFunction | undefined;
}

export type YahooImportArgs = Omit<ParsedArgs<'data/yahoo'>, 'concurrency'> & { concurrency?: number | undefined };

/** Settings a test or a benchmark changes; the defaults are the product's. */
export interface YahooImportTuning {
  /** tickers per transaction */
  batchSize?: number;
  retry?: RetryPolicy;
  timeouts?: AnswerTimeouts;
  /** told after each batch is committed (a test kills the process there) */
  onBatchCommitted?: (batch: { number: number; of: number; tickers: string[]; rows: number; revision: number | null }) => void;
}

/** One transaction per 25 tickers: a kill loses at most 25 tickers' fetching, and a commit is cheap beside 25 fetches. */
export const DEFAULT_BATCH_SIZE = 25;

/** How far back a ticker new to the universe starts when no `from` is given. */
const DEFAULT_YEARS = 5;

/** Adjusted closes that differ by more than this (relative) mean a dividend or split changed Yahoo's adjustment. */
const ADJUSTMENT_TOLERANCE = 1e-6;

type TickerOutcome =
  | { kind: 'prices'; ticker: string; prices: TickerPrices; readjusted: boolean; skipped: number; sessionOpen: boolean }
  | { kind: 'failed'; ticker: string; reason: string; network: boolean };

/**
 * Daily history and quotes from Yahoo Finance into a universe, incrementally (DESIGN section 2: a job with progress).
 *
 * Per ticker: a ticker new to the universe is fetched from `from` (five years back by default); a known one from its
 * last stored date, overlapping that day. Yahoo's adjusted closes change all the way back whenever a dividend or split
 * happens, so when the answer holds one after the last stored date, or the overlap day's adjusted close is not the
 * stored one, the ticker's whole stored span is fetched again and rewritten (`readjusted`). Quotes (market cap, shares
 * outstanding, long name) come per batch. Requests run `concurrency` at a time with retries (retryingFetch.ts); a
 * ticker that fails is listed with its reason and the rest go on (the import is then `partial`).
 *
 * The batches are fetched first and written after, each in one transaction (batchWriter.ts), so a kill loses at most
 * the batch in flight and a rerun fetches only what is missing. A cancel stops the requests at once; what was
 * committed stays. When the first requests cannot reach Yahoo at all, nothing has been written and the import fails
 * in one line; the first request's timeout is short so that this takes seconds.
 */
export async function importFromYahoo(
  services: YahooImportServices,
  args: YahooImportArgs,
  control: JobControl = {},
  tuning: YahooImportTuning = {},
): Promise<YahooImportSummary> {
  const started = performance.now();
  const { db } = services;
  const { universe } = args;
  const concurrency = args.concurrency ?? 4;
  const batchSize = tuning.batchSize ?? DEFAULT_BATCH_SIZE;
  checkUniverseName(universe);
  const today = latestDateNow();
  if (args.from !== undefined && (!isCalendarDate(args.from) || args.from > today)) {
    throw new InputError(`${quoted(args.from)} is not a past date (yyyy-mm-dd, today at the latest)`, { field: 'from' });
  }
  const from = args.from ?? yearsBefore(DEFAULT_YEARS);
  if (args.index !== undefined) {
    const problem = tickerProblem(args.index);
    if (problem !== null) throw new InputError(problem, { field: 'index' });
  }

  const run = new AbortController();
  // every request in flight, and each wait between tries, listens on it
  setMaxListeners(0, run.signal);
  const onCancel = (): void => run.abort(new Cancelled());
  if (control.signal?.aborted) onCancel();
  control.signal?.addEventListener('abort', onCancel, { once: true });
  const job = { kind: 'yahoo', universe, options: args, stageMessages: {}, storeFailures: true };
  try {
    // the import reports its own progress (tickers, then prices by the ticker): the run's stages are not told
    return await recordedJob(db, job, {}, async (rec) => {
      control.onProgress?.({ stage: 'tickers', fraction: null, message: 'reading the tickers' });
      const source = await rec.span('tickers', () => readTickerSource(args, run.signal));
      rec.annotate('tickers', { source: source.label, members: source.members.length, leftOut: source.leftOut.length });
      const indexSymbol = args.index ?? source.index;
      const warnings = [...source.warnings];
      let ledger = PriceLedger.read(db, universe);
      const indexLast = db.prepare('SELECT max(date) FROM index_closes WHERE universe = ?').pluck().get(universe) as string | null;

      const reachability: Reachability = { state: 'unknown', reason: null };
      const fetch = retryingFetch({
        // read at each request, not now: a shell or test may set the global fetch after the services were opened
        fetch: (input, init) => (services.fetch ?? globalThis.fetch)(input, init),
        signal: run.signal,
        retry: tuning.retry ?? DEFAULT_RETRY,
        timeouts: tuning.timeouts ?? DEFAULT_TIMEOUTS,
        reachability,
        onUnreachable: () => run.abort(new YahooUnreachable('unreachable')),
      });
      const client = createYahooClient(fetch);
      const limit = pLimit({ concurrency, rejectOnClear: true });

      const storedAdjusted = db.prepare('SELECT adj_close FROM prices WHERE universe = ? AND date = ? AND ticker = ?').pluck();
      const fetchTicker = async (ticker: string): Promise<TickerOutcome> => {
        try {
          const span = ledger.tickers.get(ticker);
          if (span === undefined) {
            const history = dailyHistory(await client.dailyChart(ticker, dayStart(from)), MAX_PRICE);
            const bars = history.bars.filter((bar) => bar.date >= from);
            if (bars.length === 0) return failed(ticker, `no prices from ${from} on${history.skipped > 0 ? ` (${counted(history.skipped, 'day')} without a close)` : ''}`);
            return { kind: 'prices', ticker, prices: { ticker, mode: 'append', bars }, readjusted: false, skipped: history.skipped, sessionOpen: history.sessionOpen };
          }
          const recent = dailyHistory(await client.dailyChart(ticker, dayBefore(span.last)), MAX_PRICE);
          const bars = recent.bars.filter((bar) => bar.date >= span.last);
          const overlap = bars.find((bar) => bar.date === span.last);
          const stored = storedAdjusted.get(universe, span.last, ticker) as number | null | undefined;
          const eventSince = recent.eventDates.some((date) => date > span.last);
          if (eventSince || (overlap !== undefined && stored !== undefined && !sameAdjustment(stored, overlap.adjClose))) {
            const whole = dailyHistory(await client.dailyChart(ticker, dayBefore(span.first)), MAX_PRICE);
            const all = whole.bars.filter((bar) => bar.date >= span.first);
            if (all.length === 0) return failed(ticker, `Yahoo no longer has its prices from ${span.first} on`);
            return { kind: 'prices', ticker, prices: { ticker, mode: 'rewrite', bars: all }, readjusted: true, skipped: whole.skipped, sessionOpen: whole.sessionOpen };
          }
          return { kind: 'prices', ticker, prices: { ticker, mode: 'append', bars }, readjusted: false, skipped: recent.skipped, sessionOpen: recent.sessionOpen };
        } catch (error) {
          if (run.signal.aborted) throw error;
          return failed(ticker, withClassHint(ticker, failureReason(error, 'chart')), isNetworkFailure(error));
        }
      };
      const fetchIndex = async (symbol: string): Promise<{ closes: { date: string; close: number }[] } | { failure: string }> => {
        try {
          const since = indexLast ?? from;
          const history = dailyHistory(await client.dailyChart(symbol, indexLast === null ? dayStart(from) : dayBefore(indexLast)), MAX_INDEX_LEVEL);
          return { closes: history.bars.filter((bar) => bar.date >= since).map((bar) => ({ date: bar.date, close: bar.close })) };
        } catch (error) {
          if (run.signal.aborted) throw error;
          return { failure: failureReason(error, 'chart') };
        }
      };

      const members = source.members;
      const batches: MemberRow[][] = [];
      for (let k = 0; k < members.length; k += batchSize) batches.push(members.slice(k, k + batchSize));
      const failures: TickerFailure[] = [];
      let updated = 0;
      let upToDate = 0;
      let readjusted = 0;
      let rows = 0;
      let indexRows = 0;
      let quotesTaken = 0;
      let skippedDays = 0;
      let sessionOpen = 0;
      let firstDate: string | null = null;
      let lastDate: string | null = null;
      let settled = 0;
      let tickersWritten = 0;
      const progress = (ticker: string): void => {
        settled++;
        control.onProgress?.({
          stage: 'prices',
          fraction: settled / members.length,
          message: `${ticker}: ${settled.toLocaleString('en-US')} of ${members.length.toLocaleString('en-US')} tickers${failures.length > 0 ? `, ${failures.length} failed` : ''}`,
        });
      };

      await rec.span('prices', async () => {
        for (let number = 0; number < batches.length; number++) {
          const batch = batches[number]!;
          await rec.span(`batch ${number + 1}`, async () => {
            const pending: Promise<unknown>[] = [];
            let outcomes: TickerOutcome[];
            let index: Awaited<ReturnType<typeof fetchIndex>> | null = null;
            let quotes = new Map<string, QuoteFacts>();
            try {
              const tasks = batch.map((member) =>
                limit(async () => {
                  const outcome = await fetchTicker(member.ticker);
                  progress(member.ticker);
                  return outcome;
                }),
              );
              pending.push(...tasks);
              const indexTask = number === 0 && indexSymbol !== null ? limit(() => fetchIndex(indexSymbol)) : null;
              if (indexTask !== null) pending.push(indexTask);
              [outcomes, index] = await rec.span(
                'fetch',
                async () => [await Promise.all(tasks), indexTask === null ? null : await indexTask] as const,
                { tickers: batch.length, ...(indexTask !== null ? { index: indexSymbol } : {}) },
              );
              rec.annotate('fetch', { failed: outcomes.filter((outcome) => outcome.kind === 'failed').length });
              const priced = outcomes.filter((outcome) => outcome.kind === 'prices').map((outcome) => outcome.ticker);
              if (priced.length > 0) {
                const quoting = limit(() => client.quotes(priced));
                pending.push(quoting);
                try {
                  const answered = await rec.span('quotes', () => quoting, { tickers: priced.length });
                  quotes = new Map(answered.map((quote) => [quote.symbol.toUpperCase(), quote]));
                } catch (error) {
                  if (run.signal.aborted) throw error;
                  warnings.push(`the quotes of ${counted(priced.length, 'ticker')} (${priced.slice(0, 3).join(', ')}${priced.length > 3 ? ', …' : ''}) failed: ${failureReason(error, 'quotes')}; their market caps are as stored`);
                }
              }
            } catch (error) {
              limit.clearQueue();
              await Promise.allSettled(pending);
              throw stopReason(error, run.signal, reachability, universe, tickersWritten, members.length);
            }

            const failedHere = outcomes.filter((outcome) => outcome.kind === 'failed');
            for (const outcome of failedHere) failures.push({ ticker: outcome.ticker, reason: outcome.reason });
            if (index !== null && 'failure' in index) failures.push({ ticker: indexSymbol!, reason: `the index series: ${index.failure}` });
            if (failedHere.length === batch.length && failedHere.every((outcome) => outcome.network)) {
              throw new YahooUnreachable(
                `Yahoo Finance stopped answering (${failedHere[0]!.reason}) after ${tickersWritten} of ${members.length} tickers were imported: ` +
                  `they are kept; run the import again to fetch the rest`,
              );
            }

            const priced = outcomes.filter((outcome) => outcome.kind === 'prices');
            const bySymbol = new Map(batch.map((member) => [member.ticker, member]));
            const batchMembers = priced.map((outcome) => {
              const quote = quotes.get(outcome.ticker.toUpperCase());
              if (quote !== undefined) quotesTaken++;
              return memberWithQuote(bySymbol.get(outcome.ticker)!, quote, source.preferQuoteNames);
            });
            const written = rec.spanSync('write', () =>
              writeBatch(db, ledger, {
                universe,
                prices: priced.map((outcome) => outcome.prices),
                members: batchMembers,
                indexCloses: index !== null && 'closes' in index ? index.closes : [],
              }),
            );
            rec.annotate('write', { tickers: priced.length, rows: written.rows, indexRows: written.indexRows });
            ledger = written.ledger;
            rows += written.rows;
            indexRows += written.indexRows;
            for (const outcome of priced) {
              skippedDays += outcome.skipped;
              if (outcome.sessionOpen) sessionOpen++;
              if (outcome.readjusted) readjusted++;
              else if (written.changedTickers.has(outcome.ticker)) updated++;
              else upToDate++;
              if (written.changedTickers.has(outcome.ticker)) {
                for (const bar of outcome.prices.bars) {
                  if (firstDate === null || bar.date < firstDate) firstDate = bar.date;
                  if (lastDate === null || bar.date > lastDate) lastDate = bar.date;
                }
              }
            }
            tickersWritten += priced.length;
            tuning.onBatchCommitted?.({ number: number + 1, of: batches.length, tickers: batch.map((m) => m.ticker), rows: written.rows, revision: written.revision });
          }, { tickers: batch.length });
        }
      });

      if (skippedDays > 0) warnings.push(`${counted(skippedDays, 'day')} without a close ${skippedDays === 1 ? 'was' : 'were'} left out`);
      if (sessionOpen > 0) warnings.push(`today's session had not closed: its prices were left out for ${counted(sessionOpen, 'ticker')} (a later run adds them)`);
      const summary: YahooImportSummary = {
        universe,
        source: source.label,
        requested: members.length,
        updated,
        upToDate,
        readjusted,
        failed: failures,
        rows,
        skippedDays,
        index: indexSymbol,
        indexRows,
        leftOut: source.leftOut.length,
        quotes: quotesTaken,
        firstDate,
        lastDate,
        partial: failures.length > 0,
        seconds: (performance.now() - started) / 1000,
        warnings,
      };
      saveRun(db, { kind: 'yahoo', status: summary.partial ? 'partial' : 'done', universe, options: args, result: summary, machine: runEnvironment(), spans: rec.spans, samples: rec.samples });
      return summary;
    });
  } finally {
    control.signal?.removeEventListener('abort', onCancel);
  }

  function failed(ticker: string, reason: string, network = false): TickerOutcome {
    return { kind: 'failed', ticker, reason, network };
  }
}

/** Why the run stopped before its batch was written: Yahoo out of reach, a cancel, or the error itself. */
function stopReason(error: unknown, signal: AbortSignal, reachability: Reachability, universe: string, written: number, total: number): unknown {
  if (reachability.state === 'unreachable') {
    return new YahooUnreachable(`Yahoo Finance is unreachable (${reachability.reason}): nothing was imported`);
  }
  if (signal.aborted && signal.reason instanceof Cancelled) {
    return new Cancelled(
      written === 0
        ? `the Yahoo import of ${universe} was cancelled: nothing was written`
        : `the Yahoo import of ${universe} was cancelled after ${written} of ${total} tickers: they are kept; run it again to fetch the rest`,
    );
  }
  return error;
}

/** The member as the batch writes it: the source's facts, the quote's market cap, shares and (for iShares' cut names) name. */
function memberWithQuote(member: MemberRow, quote: QuoteFacts | undefined, preferQuoteNames: boolean): MemberRow {
  const plausible = (value: number | null, ceiling: { max: number }): number | null => (value !== null && value > 0 && value <= ceiling.max ? value : null);
  return {
    ...member,
    name: preferQuoteNames ? (quote?.longName ?? member.name) : (member.name ?? quote?.longName ?? null),
    marketCap: plausible(quote?.marketCap ?? null, MAX_MARKET_CAP) ?? member.marketCap,
    sharesOutstanding: plausible(quote?.sharesOutstanding ?? null, MAX_SHARES_OUTSTANDING) ?? member.sharesOutstanding,
  };
}

/** Yahoo writes share classes with a hyphen: a dotted class ticker that Yahoo does not know gets the hint. */
function withClassHint(ticker: string, reason: string): string {
  return /^[A-Z]{1,5}\.[A-Z]$/.test(ticker) && /no data|not found|delisted/i.test(reason)
    ? `${reason} (Yahoo writes share classes with a hyphen: ${ticker.replace('.', '-')})`
    : reason;
}

function sameAdjustment(stored: number | null, fetched: number | null): boolean {
  if (stored === null || fetched === null) return stored === fetched;
  return Math.abs(stored - fetched) <= ADJUSTMENT_TOLERANCE * Math.max(Math.abs(stored), Math.abs(fetched));
}

function dayStart(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** The start of the day before `date` in UTC: a session in a time zone east of UTC opens on the previous UTC date. */
function dayBefore(date: string): Date {
  return new Date(dayStart(date).getTime() - 86_400_000);
}

function yearsBefore(years: number): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  return date.toISOString().slice(0, 10);
}
