import YahooFinance from 'yahoo-finance2';
import { ExtendedCookieJar } from 'yahoo-finance2/lib/cookieJar';
import { getCrumbClear } from 'yahoo-finance2/lib/getCrumb';
import type { ChartResultObject } from 'yahoo-finance2/modules/chart';
import type { FetchFunction } from './retryingFetch.ts';

/** What a quote says about a company that a universe member keeps. */
export interface QuoteFacts {
  symbol: string;
  longName: string | null;
  marketCap: number | null;
  sharesOutstanding: number | null;
}

/** The two calls the import makes, through yahoo-finance2, with the fetch it is given. */
export interface YahooClient {
  /** Daily bars from `period1` on, with dividends and splits, as Yahoo's v8 chart gives them (validated by yahoo-finance2). */
  dailyChart(symbol: string, period1: Date): Promise<ChartResultObject>;
  /** One v7 quote request for up to a batch of symbols; symbols Yahoo does not know are absent. */
  quotes(symbols: readonly string[]): Promise<QuoteFacts[]>;
}

/** yahoo-finance2 writes notices and validation reports to its logger: the import reports failures its own way. */
const silent = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  dir: () => undefined,
};

/**
 * The cookies of Yahoo's crumb flow, one jar for the process: yahoo-finance2 keeps the crumb itself in module state
 * (one per process), and a crumb is good only with the cookies it was issued with, so every client shares the jar
 * the crumb came with.
 */
const cookieJar = new ExtendedCookieJar();

/**
 * A yahoo-finance2 client for one import, reaching Yahoo through `fetch`. Its version check, which would fetch the
 * npm registry with the global fetch on a validation error, is off. Requests pass through its queue (a module-wide
 * one) with room for every request the import has in flight: the import limits them itself. A quote refused for its
 * crumb (Yahoo's 401 `Invalid Crumb`: the crumb expired, or was issued to other cookies) is asked once more with a
 * new crumb.
 */
export function createYahooClient(fetch: FetchFunction): YahooClient {
  const yahoo = new YahooFinance({
    fetch,
    cookieJar,
    logger: silent,
    versionCheck: false,
    suppressNotices: ['yahooSurvey'],
    validation: { logErrors: false, logOptionsErrors: false },
    queue: { concurrency: 64 },
  });
  return {
    // 'object': the arrays as Yahoo sends them, so a length mismatch is the import's to report (the 'array' form
    // prints to stdout and throws on one)
    dailyChart: (symbol, period1) => yahoo.chart(symbol, { period1, interval: '1d', events: 'div|split', return: 'object' }),
    async quotes(symbols) {
      const ask = () => yahoo.quote([...symbols], { return: 'array' });
      const results = await ask().catch(async (error: unknown) => {
        if (!(error instanceof Error) || !/invalid crumb/i.test(error.message)) throw error;
        await getCrumbClear(cookieJar);
        return ask();
      });
      return results.map((quote) => ({
        symbol: quote.symbol,
        longName: typeof quote.longName === 'string' && quote.longName !== '' ? quote.longName : typeof quote.shortName === 'string' && quote.shortName !== '' ? quote.shortName : null,
        marketCap: finiteOrNull(quote.marketCap),
        sharesOutstanding: finiteOrNull(quote.sharesOutstanding),
      }));
    },
  };
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
