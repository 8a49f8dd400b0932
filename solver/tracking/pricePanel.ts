/**
 * Prices of one universe over a window of dates, as the store reads them: the raw material
 * from which the universe, returns and benchmark of DESIGN section 3 are computed.
 */
export interface PricePanel {
  universe: string;
  /** ascending ISO dates of the window */
  dates: string[];
  /** every member of the universe, in a stable order */
  tickers: string[];
  sectors: string[];
  /** market cap per member, null when unknown */
  marketCaps: (number | null)[];
  /** explicit benchmark weight per member (constituents `weight` column), null when absent */
  weights: (number | null)[];
  /** raw close, row-major by date: close[t * tickers.length + i]; NaN where there is no price */
  close: Float64Array;
  /** adj_close, same layout; NaN where empty (returns then use close) */
  adjClose: Float64Array;
  /** index close per date, NaN where missing; null when the universe has no index series */
  indexClose: Float64Array | null;
}
