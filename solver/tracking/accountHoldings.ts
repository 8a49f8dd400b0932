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
  /**
   * dollars per share at the as-of date, as the holdings file gives it; read only for a name outside
   * the universe, which has no market close to value it at (a name in the universe is valued at its close)
   */
  price?: number;
}

/** A sale already made, for the wash-sale rule: a loss sale blocks repurchase for 30 days. */
export interface RecentSale {
  ticker: string;
  /** ISO yyyy-mm-dd of the sale */
  date: string;
  /** dollars, negative for a loss */
  realizedGain: number;
  /** shares sold, when the report gives them (the rule does not need them) */
  shares?: number;
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

/**
 * A lot of a name outside the universe, with the price the holdings give it (a legacy position). The
 * model has no returns for it, so it cannot say what holding it does to the tracking: such a lot is
 * sold whole at `price`, its proceeds S_k q_k go to cash, and it is never bought (var.lot-sales).
 */
export interface OutsideLot extends TaxLot {
  /** q_k, dollars per share at the as-of date, > 0 */
  price: number;
  /** position of the lot in `holdings.lots` */
  lot: number;
}

export interface PlacedHoldings {
  /** H_i, shares held per name (aligned with problem.tickers) */
  shares: Float64Array;
  /** the lots of names in the universe, in holdings order */
  lots: PlacedLot[];
  /** the lots of names outside the universe that have a price, in holdings order */
  outside: OutsideLot[];
  /** tickers of lots outside the universe without a price: they can be neither valued nor traded */
  unknown: string[];
}

/**
 * The account's lots on the universe's names; lots of other names go to `outside` when the holdings
 * price them (q > 0), else to `unknown`. Tickers match without regard to case.
 */
export function placeHoldings(holdings: AccountHoldings, problem: TrackingProblem): PlacedHoldings {
  const byTicker = new Map(problem.tickers.map((t, i) => [t.toUpperCase(), i]));
  const shares = new Float64Array(problem.tickers.length);
  const lots: PlacedLot[] = [];
  const outside: OutsideLot[] = [];
  const unknown = new Set<string>();
  holdings.lots.forEach((lot, k) => {
    const name = byTicker.get(lot.ticker.trim().toUpperCase());
    if (name !== undefined) {
      shares[name]! += lot.shares;
      lots.push({ ...lot, name, lot: k });
    } else if (lot.price !== undefined && Number.isFinite(lot.price) && lot.price > 0) {
      outside.push({ ...lot, price: lot.price, lot: k });
    } else {
      unknown.add(lot.ticker);
    }
  });
  return { shares, lots, outside, unknown: [...unknown] };
}

/**
 * The lots in the order of the `lot-sales` variable set, each with the price its sale is made at:
 * the universe's lots (at the as-of close p_i), then the lots outside it (at their given price q_k).
 */
export function saleLots(placed: PlacedHoldings, prices: ArrayLike<number>): { lot: TaxLot; price: number }[] {
  return [...placed.lots.map((lot) => ({ lot, price: prices[lot.name]! })), ...placed.outside.map((lot) => ({ lot, price: lot.price }))];
}

/**
 * Dollars the account holds: cash + Σ_i H_i p_i at the as-of close + Σ_k S_k q_k over the priced lots
 * outside the universe (lots outside it without a price are not counted: they cannot be valued).
 */
export function holdingsValue(holdings: AccountHoldings, problem: TrackingProblem): number {
  const { shares, outside } = placeHoldings(holdings, problem);
  let v = holdings.cash;
  for (let i = 0; i < shares.length; i++) if (shares[i]! > 0) v += shares[i]! * problem.prices[i]!;
  for (const lot of outside) v += lot.shares * lot.price;
  return v;
}

/**
 * THE rule for the account value V that every weight is a fraction of, when an account has holdings:
 *   V = accountValue, when one is given;   else V = cash + Σ_i H_i p_i + Σ_k S_k q_k (holdingsValue);
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
