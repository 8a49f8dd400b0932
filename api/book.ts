/**
 * JSON-plain types of the SMA book (issue 5): accounts, representative clusters, whole-share allocations,
 * the audit of the batch against individually optimized accounts, and account minimums.
 */
import type { Span } from './domain.ts';

export type TaxStatus = 'taxable' | 'deferred';

/** One account of the book, as `accounts.csv` gives it: account_id,strategy,value,tax_status,exclude[,cash]. */
export interface Account {
  accountId: string;
  /** the strategy the account follows (a label: accounts of one strategy share a benchmark and use case) */
  strategy: string;
  /** dollars: the account's total value (holdings at market plus cash) */
  value: number;
  taxStatus: TaxStatus;
  /** exclusions as given: tickers (upper case) and `sector:NAME` entries, sorted, no duplicates */
  exclude: string[];
  /** dollars of cash, when given; else the value not held in shares */
  cash: number | null;
}

/** One tax lot of one account, as the book's holdings CSV gives it: account_id,ticker,shares[,cost_basis,acquired]. */
export interface AccountLot {
  accountId: string;
  ticker: string;
  shares: number;
  costBasis: number | null;
  acquired: string | null;
}

/** What `accounts/import` stored. */
export interface AccountsImportSummary {
  book: string;
  accounts: number;
  lots: number;
  strategies: string[];
  taxable: number;
  deferred: number;
  totalValue: number;
  warnings: string[];
}

/** A stored book, a row per account with its lot count, for the Book screen. */
export interface AccountRow extends Account {
  lots: number;
}

/** The key accounts are grouped by before size banding. */
export interface ClusterKey {
  strategy: string;
  exclude: string[];
  taxStatus: TaxStatus;
}

/** A size band: the accounts it holds and what its smallest account can implement. */
export interface SizeBand {
  minValue: number;
  maxValue: number;
  /** the names the band's model may hold, and its smallest position (held or zero) */
  maxNames: number;
  minWeight: number;
}

export interface ClusterSummary {
  clusterId: string;
  key: ClusterKey;
  band: SizeBand;
  accounts: number;
  minValue: number;
  maxValue: number;
  /** the cluster model's tracking error at the band's smallest account, in whole shares */
  trackingError: number | null;
  /** names in the cluster's target */
  names: number;
  /** the smallest account value whose whole-share portfolio meets the target tracking error, when asked */
  accountMinimum: number | null;
  /** accounts of the cluster below that minimum */
  belowMinimum: number;
  solveStatus: string;
}

/**
 * How the batch served an account: `allocated` from its own cluster's targets; `fallback` from another
 * cluster's target because its own model has none (the reason says which and why); `unallocated`: no
 * target could serve it, it keeps its holdings (its excluded names sold), and the reason says why.
 */
export type AccountStatus = 'allocated' | 'fallback' | 'unallocated';

/** One account after the batch: its whole-share portfolio against its cluster's target. */
export interface AccountOutcome {
  accountId: string;
  clusterId: string;
  value: number;
  cash: number;
  names: number;
  trackingError: number;
  trades: number;
  belowMinimum: boolean;
  status: AccountStatus;
  /** the model whose target the account holds (its band's, or the next band's when that tracks better) */
  target: string | null;
  reason: string | null;
}

/** A cluster model that produced no target, and the clusters it leaves to a fallback. */
export interface FailedModel {
  model: string;
  status: string;
  message: string | null;
  clusters: string[];
}

/** Ratios of tracking error, the batch's over a baseline's (above 1: the batch is worse): their distribution. */
export interface RatioStats {
  accounts: number;
  median: number;
  p90: number;
  max: number;
}

/** One audited account: its tracking error in the batch and under the two baselines. */
export interface AuditedAccount {
  accountId: string;
  value: number;
  /** the account's size band (1-based, as clusters.csv numbers them) */
  band: number;
  batch: number;
  /** optimized alone under its own limits (name limit, minimum position and screen of its own value, its own exclusions), in whole shares; null when the solve found nothing */
  individual: number | null;
  /** its own fractional LP target (its exclusions, no band limits) rounded by the knapsack under the same holdings and rules */
  ownLpRounded: number | null;
  /** batch / individual */
  ratio: number | null;
  /** batch / ownLpRounded */
  ratioOwnLp: number | null;
}

/** The audit of one size band. */
export interface AuditBand {
  band: number;
  minValue: number;
  maxValue: number;
  /** accounts of the book in the band */
  bookAccounts: number;
  individual: RatioStats;
  ownLp: RatioStats;
}

/**
 * The audit: a sample of accounts, stratified by size band, each compared with what a user would otherwise
 * do: (a) the account optimized alone under its own limits, (b) its own fractional LP target rounded to
 * whole shares. `median`, `p90` and `max` are (a)'s over the sample; `book` weighs each sampled account by
 * its band's share of the book, so the figures speak for the book's accounts, not the sample's.
 */
export interface AuditSummary {
  accounts: number;
  ratios: AuditedAccount[];
  median: number;
  p90: number;
  max: number;
  ownLp: RatioStats;
  byBand: AuditBand[];
  /** the book-weighted medians and 90th percentiles of both ratios */
  book: { individual: { median: number; p90: number }; ownLp: { median: number; p90: number } };
  /** seconds for the individual solves, and what the whole book would take one account at a time */
  individualSeconds: number;
  extrapolatedBookSeconds: number;
}

export interface BatchResult {
  runId: number;
  universe: string;
  useCase: string;
  asOf: string;
  accounts: number;
  clusters: ClusterSummary[];
  /** the accounts' tracking errors: median, 90th percentile, max */
  trackingError: { median: number; p90: number; max: number };
  belowMinimum: number;
  /** accounts served by another cluster's target, and accounts not allocated at all (each with its reason in outcomes) */
  fallback: number;
  unallocated: number;
  /** cluster models without a target */
  failedModels: FailedModel[];
  /** true when any model failed or any account was not allocated: the command exits 2 unless partial results are allowed */
  partial: boolean;
  audit: AuditSummary | null;
  /** the batch's wall time, the audit left out (its own time is audit.individualSeconds) */
  seconds: number;
  files: string[];
  spans: Span[];
  warnings: string[];
}

/** One point of the account-minimum frontier. */
export interface FrontierPoint {
  accountValue: number;
  trackingError: number;
  names: number;
  cashWeight: number;
  /** false: whole shares; true: fractional shares (the lower bound the whole-share line approaches) */
  fractional: boolean;
}

/**
 * How the minimum was placed between two sizes of the grid: bisection on whole dollars between the last
 * size above the target and the first at or below it, until minimum − below ≤ tolerance × below.
 */
export interface MinimumSearch {
  /** the minimum's whole-share tracking error (at most the target) */
  trackingError: number;
  /** the largest account value tried whose tracking error is above the target */
  below: number;
  belowTrackingError: number;
  /** relative width at which the bisection stopped */
  tolerance: number;
  /** account values the bisection tried */
  probes: number;
}

/** A fractional target the frontier's whole-share portfolios were rounded from: the use case, or it under a name limit. */
export interface FrontierTargetSummary {
  label: string;
  /** the name limit it was solved under; null for the use case as it stands */
  nameLimit: number | null;
  names: number;
  trackingError: number;
}

export interface MinimumsResult {
  runId: number;
  universe: string;
  useCase: string;
  asOf: string;
  teTarget: number;
  points: FrontierPoint[];
  /**
   * the smallest account value whose whole-share tracking error is at most the target: the first size of the
   * grid that meets it, refined by bisection against the size below it; null if no size meets it
   */
  minimum: number | null;
  /** the bisection that placed the minimum; null when the smallest size already meets the target, or none does */
  search: MinimumSearch | null;
  targets: FrontierTargetSummary[];
  seconds: number;
  files: string[];
  spans: Span[];
  warnings: string[];
}

/** A stored batch run, for the Book screen's run picker (book/runs). */
export interface BatchRunSummary {
  runId: number;
  createdAt: string;
  status: string;
  universe: string;
  useCase: string;
  asOf: string;
  accounts: number;
  clusters: number;
  belowMinimum: number;
  /** accounts served by a fallback target, and not allocated (0 for runs stored before these were counted) */
  fallback: number;
  unallocated: number;
  trackingError: { median: number; p90: number; max: number };
  seconds: number;
}

/** A stored batch run for the Book screen (book/run): the run picker's figures and every cluster's summary, without its accounts. */
export interface BatchRunDetail extends Omit<BatchRunSummary, 'clusters'> {
  clusters: ClusterSummary[];
}

/** Quantiles of a figure over a cluster's accounts. */
export interface Quantiles {
  min: number;
  p10: number;
  median: number;
  p90: number;
  max: number;
}

/** One name of a cluster's fractional target, beside the benchmark. */
export interface TargetName {
  ticker: string;
  sector: string;
  weight: number;
  benchmarkWeight: number;
}

/** A cluster of a stored batch (book/cluster): its summary, target and how its accounts spread around it. */
export interface ClusterDetail {
  runId: number;
  summary: ClusterSummary;
  /** the model the cluster's target came from (its first cluster's id) */
  model: string;
  target: TargetName[];
  /** its members in the run's order: all of them, or the first `limit` asked for (summary.accounts counts them all) */
  accounts: AccountOutcome[];
  /** over all its members */
  dispersion: { trackingError: Quantiles; cashWeight: Quantiles };
}

/** One name of an account after the batch: what it holds against its cluster's target. */
export interface AccountHolding {
  ticker: string;
  shares: number;
  price: number;
  value: number;
  weight: number;
  targetWeight: number;
}

/** One trade of an account; `price` and `value` are null for a name outside the universe, sold whole. */
export interface AccountTrade {
  ticker: string;
  side: 'buy' | 'sell';
  shares: number;
  price: number | null;
  value: number | null;
}

/**
 * An account of a stored batch (book/account): its whole shares, cash and trades as the batch stored them,
 * at the run's prices; the same whatever became of the book, the use case or the market since.
 */
export interface AccountDetail {
  runId: number;
  account: Account;
  outcome: AccountOutcome;
  /** the value the mapping used (the account's, or its holdings plus cash when those are worth more) */
  value: number;
  cash: number;
  holdings: AccountHolding[];
  trades: AccountTrade[];
}
