import type { TrackingProblem } from './trackingProblem.ts';

/**
 * What one account holds before it is traded: its cash and its tax lots, JSON-plain so that it
 * crosses a worker boundary and sits in a run record as it is.
 */
export interface TaxLot {
  ticker: string;
  /** shares in the lot, > 0 */
  shares: number;
  /** dollars paid per share, when known (tax components need it) */
  costBasis?: number;
  /** ISO yyyy-mm-dd the lot was bought, when known (the holding period and the wash-sale rule need it) */
  acquired?: string;
}

/** A sale already made, for the wash-sale rule: a loss sale blocks repurchase for 30 days. */
export interface RecentSale {
  ticker: string;
  /** ISO yyyy-mm-dd of the sale */
  date: string;
  /** dollars, negative for a loss */
  realizedGain: number;
}

export interface AccountHoldings {
  /** dollars of cash in the account, ≥ 0 */
  cash: number;
  /** one entry per tax lot; several lots may share a ticker */
  lots: TaxLot[];
  recentSales?: RecentSale[];
}

/** The wash-sale window: a purchase within this many days of a loss sale (either side) disallows the loss. */
export const WASH_SALE_DAYS = 30;

/** A lot held at least this many days is long-term. */
export const LONG_TERM_DAYS = 365;

/** A lot of the account placed in the universe: `name` indexes problem.tickers. */
export interface PlacedLot extends TaxLot {
  name: number;
  /** position of the lot in `holdings.lots`, so that messages and labels point at the user's row */
  lot: number;
}

export interface PlacedHoldings {
  /** H_i, shares held per name (aligned with problem.tickers) */
  shares: Float64Array;
  lots: PlacedLot[];
  /** tickers of lots that are not in the universe: they have no price, so they cannot be valued or traded */
  unknown: string[];
}

/** The account's lots on the universe's names. Tickers match without regard to case. */
export function placeHoldings(holdings: AccountHoldings, problem: TrackingProblem): PlacedHoldings {
  const byTicker = new Map(problem.tickers.map((t, i) => [t.toUpperCase(), i]));
  const shares = new Float64Array(problem.tickers.length);
  const lots: PlacedLot[] = [];
  const unknown = new Set<string>();
  holdings.lots.forEach((lot, k) => {
    const name = byTicker.get(lot.ticker.trim().toUpperCase());
    if (name === undefined) {
      unknown.add(lot.ticker);
      return;
    }
    shares[name]! += lot.shares;
    lots.push({ ...lot, name, lot: k });
  });
  return { shares, lots, unknown: [...unknown] };
}

/** Dollars the account holds: cash + Σ_i H_i p_i at the as-of close (names outside the universe are not counted). */
export function holdingsValue(holdings: AccountHoldings, problem: TrackingProblem): number {
  const { shares } = placeHoldings(holdings, problem);
  let v = holdings.cash;
  for (let i = 0; i < shares.length; i++) if (shares[i]! > 0) v += shares[i]! * problem.prices[i]!;
  return v;
}

/**
 * THE rule for the account value V that every weight is a fraction of, when an account has holdings:
 *   V = accountValue, when one is given;   else V = cash + Σ_i H_i p_i (the holdings' value at the as-of close);
 *   minus the withdrawal W, when one is asked for.
 * A V below the holdings' value is a withdrawal of the difference and a V above it a deposit: the
 * budget row Σ_i w_i + c = 1 with w_i = h_i + b_i − s_i then leaves exactly that much more or less cash.
 * The caller puts the result in ModelContext.accountValue, so that var.whole-shares counts shares
 * against the same V as var.trades.
 */
export function resolveAccountValue(
  holdings: AccountHoldings | undefined,
  problem: TrackingProblem,
  options: { accountValue?: number; withdrawal?: number } = {},
): number | undefined {
  const base = options.accountValue ?? (holdings ? holdingsValue(holdings, problem) : undefined);
  if (base === undefined) return undefined;
  return base - (options.withdrawal ?? 0);
}

/** Whole days from ISO date `from` to ISO date `to` (negative when `from` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Short-term when held fewer than 365 days at the as-of date, else long-term. */
export function holdingPeriod(acquired: string, asOf: string): 'short' | 'long' {
  return daysBetween(acquired, asOf) < LONG_TERM_DAYS ? 'short' : 'long';
}

/**
 * Gain per unit of sale weight of a lot: selling x (a fraction of V) of lot k of name i sells
 * x V / p_i shares and realizes x V (1 − basis_k / p_i) dollars, so its gain fraction is
 * g_k = 1 − basis_k / p_i (negative for a loss).
 */
export function gainFraction(costBasis: number, price: number): number {
  return 1 - costBasis / price;
}
