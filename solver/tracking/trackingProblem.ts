/**
 * The data an index-tracking model is built from: a universe of n investable names observed over
 * L return periods ending at the as-of date (DESIGN section 3).
 */
export interface TrackingProblem {
  universe: string;
  /** the as-of date d, ISO yyyy-mm-dd */
  asOf: string;
  /** the L+1 dates whose prices define the L returns; dates[L] = asOf */
  dates: string[];
  tickers: string[];
  /** GICS sector per ticker ('' when unknown) */
  sectors: string[];
  /** r_{t,i} = P_{t,i}/P_{t-1,i} − 1, row-major by period: returns[t * n + i], t = 0..L-1 */
  returns: Float64Array;
  /** r^B_t, t = 0..L-1 */
  benchmarkReturns: Float64Array;
  /** b_i, summing to 1 over the universe (cap or weight column); drives sector bands */
  benchmarkWeights: Float64Array;
  /** raw close at the as-of date, for whole shares */
  prices: Float64Array;
  /** P in √P·stdev(a_t): 252 daily, 52 weekly, 12 monthly */
  periodsPerYear: number;
  /** 'cap' (b-weighted member returns) or 'index' (the index series) */
  benchmark: 'cap' | 'index';
  /** members left out of the universe and why */
  warnings: string[];
}

export function periodCount(p: TrackingProblem): number {
  return p.benchmarkReturns.length;
}

export function nameCount(p: TrackingProblem): number {
  return p.tickers.length;
}
