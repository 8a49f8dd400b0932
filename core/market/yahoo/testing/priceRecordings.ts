/**
 * The chart and quote answers the import's tests replay (../recorded/README.md says what they are), made at run time
 * from the shared market data beside the clone, which is never copied into the repository: the first test process
 * that asks writes them into a cache directory under os.tmpdir() (whole or not at all: written beside, then renamed),
 * and every later one, child processes included, reads them there.
 *
 * The prices are real (the raw daily prices and the dividends and splits of ../shared/data/sp500); the answers put
 * them in Yahoo's v8 chart and v7 quote shapes with Yahoo's conventions, as Yahoo would have answered at the close of
 * each as-of date: `close` (and open, high, low) divided by the splits after the day up to the as-of date, volume
 * multiplied by them, `adjclose` further multiplied by (1 − dividend / previous close) for each dividend after the
 * day, prices as 32-bit floats.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { parse } from 'csv-parse/sync';

const shared = path.resolve(import.meta.dirname, '../../../../../shared/data/sp500');
/** Bump when what is written changes: a cache of another version is never read. */
const VERSION = 1;

/** The tickers: Yahoo's symbol → the shared data's ticker. */
const TICKERS: Record<string, string> = { AAPL: 'AAPL', MSFT: 'MSFT', TSLA: 'TSLA', 'BRK-B': 'BRK.B' };
const INDEX = '^GSPC';
/** The first day of the recorded series; the day before it is read for the first dividend's previous close. */
const FIRST = '2020-08-17';
const AS_OF = ['2020-10-30', '2020-11-20'];

const facts: Record<string, { exchange: string; fullExchange: string; type: string; firstTrade: number; longName: string; shortName: string; shares: number }> = {
  AAPL: { exchange: 'NMS', fullExchange: 'NasdaqGS', type: 'EQUITY', firstTrade: 345479400, longName: 'Apple Inc.', shortName: 'Apple Inc.', shares: 17_001_802_000 },
  MSFT: { exchange: 'NMS', fullExchange: 'NasdaqGS', type: 'EQUITY', firstTrade: 511108200, longName: 'Microsoft Corporation', shortName: 'Microsoft Corporation', shares: 7_560_500_000 },
  TSLA: { exchange: 'NMS', fullExchange: 'NasdaqGS', type: 'EQUITY', firstTrade: 1277818200, longName: 'Tesla, Inc.', shortName: 'Tesla, Inc.', shares: 947_901_000 },
  'BRK-B': { exchange: 'NYQ', fullExchange: 'NYSE', type: 'EQUITY', firstTrade: 831648600, longName: 'Berkshire Hathaway Inc.', shortName: 'Berkshire Hathaway Inc. New', shares: 1_383_167_000 },
  '^GSPC': { exchange: 'SNP', fullExchange: 'SNP', type: 'INDEX', firstTrade: -1325583000, longName: 'S&P 500', shortName: 'S&P 500', shares: 0 },
};

interface Day {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

const csv = (text: string): Record<string, string>[] => parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];

interface SharedData {
  prices: Record<string, string>[];
  actions: Record<string, string>[];
  index: Record<string, string>[];
}
let loaded: SharedData | undefined;
/** The shared rows of the recorded tickers only, read once: the whole price file is 1.1 M rows. */
function sharedData(): SharedData {
  if (loaded) return loaded;
  const wanted = new Set(Object.values(TICKERS).map((t) => `,${t},`));
  const lines = zlib.gunzipSync(fs.readFileSync(path.join(shared, 'prices.csv.gz'))).toString('utf8').split('\n');
  const priceText = [lines[0]!, ...lines.filter((line) => line >= '2020-08' && line < '2020-12' && [...wanted].some((t) => line.includes(t)))].join('\n');
  loaded = {
    prices: csv(priceText),
    actions: csv(fs.readFileSync(path.join(shared, 'corporate_actions.csv'), 'utf8')),
    index: csv(fs.readFileSync(path.join(shared, 'index.csv'), 'utf8')),
  };
  return loaded;
}

/** The UTC instant of `time` (hh:mm) on `date` in New York. */
function newYork(date: string, time: string): number {
  for (const offset of [4, 5]) {
    const instant = Date.parse(`${date}T${time}:00Z`) / 1000 + offset * 3600;
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .format(new Date(instant * 1000))
      .replace(', ', 'T');
    if (local === `${date}T${time}`) return instant;
  }
  throw new Error(`no New York time ${date} ${time}`);
}

function offsetOf(date: string): number {
  return newYork(date, '09:30') - Date.parse(`${date}T09:30:00Z`) / 1000 === 4 * 3600 ? -14400 : -18000;
}

const float = (x: number): number => Math.fround(x);

function answer(symbol: string, asOf: string): object {
  const { prices, actions, index } = sharedData();
  const source = TICKERS[symbol];
  const all: Day[] =
    source === undefined
      ? index.filter((r) => r.date! >= '2020-08-10' && r.date! <= asOf).map((r) => ({ date: r.date!, open: Number(r.close), high: Number(r.close), low: Number(r.close), close: Number(r.close), volume: 0 }))
      : prices
          .filter((r) => r.ticker === source && r.date! >= '2020-08-10' && r.date! <= asOf)
          .map((r) => ({ date: r.date!, open: Number(r.open), high: Number(r.high), low: Number(r.low), close: Number(r.close), volume: Number(r.volume) }));
  const mine = actions.filter((a) => a.ticker === source && a.date! <= asOf);
  const splits = mine.filter((a) => Number(a.split_coefficient) !== 1).map((a) => ({ date: a.date!, ratio: Number(a.split_coefficient) }));
  const splitFactor = (date: string): number => splits.filter((s) => s.date > date).reduce((product, s) => product * s.ratio, 1);
  // Yahoo's split-adjusted prices
  const yahoo = all.map((d) => {
    const f = splitFactor(d.date);
    return { date: d.date, open: d.open / f, high: d.high / f, low: d.low / f, close: d.close / f, volume: Math.round(d.volume * f) };
  });
  // a dividend before the first recorded day adjusts none of them
  const dividends = mine
    .filter((a) => Number(a.dividend_amount) > 0 && a.date! >= FIRST)
    .map((a) => {
      const before = yahoo.filter((d) => d.date < a.date!).at(-1)!;
      const amount = Number(a.dividend_amount) / splitFactor(a.date!);
      return { date: a.date!, amount, factor: 1 - amount / before.close };
    });
  const shown = yahoo.filter((d) => d.date >= FIRST);
  const adjusted = shown.map((d) => d.close * dividends.filter((v) => v.date > d.date).reduce((product, v) => product * v.factor, 1));
  const f = facts[symbol]!;
  const last = shown.at(-1)!;
  const previous = yahoo.filter((d) => d.date < FIRST).at(-1)!;
  const gmtoffset = offsetOf(asOf);
  const zone = gmtoffset === -14400 ? 'EDT' : 'EST';
  const period = (from: string, to: string) => ({ timezone: zone, start: newYork(asOf, from), end: newYork(asOf, to), gmtoffset });
  const isIndex = source === undefined;
  const result = {
    meta: {
      currency: 'USD',
      symbol,
      exchangeName: f.exchange,
      fullExchangeName: f.fullExchange,
      instrumentType: f.type,
      firstTradeDate: f.firstTrade,
      regularMarketTime: newYork(asOf, '16:00') + 1,
      hasPrePostMarketData: !isIndex,
      gmtoffset,
      timezone: zone,
      exchangeTimezoneName: 'America/New_York',
      regularMarketPrice: float(last.close),
      fiftyTwoWeekHigh: float(Math.max(...shown.map((d) => d.high))),
      fiftyTwoWeekLow: float(Math.min(...shown.map((d) => d.low))),
      regularMarketDayHigh: float(last.high),
      regularMarketDayLow: float(last.low),
      regularMarketVolume: last.volume,
      longName: f.longName,
      shortName: f.shortName,
      chartPreviousClose: float(previous.close),
      priceHint: 2,
      currentTradingPeriod: { pre: period('04:00', '09:30'), regular: period('09:30', '16:00'), post: period('16:00', '20:00') },
      dataGranularity: '1d',
      range: '',
      validRanges: ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'],
    },
    timestamp: shown.map((d) => newYork(d.date, '09:30')),
    events: {
      ...(dividends.some((v) => v.date >= FIRST)
        ? { dividends: Object.fromEntries(dividends.map((v) => [String(newYork(v.date, '09:30')), { amount: Number(v.amount.toFixed(6)), date: newYork(v.date, '09:30') }])) }
        : {}),
      ...(splits.some((s) => s.date >= FIRST)
        ? {
            splits: Object.fromEntries(
              splits.filter((s) => s.date >= FIRST).map((s) => [String(newYork(s.date, '09:30')), { date: newYork(s.date, '09:30'), numerator: s.ratio, denominator: 1, splitRatio: `${s.ratio}:1` }]),
            ),
          }
        : {}),
    },
    indicators: {
      quote: [
        {
          volume: shown.map((d) => d.volume),
          low: shown.map((d) => float(d.low)),
          close: shown.map((d) => float(d.close)),
          open: shown.map((d) => float(d.open)),
          high: shown.map((d) => float(d.high)),
        },
      ],
      adjclose: [{ adjclose: adjusted.map(float) }],
    },
  };
  if (Object.keys(result.events).length === 0) delete (result as { events?: unknown }).events;
  const period1 = Date.parse(`${FIRST}T00:00:00Z`) / 1000;
  return {
    request: {
      url: `https://query2.finance.yahoo.com/v8/finance/chart/${encodeURIComponent(symbol)}?useYfid=true&interval=1d&includePrePost=true&events=div%7Csplit&lang=en-US&period1=${period1}&period2=${newYork(asOf, '20:00')}`,
      method: 'GET',
    },
    response: {
      ok: true,
      status: 200,
      statusText: 'OK',
      headers: { 'cache-control': 'public, max-age=10, stale-while-revalidate=20', 'content-type': 'application/json;charset=utf-8', server: 'ATS', 'x-content-type-options': 'nosniff' },
      bodyJson: { chart: { result: [result], error: null } },
    },
  };
}

function quotes(asOf: string): object {
  const result = Object.keys(TICKERS).map((symbol) => {
    const f = facts[symbol]!;
    const close = (answer(symbol, asOf) as { response: { bodyJson: { chart: { result: { meta: { regularMarketPrice: number } }[] } } } }).response.bodyJson.chart.result[0]!.meta.regularMarketPrice;
    const gmtoffset = offsetOf(asOf);
    return {
      language: 'en-US',
      region: 'US',
      quoteType: 'EQUITY',
      typeDisp: 'Equity',
      quoteSourceName: 'Delayed Quote',
      triggerable: true,
      currency: 'USD',
      exchange: f.exchange,
      exchangeTimezoneName: 'America/New_York',
      exchangeTimezoneShortName: gmtoffset === -14400 ? 'EDT' : 'EST',
      gmtOffSetMilliseconds: gmtoffset * 1000,
      market: 'us_market',
      esgPopulated: false,
      marketState: 'CLOSED',
      regularMarketPrice: close,
      regularMarketTime: newYork(asOf, '16:00') + 1,
      fullExchangeName: f.fullExchange,
      shortName: f.shortName,
      longName: f.longName,
      sharesOutstanding: f.shares,
      marketCap: Math.round(f.shares * close),
      priceHint: 2,
      sourceInterval: 15,
      exchangeDataDelayedBy: 0,
      tradeable: false,
      cryptoTradeable: false,
      symbol,
    };
  });
  return {
    request: { url: 'https://query2.finance.yahoo.com/v7/finance/quote?symbols=AAPL%2CMSFT%2CTSLA%2CBRK-B&crumb=Rq3v7mXbYzQ', method: 'GET' },
    response: {
      ok: true,
      status: 200,
      statusText: 'OK',
      headers: { 'cache-control': 'public, max-age=1, stale-while-revalidate=9', 'content-type': 'application/json;charset=utf-8', server: 'ATS' },
      bodyJson: { quoteResponse: { result, error: null } },
    },
  };
}

/**
 * The directory holding `AS-OF/chart-SYMBOL.json` and `AS-OF/quote.json` for both as-of dates, written on first use.
 */
export function priceRecordingsDir(): string {
  const dir = path.join(os.tmpdir(), `jessica-yahoo-recordings-v${VERSION}`);
  if (fs.existsSync(path.join(dir, 'complete'))) return dir;
  const staging = fs.mkdtempSync(`${dir}.tmp-`);
  const write = (file: string, value: object): void => fs.writeFileSync(path.join(staging, file), `${JSON.stringify(value, null, 2)}\n`);
  for (const asOf of AS_OF) {
    fs.mkdirSync(path.join(staging, asOf), { recursive: true });
    for (const symbol of [...Object.keys(TICKERS), INDEX]) write(`${asOf}/chart-${symbol}.json`, answer(symbol, asOf));
    write(`${asOf}/quote.json`, quotes(asOf));
  }
  fs.writeFileSync(path.join(staging, 'complete'), '');
  try {
    fs.renameSync(staging, dir);
  } catch (error) {
    // another process renamed its own copy into place first: theirs is as good
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, 'complete'))) throw error;
  }
  return dir;
}
