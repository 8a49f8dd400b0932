import pRetry, { AbortError } from 'p-retry';

/** The fetch yahoo-finance2 calls (its `fetch` option): the global one by default, a stand-in in tests. */
export type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** How long to keep asking Yahoo after an answer that says "not now" (HTTP 429, 5xx) or a dropped connection. */
export interface RetryPolicy {
  /** tries after the first */
  retries: number;
  /** the first wait; each later one doubles, and p-retry's jitter multiplies each by 1 to 2 */
  minDelayMs: number;
  maxDelayMs: number;
  /** the longest Retry-After honoured; an answer asking for a longer wait fails its request at once */
  maxRetryAfterMs: number;
}

/** 1 + 2 + 4 + 8 s (each up to twice that with jitter): a rate limit of Yahoo's usually clears within a minute. */
export const DEFAULT_RETRY: RetryPolicy = { retries: 4, minDelayMs: 1_000, maxDelayMs: 30_000, maxRetryAfterMs: 60_000 };

export interface AnswerTimeouts {
  /**
   * Until the headers of an answer arrive, for a request sent before Yahoo has answered anything in this run: a
   * network that drops packets would otherwise hold the import for the minutes a TCP connect takes to give up, and
   * "unreachable" should be said within seconds.
   */
  firstMs: number;
  /** For a whole answer (a chart of years of days) once Yahoo is known to answer. */
  laterMs: number;
}

export const DEFAULT_TIMEOUTS: AnswerTimeouts = { firstMs: 5_000, laterMs: 30_000 };

/** A request to Yahoo that brought no usable answer; `message` is the reason the import reports. */
export class RequestFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'http' | 'network',
  ) {
    super(message);
    this.name = 'RequestFailure';
  }
}

/** Whether Yahoo has answered in this run: decided by the first answer or the first failure to connect. */
export interface Reachability {
  state: 'unknown' | 'reachable' | 'unreachable';
  /** why it is unreachable: the first network failure, e.g. `getaddrinfo ENOTFOUND query2.finance.yahoo.com` */
  reason: string | null;
}

export interface RetryingFetchOptions {
  fetch: FetchFunction;
  /** the run's signal: aborting it stops every request and every wait at once */
  signal: AbortSignal;
  retry: RetryPolicy;
  timeouts: AnswerTimeouts;
  reachability: Reachability;
  /** called once, when the first request of the run fails to reach Yahoo at all */
  onUnreachable: (reason: string) => void;
}

/** An answer asking to be asked again later; thrown inside the retry loop only. */
class RetryableAnswer extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | null,
  ) {
    super(`HTTP ${status}`);
  }
}

/** The timer of a request ran out before its whole answer arrived. */
class AnswerTimeout extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms / 1000} s`);
  }
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * A fetch for yahoo-finance2 that reads each answer whole under a timeout, retries an HTTP 429 or 5xx and a
 * dropped connection with exponential backoff and jitter (waiting at least what a Retry-After asks, up to a
 * limit), and fails with a RequestFailure naming the reason. Yahoo's own error answers (a 404 whose JSON says
 * `No data found, symbol may be delisted`) pass through for yahoo-finance2 to read; any other 4xx fails here, so
 * yahoo-finance2 never prints the URL of a failed request to the terminal as it does for the answers it cannot read.
 * The first failure to connect before Yahoo has answered anything decides that Yahoo is unreachable: it is not
 * retried, and `onUnreachable` is told, so the import stops before it writes anything.
 */
export function retryingFetch(options: RetryingFetchOptions): FetchFunction {
  const { signal, retry, reachability } = options;
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const host = new URL(url).host;
    let tries = 0;
    return pRetry(
      async () => {
        tries++;
        const answer = await answerOnce(options, input, init, host);
        if (answer.status === 429 || answer.status >= 500) throw new RetryableAnswer(answer.status, retryAfterMs(answer.headers));
        if (answer.status >= 400 && !(await isYahooErrorAnswer(answer))) {
          throw new AbortError(new RequestFailure(`HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`, 'http'));
        }
        return answer;
      },
      {
        retries: retry.retries,
        factor: 2,
        minTimeout: retry.minDelayMs,
        maxTimeout: retry.maxDelayMs,
        randomize: true,
        signal,
        onFailedAttempt: async ({ error, retriesLeft }) => {
          if (!(error instanceof RetryableAnswer) || error.retryAfterMs === null || retriesLeft === 0) return;
          if (error.retryAfterMs > retry.maxRetryAfterMs) {
            throw new RequestFailure(`HTTP ${error.status}: Yahoo asked to wait ${Math.round(error.retryAfterMs / 1000)} s`, 'http');
          }
          // what Yahoo asked for first; p-retry's own backoff follows when this returns, so the wait is at least Retry-After
          await sleep(error.retryAfterMs, signal);
        },
        shouldRetry: ({ error }) => error instanceof RetryableAnswer || (error instanceof RequestFailure && error.kind === 'network'),
      },
    ).catch((error: unknown) => {
      if (signal.aborted) throw signal.reason ?? error;
      if (error instanceof RetryableAnswer) throw new RequestFailure(`HTTP ${error.status} after ${tries} ${tries === 1 ? 'try' : 'tries'}`, 'http');
      if (error instanceof RequestFailure && error.kind === 'network' && reachability.state === 'reachable') {
        throw new RequestFailure(`${error.message} after ${tries} ${tries === 1 ? 'try' : 'tries'}`, 'network');
      }
      throw error;
    });
  };
}

/** One request, its answer read whole within the timeout; a failure to get one is a RequestFailure. */
async function answerOnce(options: RetryingFetchOptions, input: string | URL | Request, init: RequestInit | undefined, host: string): Promise<Response> {
  const { signal, timeouts, reachability } = options;
  if (signal.aborted) throw new AbortError(abortReason(signal));
  let limit = reachability.state === 'reachable' ? timeouts.laterMs : timeouts.firstMs;
  const controller = new AbortController();
  const stop = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', stop, { once: true });
  let timer = setTimeout(() => controller.abort(new AnswerTimeout(limit)), limit);
  try {
    const response = await options.fetch(input, { ...init, signal: controller.signal });
    // Yahoo answered: the body, read here so that a connection stalling mid-answer is caught too, gets the time
    // of an answer from a reachable server
    if (reachability.state === 'unknown') reachability.state = 'reachable';
    if (limit !== timeouts.laterMs) {
      clearTimeout(timer);
      limit = timeouts.laterMs;
      timer = setTimeout(() => controller.abort(new AnswerTimeout(limit)), limit);
    }
    const body = await response.arrayBuffer();
    return new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  } catch (error) {
    if (signal.aborted) throw new AbortError(abortReason(signal));
    const timedOut = controller.signal.reason instanceof AnswerTimeout;
    const failure = new RequestFailure(timedOut ? `no answer from ${host} within ${limit / 1000} s` : networkProblem(error, host), 'network');
    if (reachability.state === 'unknown') {
      reachability.state = 'unreachable';
      reachability.reason = failure.message;
      options.onUnreachable(failure.message);
      throw new AbortError(failure);
    }
    if (reachability.state === 'unreachable') throw new AbortError(failure);
    throw failure;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', stop);
  }
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/**
 * The failure in a few words: undici says only `fetch failed` and puts the system's error (`getaddrinfo ENOTFOUND
 * query2.finance.yahoo.com`, `connect ECONNREFUSED 1.2.3.4:443`) in its cause.
 */
function networkProblem(error: unknown, host: string): string {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (cause.message) return cause.message;
    if (typeof code === 'string') return `${code} connecting to ${host}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Retry-After in milliseconds: seconds, or an HTTP date; null when absent or unreadable. */
function retryAfterMs(headers: Headers): number | null {
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** `{"chart":{"result":null,"error":{"code":"Not Found","description":"…"}}}`: Yahoo's own words for a failure. */
async function isYahooErrorAnswer(answer: Response): Promise<boolean> {
  try {
    const json: unknown = await answer.clone().json();
    if (typeof json !== 'object' || json === null) return false;
    const keys = Object.keys(json);
    const inner = keys.length === 1 ? (json as Record<string, unknown>)[keys[0]!] : undefined;
    const error = typeof inner === 'object' && inner !== null ? (inner as { error?: unknown }).error : undefined;
    return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
  } catch {
    return false;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
