import type { Account, AccountLot, TaxStatus } from '../../api/book.ts';
import { DemoRandom } from '../market/demoRandom.ts';
import { sectorExclusion } from './exclusions.ts';

/** What the demo book needs to know of a universe member. */
export interface BookMember {
  ticker: string;
  sector: string;
  industry: string;
  /** benchmark weight at the universe's last date (0 when unpriced) */
  weight: number;
  /** close at the universe's last date, dollars per share; null when unpriced */
  price: number | null;
}

export interface DemoBookOptions {
  count: number;
  seed: number;
  /** names the strategies (`<universe>-core`, …) */
  universe: string;
  /** the universe's last date: legacy lots are priced on it and acquired before it */
  asOf: string;
}

export interface DemoBook {
  accounts: Account[];
  lots: AccountLot[];
}

/** Account sizes: lognormal with median $150k and log-sd 1.0, clipped to [$10k, $5M] (about 0.4 % land on the lower clip). */
export const ACCOUNT_MEDIAN = 150_000;
export const ACCOUNT_LOG_SD = 1.0;
export const ACCOUNT_MIN = 10_000;
export const ACCOUNT_MAX = 5_000_000;
export const TAXABLE_SHARE = 0.6;
export const LEGACY_SHARE = 0.15;

/** Strategies as shares of the book; a strategy is a label the batch groups by. */
const strategies = [
  { suffix: 'core', share: 0.8 },
  { suffix: 'growth', share: 0.12 },
  { suffix: 'income', share: 0.08 },
] as const;

/** A restriction profile: an exclusion list and the share of accounts that carry it. */
export interface RestrictionProfile {
  label: string;
  share: number;
  exclude: string[];
}

/**
 * The restriction mix of a book on this universe: most accounts have none; the others carry one of a
 * handful of lists (so accounts with equal restrictions form clusters):
 *   8 % no Energy sector; 5 % the 4 largest Energy names (fossil fuels); 4 % the Tobacco industry;
 *   3 % the 4 largest Aerospace & Defense names; 3 % Energy sector and Tobacco;
 *   7 % an employer's stock: one of 5 names drawn from the 10 largest (1.4 % each).
 * A profile the universe cannot express (no Energy sector, no Tobacco industry, as in a universe
 * without sectors) is dropped and its share goes to "none". Exclusions are tickers of the universe, so
 * the book fits the universe it was generated for.
 */
export function restrictionProfiles(members: readonly BookMember[], random: DemoRandom): RestrictionProfile[] {
  const bySize = [...members].sort((a, b) => b.weight - a.weight || (a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : 0));
  const energy = bySize.filter((m) => m.sector === 'Energy');
  const tobacco = bySize.filter((m) => m.industry === 'Tobacco').map((m) => m.ticker);
  const defense = bySize.filter((m) => m.industry === 'Aerospace & Defense').slice(0, 4).map((m) => m.ticker);
  const energySector = energy.length > 0 ? [sectorExclusion('Energy')] : [];
  const profiles: RestrictionProfile[] = [
    { label: 'no energy sector', share: 0.08, exclude: energySector },
    { label: 'fossil fuels', share: 0.05, exclude: energy.slice(0, 4).map((m) => m.ticker) },
    { label: 'tobacco', share: 0.04, exclude: tobacco },
    { label: 'defense', share: 0.03, exclude: defense },
    { label: 'energy sector and tobacco', share: 0.03, exclude: energySector.length > 0 && tobacco.length > 0 ? [...energySector, ...tobacco] : [] },
  ];
  const largest = bySize.slice(0, 10).map((m) => m.ticker);
  const employers: string[] = [];
  while (employers.length < Math.min(5, largest.length)) {
    const ticker = random.pick(largest);
    if (!employers.includes(ticker)) employers.push(ticker);
  }
  for (const ticker of employers) profiles.push({ label: `employer stock ${ticker}`, share: 0.07 / employers.length, exclude: [ticker] });
  const kept = profiles.filter((p) => p.exclude.length > 0).map((p) => ({ ...p, exclude: [...new Set(p.exclude)].sort() }));
  const restricted = kept.reduce((sum, p) => sum + p.share, 0);
  return [{ label: 'none', share: 1 - restricted, exclude: [] }, ...kept];
}

/**
 * A deterministic demo book of `count` accounts on a universe (same members, options and seed: same
 * book). Per account, in order:
 *   value  = clip(exp(ln 150,000 + 1.0·z), 10,000, 5,000,000), z ~ N(0,1), in cents;
 *   taxable with probability 0.6, else deferred; a strategy and a restriction profile by their shares;
 *   with probability 0.15 legacy holdings: 3..25 names drawn by benchmark weight without replacement,
 *   50–95 % of the value invested, split by Exp(1) draws, floor(dollars / price) shares, each name in
 *   one lot or (30 %) two, acquired 30 days to 10 years before asOf, cost basis
 *   price · exp(−0.07·years + 0.3·z) (older lots mostly at a gain, some at a loss).
 * An account with lots has cash = value − shares at asOf's prices, rounded down to the cent (so value
 * is holdings plus cash to the cent); the others have no cash given (all cash). Legacy lots may hold names the account now
 * excludes: the batch must sell them.
 */
export function generateDemoBook(members: readonly BookMember[], options: DemoBookOptions): DemoBook {
  const random = new DemoRandom(options.seed);
  const profiles = restrictionProfiles(members, random);
  const priced = members.filter((m) => m.price !== null && m.price > 0);
  const picker = new WeightedPicker(priced.map((m) => (m.weight > 0 ? m.weight : 0)));
  const width = Math.max(6, String(options.count).length);
  const accounts: Account[] = [];
  const lots: AccountLot[] = [];
  for (let k = 0; k < options.count; k++) {
    const accountId = `A${String(k + 1).padStart(width, '0')}`;
    const value = cents(Math.min(ACCOUNT_MAX, Math.max(ACCOUNT_MIN, Math.exp(Math.log(ACCOUNT_MEDIAN) + ACCOUNT_LOG_SD * random.normal()))));
    const taxStatus: TaxStatus = random.uniform() < TAXABLE_SHARE ? 'taxable' : 'deferred';
    const strategy = `${options.universe}-${byShare(strategies, random.uniform()).suffix}`;
    const exclude = byShare(profiles, random.uniform()).exclude;
    let cash: number | null = null;
    if (random.uniform() < LEGACY_SHARE && priced.length > 0) {
      const held = legacyLots(accountId, value, priced, picker, random, options.asOf);
      if (held.length > 0) {
        const invested = held.reduce((sum, lot) => sum + lot.shares * priceOf(priced, lot), 0);
        cash = Math.floor((value - invested) * 100) / 100;
        lots.push(...held.map(({ index: _index, ...lot }) => lot));
      }
    }
    accounts.push({ accountId, strategy, value, taxStatus, exclude, cash });
  }
  return { accounts, lots };
}

type DrawnLot = AccountLot & { index: number };

function legacyLots(accountId: string, value: number, priced: readonly BookMember[], picker: WeightedPicker, random: DemoRandom, asOf: string): DrawnLot[] {
  const names = picker.distinct(random, Math.min(random.integer(3, 25), priced.length));
  const invested = value * (0.5 + 0.45 * random.uniform());
  const draws = names.map(() => -Math.log(1 - random.uniform()));
  const total = draws.reduce((sum, d) => sum + d, 0);
  const lots: DrawnLot[] = [];
  names.forEach((index, j) => {
    const member = priced[index]!;
    const shares = Math.floor((invested * draws[j]!) / total / member.price!);
    if (shares === 0) return;
    const split = shares >= 2 && random.uniform() < 0.3 ? random.integer(1, shares - 1) : shares;
    for (const part of split === shares ? [shares] : [split, shares - split]) {
      const daysAgo = random.integer(30, 3650);
      const basis = member.price! * Math.exp((-0.07 * daysAgo) / 365.25 + 0.3 * random.normal());
      lots.push({ accountId, ticker: member.ticker, shares: part, costBasis: Math.max(0.01, cents(basis)), acquired: daysBefore(asOf, daysAgo), index });
    }
  });
  return lots;
}

function priceOf(priced: readonly BookMember[], lot: DrawnLot): number {
  return priced[lot.index]!.price!;
}

/** Draws indices with probability ∝ weight (uniform when no weight is positive), by binary search on the cumulative weights. */
class WeightedPicker {
  private readonly cumulative: Float64Array;

  constructor(weights: readonly number[]) {
    const uniform = !weights.some((w) => w > 0);
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      sum += uniform ? 1 : w;
      this.cumulative[i] = sum;
    });
  }

  /** `k` distinct indices (k at most the number with positive weight). */
  distinct(random: DemoRandom, k: number): number[] {
    const total = this.cumulative[this.cumulative.length - 1] ?? 0;
    const chosen = new Set<number>();
    // Rejection stays cheap: k ≤ 25 and the largest names hold a few percent each; the cap guards a degenerate universe.
    for (let tries = 0; chosen.size < k && tries < 50 * k; tries++) chosen.add(this.search(random.uniform() * total));
    return [...chosen];
  }

  private search(target: number): number {
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.cumulative[mid]! > target) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}

function byShare<T extends { share: number }>(items: readonly T[], u: number): T {
  let sum = 0;
  for (const item of items) {
    sum += item.share;
    if (u < sum) return item;
  }
  return items[items.length - 1]!;
}

function cents(dollars: number): number {
  return Math.round(dollars * 100) / 100;
}

function daysBefore(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) - days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}
