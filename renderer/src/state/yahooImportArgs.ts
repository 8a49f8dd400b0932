import type { ApiError } from '../../../api/envelope.ts';
import type { MethodArgs } from '../../../api/methods.ts';

/** Where a Yahoo import's tickers come from: an iShares holdings download, a constituents CSV, or a typed list. */
export type TickerSource = 'holdings' | 'constituents' | 'tickers';

/** The Yahoo panel's form as typed; each source keeps its own text, so switching back and forth loses nothing. */
export interface YahooForm {
  universe: string;
  source: TickerSource;
  holdingsFile: string;
  constituentsFile: string;
  /** separated by commas, spaces or lines */
  tickers: string;
  /** yyyy-mm-dd or blank */
  from: string;
  /** a Yahoo symbol such as ^GSPC, or blank */
  index: string;
}

export const blankYahooForm: YahooForm = { universe: '', source: 'holdings', holdingsFile: '', constituentsFile: '', tickers: '', from: '', index: '' };

/** The tickers of a typed list, in the order given, each once. */
export function tickerList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter((t) => t !== ''))];
}

function missing(field: string, message: string): { error: ApiError } {
  return { error: { code: 'bad-input', message, where: { field } } };
}

/**
 * The form as `data/yahoo` arguments: the chosen source alone (the contract takes exactly one of holdingsFile,
 * constituentsFile and tickers), `from` and `index` only when given; or the first field left empty.
 */
export function yahooImportArgs(form: YahooForm): { args: MethodArgs<'data/yahoo'> } | { error: ApiError } {
  const universe = form.universe.trim();
  if (!universe) return missing('universe', 'universe: give the name of the universe to import into');
  let source: Pick<MethodArgs<'data/yahoo'>, 'holdingsFile' | 'constituentsFile' | 'tickers'>;
  if (form.source === 'holdings') {
    const file = form.holdingsFile.trim();
    if (!file) return missing('holdingsFile', 'holdingsFile: give the iShares holdings file (IVV or IWM download)');
    source = { holdingsFile: file };
  } else if (form.source === 'constituents') {
    const file = form.constituentsFile.trim();
    if (!file) return missing('constituentsFile', 'constituentsFile: give the constituents CSV');
    source = { constituentsFile: file };
  } else {
    const tickers = tickerList(form.tickers);
    if (tickers.length === 0) return missing('tickers', 'tickers: give at least one ticker');
    source = { tickers };
  }
  const from = form.from.trim();
  const index = form.index.trim();
  return { args: { universe, ...source, ...(from ? { from } : {}), ...(index ? { index } : {}) } };
}
