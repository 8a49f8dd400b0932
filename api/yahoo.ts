/** JSON-plain types of the Yahoo Finance import (`data/yahoo`, `jessica data yahoo`). */

/** A ticker the import could not bring in, and why (it is counted, listed, and makes the import partial). */
export interface TickerFailure {
  ticker: string;
  /** e.g. `no data found, symbol may be delisted`, `HTTP 429 after 5 tries`, `response not in chart's shape: …` */
  reason: string;
}

export interface YahooImportSummary {
  universe: string;
  /** where the list of tickers came from: `holdings FILE (IVV)`, `constituents FILE`, `--tickers` */
  source: string;
  /** tickers asked for (after the holdings file's cash, futures and other non-equity rows were left out); the index is not counted */
  requested: number;
  /** tickers that got new prices in this run */
  updated: number;
  /** tickers whose prices were already up to date (nothing fetched but the quote) */
  upToDate: number;
  /** tickers whose whole history was fetched again because a split or dividend changed their adjusted closes */
  readjusted: number;
  /** the tickers (and the index, when its series failed) that brought no prices, each with its reason */
  failed: TickerFailure[];
  /** price rows written (new dates and re-adjusted history) */
  rows: number;
  /** days Yahoo listed without a close, left out (summed over the tickers) */
  skippedDays: number;
  /** the Yahoo symbol of the index series imported beside the prices (`^GSPC`), or null; a failure of it is in `failed` */
  index: string | null;
  /** index closes written */
  indexRows: number;
  /** rows of the holdings file that are not listed stocks (cash, futures, money market, rights, unlisted): left out, not failures */
  leftOut: number;
  /** members whose market cap and shares outstanding came from a quote */
  quotes: number;
  /** the dates of the price rows written in this run (null when none was) */
  firstDate: string | null;
  lastDate: string | null;
  /** true when any ticker failed: the CLI exits 2 unless --allow-partial */
  partial: boolean;
  seconds: number;
  warnings: string[];
}
