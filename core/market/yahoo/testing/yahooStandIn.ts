import fs from 'node:fs';
import path from 'node:path';
import { priceRecordingsDir } from './priceRecordings.ts';

/**
 * A stand-in for Yahoo Finance's servers, for the import's tests: a fetch function that answers yahoo-finance2's
 * requests from the recorded answers in ../recorded, by URL, as Yahoo answers them. A chart answer is the recording
 * of the stand-in's as-of date cut to the request's period1..period2 (Yahoo computes its adjusted closes as of the
 * moment it answers, and sends the days and the events of the asked period); a quote answer holds the asked symbols;
 * a quote without the crumb and cookies of the crumb flow gets Yahoo's 401 `Invalid Crumb`. Faults can be queued per
 * symbol (`quote` for the quote request, `crumb` for the crumb flow, `*` for any request). Every request is logged
 * with its time.
 */

export type Fault =
  /** an answer with this status: 429 Yahoo's "Edge: Too Many Requests" (with Retry-After if given), 5xx its error page */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** 200 with the JSON cut off midway */
  | { kind: 'truncated' }
  /** 200, a chart whose meta lacks the fields yahoo-finance2 requires */
  | { kind: 'shape' }
  /** 200, the chart with these days (indices into the answer) all null, as Yahoo sends days it has no trades for */
  | { kind: 'nulls'; days: number[] }
  /** 200, a chart with one close fewer than it has dates */
  | { kind: 'mismatch' }
  /** 200, asked during the as-of date's session: its last trade an hour after the open, its last day's bar unfinished */
  | { kind: 'sessionOpen' }
  /** Yahoo's 404 `No data found, symbol may be delisted` */
  | { kind: 'notFound' }
  /** no answer at all, until the request is aborted */
  | { kind: 'hang' }
  /** the connection drops (ECONNRESET) */
  | { kind: 'reset' };

export interface LoggedRequest {
  url: string;
  /** the symbol of a chart, `quote`, or `crumb` */
  key: string;
  /** performance.now() when it arrived */
  at: number;
  /** the status answered, or the fault */
  outcome: number | string;
  period1?: number;
}

export interface StandInOptions {
  /** the recording to answer from: 2020-10-30 or 2020-11-20 */
  asOf: string;
  /** every request fails as on a machine with no network (getaddrinfo ENOTFOUND) */
  offline?: boolean;
  /** milliseconds before each answer */
  delayMs?: number;
}

const recordedDir = path.join(import.meta.dirname, '../recorded');
const CRUMB = 'Rq3v7mXbYzQ';

interface Recording {
  response: { status: number; statusText: string; headers: Record<string, string | string[]>; bodyJson?: unknown; bodyText?: string };
}

const recordings = new Map<string, Recording | null>();
function recording(file: string): Recording | null {
  if (!recordings.has(file)) {
    // the answers of Yahoo's own making are in the repository; the price answers are made from the shared data
    const committed = path.join(recordedDir, file);
    const full = fs.existsSync(committed) ? committed : path.join(priceRecordingsDir(), file);
    recordings.set(file, fs.existsSync(full) ? (JSON.parse(fs.readFileSync(full, 'utf8')) as Recording) : null);
  }
  const found = recordings.get(file)!;
  return found === null ? null : (structuredClone(found) as Recording);
}

export class YahooStandIn {
  asOf: string;
  offline: boolean;
  delayMs: number;
  readonly requests: LoggedRequest[] = [];
  private readonly faults = new Map<string, { fault: Fault; times: number }[]>();

  constructor(options: StandInOptions) {
    this.asOf = options.asOf;
    this.offline = options.offline ?? false;
    this.delayMs = options.delayMs ?? 0;
  }

  /** The next `times` requests for `key` (a symbol, `quote`, `crumb`, `*`) get `fault` (Infinity: all of them). */
  fail(key: string, fault: Fault, times = 1): this {
    const queue = this.faults.get(key) ?? [];
    queue.push({ fault, times });
    this.faults.set(key, queue);
    return this;
  }

  /** The chart requests of `symbol`, in order. */
  charts(symbol: string): LoggedRequest[] {
    return this.requests.filter((request) => request.key === symbol);
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const signal = init?.signal ?? undefined;
    const key = keyOf(url);
    const logged: LoggedRequest = { url: url.href, key, at: performance.now(), outcome: 0 };
    const period1 = url.searchParams.get('period1');
    if (period1 !== null) logged.period1 = Number(period1);
    this.requests.push(logged);
    if (this.delayMs > 0) await sleep(this.delayMs, signal);
    if (this.offline) {
      logged.outcome = 'offline';
      throw networkError(`getaddrinfo ENOTFOUND ${url.host}`, 'ENOTFOUND');
    }
    const fault = this.takeFault(key) ?? this.takeFault('*');
    if (fault !== undefined) logged.outcome = fault.kind === 'status' ? fault.status : fault.kind;
    if (fault?.kind === 'hang') return new Promise<Response>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
    if (fault?.kind === 'reset') throw networkError('read ECONNRESET', 'ECONNRESET');
    if (fault?.kind === 'notFound') return answer(recording('chart-not-found.json')!);
    if (fault?.kind === 'status') {
      const page = recording(fault.status === 429 ? 'too-many-requests.json' : 'server-error.json')!;
      page.response.status = fault.status;
      if (fault.retryAfter !== undefined) page.response.headers['retry-after'] = fault.retryAfter;
      return answer(page);
    }
    const response = this.answerFor(url, key, init);
    if (typeof logged.outcome === 'number') logged.outcome = response.status;
    if (fault === undefined || response.status !== 200) return response;
    return this.spoiled(await response.text(), fault);
  };

  private takeFault(key: string): Fault | undefined {
    const queue = this.faults.get(key);
    const next = queue?.[0];
    if (next === undefined) return undefined;
    if (--next.times <= 0) queue!.shift();
    return next.fault;
  }

  private answerFor(url: URL, key: string, init: RequestInit | undefined): Response {
    if (url.href.startsWith('https://finance.yahoo.com/quote/')) return answer(recording('crumb-page.json')!);
    if (url.href.startsWith('https://query1.finance.yahoo.com/v1/test/getcrumb')) {
      const cookie = new Headers(init?.headers).get('cookie') ?? '';
      return cookie.includes('A1=') ? answer(recording('getcrumb.json')!) : answer(recording('invalid-crumb.json')!);
    }
    if (url.pathname === '/v7/finance/quote') {
      const cookie = new Headers(init?.headers).get('cookie') ?? '';
      if (url.searchParams.get('crumb') !== CRUMB || !cookie.includes('A1=')) return answer(recording('invalid-crumb.json')!);
      const asked = new Set((url.searchParams.get('symbols') ?? '').split(','));
      const quotes = recording(`${this.asOf}/quote.json`)!;
      const body = quotes.response.bodyJson as { quoteResponse: { result: { symbol: string }[] } };
      body.quoteResponse.result = body.quoteResponse.result.filter((quote) => asked.has(quote.symbol));
      return answer(quotes);
    }
    if (url.pathname.startsWith('/v8/finance/chart/')) {
      const events = url.searchParams.get('events') ?? '';
      if (url.searchParams.get('interval') !== '1d' || !events.includes('div') || !events.includes('split')) {
        return answer({
          response: {
            status: 400,
            statusText: 'Bad Request',
            headers: { 'content-type': 'application/json;charset=utf-8' },
            bodyJson: { chart: { result: null, error: { code: 'Bad Request', description: 'the stand-in answers daily charts with dividends and splits only' } } },
          },
        });
      }
      const chart = recording(`${this.asOf}/chart-${key}.json`);
      if (chart === null) return answer(recording('chart-not-found.json')!);
      cut(chart, Number(url.searchParams.get('period1')), Number(url.searchParams.get('period2') ?? Infinity));
      return answer(chart);
    }
    return new Response('Not Found', { status: 404, statusText: 'Not Found' });
  }

  /** The good answer, spoiled as `fault` says. */
  private spoiled(text: string, fault: Fault): Response {
    const json = () => JSON.parse(text) as { chart: { result: ChartBody[] } };
    const ok = (body: string): Response => new Response(body, { status: 200, headers: { 'content-type': 'application/json;charset=utf-8' } });
    switch (fault.kind) {
      case 'truncated':
        return ok(text.slice(0, Math.floor(text.length / 2)));
      case 'shape': {
        const body = json();
        const meta = body.chart.result[0]!.meta as Record<string, unknown>;
        delete meta.exchangeTimezoneName;
        delete meta.currentTradingPeriod;
        return ok(JSON.stringify(body));
      }
      case 'nulls': {
        const body = json();
        const result = body.chart.result[0]!;
        const quote = result.indicators.quote[0]!;
        for (const day of fault.days) {
          for (const series of [quote.open, quote.high, quote.low, quote.close, quote.volume, result.indicators.adjclose?.[0]?.adjclose]) {
            if (series !== undefined && day < series.length) series[day] = null;
          }
        }
        return ok(JSON.stringify(body));
      }
      case 'mismatch': {
        const body = json();
        body.chart.result[0]!.indicators.quote[0]!.close.pop();
        return ok(JSON.stringify(body));
      }
      case 'sessionOpen': {
        const body = json();
        const meta = body.chart.result[0]!.meta as { regularMarketTime: number; currentTradingPeriod: { regular: { start: number } } };
        meta.regularMarketTime = meta.currentTradingPeriod.regular.start + 3600;
        return ok(JSON.stringify(body));
      }
      default:
        return ok(text);
    }
  }
}

interface ChartBody {
  meta: unknown;
  timestamp?: number[];
  events?: { dividends?: Record<string, { date: number }>; splits?: Record<string, { date: number }> };
  indicators: { quote: Record<'open' | 'high' | 'low' | 'close' | 'volume', (number | null)[]>[]; adjclose?: { adjclose?: (number | null)[] }[] };
}

/** The recorded chart cut to [period1, period2), as Yahoo answers a period: its days and its events only. */
function cut(chart: Recording, period1: number, period2: number): void {
  const result = (chart.response.bodyJson as { chart: { result: ChartBody[] } }).chart.result[0]!;
  const keep = (result.timestamp ?? []).map((t) => t >= period1 && t < period2);
  if (!keep.some(Boolean)) {
    // Yahoo's answer for a period without trading days: no timestamps, an empty quote
    delete result.timestamp;
    result.indicators = { quote: [{} as ChartBody['indicators']['quote'][number]], adjclose: [{}] };
  } else {
    result.timestamp = result.timestamp!.filter((_, k) => keep[k]);
    const quote = result.indicators.quote[0]!;
    for (const name of ['open', 'high', 'low', 'close', 'volume'] as const) quote[name] = quote[name].filter((_, k) => keep[k]);
    const adjusted = result.indicators.adjclose?.[0];
    if (adjusted?.adjclose !== undefined) adjusted.adjclose = adjusted.adjclose.filter((_, k) => keep[k]);
  }
  for (const kind of ['dividends', 'splits'] as const) {
    const events = result.events?.[kind];
    if (events === undefined) continue;
    for (const [stamp, event] of Object.entries(events)) if (event.date < period1 || event.date >= period2) delete events[stamp];
    if (Object.keys(events).length === 0) delete result.events![kind];
  }
  if (result.events !== undefined && Object.keys(result.events).length === 0) delete result.events;
}

function keyOf(url: URL): string {
  if (url.pathname.startsWith('/v8/finance/chart/')) return decodeURIComponent(url.pathname.slice('/v8/finance/chart/'.length));
  if (url.pathname === '/v7/finance/quote') return 'quote';
  return 'crumb';
}

function answer(recorded: Recording): Response {
  const { status, statusText, headers, bodyJson, bodyText } = recorded.response;
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) for (const one of Array.isArray(value) ? value : [value]) out.append(name, one);
  return new Response(bodyJson !== undefined ? JSON.stringify(bodyJson) : (bodyText ?? ''), { status, statusText, headers: out });
}

/** As undici reports a failed connection: `fetch failed`, the system's error in its cause. */
function networkError(message: string, code: string): TypeError {
  return Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(message), { code }) });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
