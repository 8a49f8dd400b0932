import { escapeText } from '../../quotedText.ts';
import { MalformedChart } from './dailyHistory.ts';
import { RequestFailure } from './retryingFetch.ts';

/**
 * Yahoo could not be reached at all (no route, no name, no answer within the first request's timeout), or stopped
 * answering mid-run: the import stops, and says so in one line. Not bad input, so the CLI exits 2.
 */
export class YahooUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YahooUnreachable';
  }
}

/** The longest reason reported for one ticker: Yahoo's messages can quote a whole answer. */
const MAX_REASON_CHARS = 160;

/**
 * Why a request for `what` (a chart, quotes) failed, in a few words for the list of failed tickers. Never the
 * answer itself: yahoo-finance2 puts a body it cannot parse, or a whole unexpected JSON, into its messages.
 */
export function failureReason(error: unknown, what: 'chart' | 'quotes'): string {
  if (error instanceof RequestFailure || error instanceof MalformedChart) return error.message;
  if (!(error instanceof Error)) return escapeText(String(error), MAX_REASON_CHARS);
  if (error.name === 'FailedYahooValidationError') {
    const first = (error as { errors?: { instancePath?: string; message?: string; params?: { missing?: unknown } }[] }).errors?.[0];
    const missing = first?.params?.missing;
    const names = Array.isArray(missing) && missing.every((name) => typeof name === 'string') ? `: ${missing.join(', ')}` : '';
    const problem = (first?.message ?? '').replace(/^[A-Z](?=[a-z])/, (letter) => letter.toLowerCase());
    const where = first === undefined ? '' : `: ${first.instancePath || 'the answer'} ${problem}${names}`.trimEnd();
    return escapeText(`the answer is not in the shape of Yahoo's ${what}${where}`, MAX_REASON_CHARS);
  }
  if (error.name === 'HTTPError') return `HTTP ${(error as { code?: unknown }).code ?? 'error'}`;
  if (error.message.startsWith('Response.ok where we expect JSON')) return `the answer is not JSON`;
  if (error.message.startsWith('Unexpected result') || error instanceof TypeError) return `the answer holds no ${what}`;
  return escapeText(`Yahoo: ${error.message}`, MAX_REASON_CHARS);
}

/** Whether the failure was the network's (the connection, not an answer): many in a row mean Yahoo is gone. */
export function isNetworkFailure(error: unknown): boolean {
  return error instanceof RequestFailure && error.kind === 'network';
}
