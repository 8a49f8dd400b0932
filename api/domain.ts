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

/** One sector of the optimization universe: the portfolio's weight, the benchmark's, and the difference. */
export interface SectorActiveWeight {
  sector: string;
  weight: number;
  benchmarkWeight: number;
  /** weight − benchmarkWeight; over all sectors these sum to −cash weight */
  active: number;
  /** names of the sector the portfolio holds */
  names: number;
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
  /** dollars of cash when an account value was given, else the weight in cash */
  cash: number | null;
  /** c = 1 − Σ w_i, the weight left in cash (what portfolio.csv's CASH row says) */
  cashWeight: number;
  accountValue: number | null;
  modelClass: string;
  modelSize: { columns: number; integerColumns: number; rows: number; nonzeros: number; quadraticNonzeros: number };
  holdings: Holding[];
  /** every sector of the universe against the benchmark, largest benchmark weight first */
  sectors: SectorActiveWeight[];
  warnings: string[];
  spans: Span[];
  files: string[];
  /** `solver: 'race'`: every entrant and how it ended */
  race?: RaceEntrant[];
}

/** One solver of a race and how it ended: the winner, or stopped by the race, or finished worse, or failed. */
export interface RaceEntrant {
  solver: string;
  outcome: 'won' | 'cancelled' | 'finished' | 'failed' | 'skipped';
  status: string;
  objective: number | null;
  bound: number | null;
  seconds: number;
  message: string | null;
}
