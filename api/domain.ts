/** JSON-plain domain types that cross every transport. */

export interface UniverseSummary {
  name: string;
  members: number;
  tickersWithPrices: number;
  firstDate: string | null;
  lastDate: string | null;
  tradingDays: number;
  priceRows: number;
  hasIndex: boolean;
}

export interface ImportSummary {
  universe: string;
  rows: number;
  tickers: number;
  firstDate: string;
  lastDate: string;
  days: number;
  members: number;
  indexRows: number;
  seconds: number;
  /** facts about the data that did not stop the import */
  warnings: string[];
}

export interface Span {
  id: number;
  parent: number | null;
  name: string;
  startMs: number;
  durationMs: number;
  attrs?: Record<string, unknown>;
}

export interface Holding {
  ticker: string;
  sector: string;
  weight: number;
  benchmarkWeight: number;
  /** whole (or fractional) shares when an account value was given */
  shares: number | null;
  price: number;
  value: number | null;
}

export interface OptimizeResult {
  runId: number;
  status: string;
  solver: string;
  solverVersion: string;
  solverStatus: string;
  useCase: string;
  universe: string;
  asOf: string;
  lookback: number;
  benchmark: 'cap' | 'index';
  objective: number | null;
  bound: number | null;
  gap: number | null;
  heuristicObjective: number | null;
  /** annualized tracking error √P·stdev(a_t) of the portfolio held, cash included */
  trackingError: number | null;
  /** mean absolute active return (1/L)Σ|a_t| of the portfolio held */
  meanAbsoluteDeviation: number | null;
  names: number;
  cash: number | null;
  accountValue: number | null;
  modelClass: string;
  modelSize: { columns: number; integerColumns: number; rows: number; nonzeros: number; quadraticNonzeros: number };
  holdings: Holding[];
  warnings: string[];
  spans: Span[];
  files: string[];
}
