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
  /**
   * how accounts get their exclusions: `individual` (default) drawn account by account (individualRestrictions),
   * `sets` one of a handful of shared lists (restrictionProfiles, the book of earlier versions, byte for byte)
   */
  restrictions?: RestrictionMode | undefined;
}

export const RESTRICTION_MODES = ['individual', 'sets'] as const;
export type RestrictionMode = (typeof RESTRICTION_MODES)[number];

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
 * The restriction mix of a `sets` book on this universe: most accounts have none; the others carry one of a
 * handful of lists (so accounts with equal restrictions form clusters; at most 11 lists in all):
 *   8 % no Energy sector; 5 % the 4 largest Energy names (fossil fuels); 4 % the Tobacco industry;
 *   3 % the 4 largest Aerospace & Defense names; 3 % Energy sector and Tobacco;
 *   7 % an employer's stock: one of 5 names drawn from the 10 largest (1.4 % each).
 * A profile the universe cannot express (no Energy sector, no Tobacco industry, as in a universe
 * without sectors) is dropped and its share goes to "none". Exclusions are tickers of the universe, so
 * the book fits the universe it was generated for.
 */
export function restrictionProfiles(members: readonly BookMember[], random: DemoRandom): RestrictionProfile[] {
  const bySize = largestFirst(members);
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

/** Individual restrictions: the share of accounts excluding an employer's stock, and the pool it is drawn from. */
export const EMPLOYER_SHARE = 1 / 3;
export const EMPLOYER_POOL = 300;
/** The share of accounts with a values screen, and of those the share that add names of their own. */
export const SCREEN_SHARE = 0.25;
export const OWN_NAMES_SHARE = 1 / 3;
/** Own names come half from the largest names (this many), half from one disliked industry. */
export const OWN_NAMES_LARGEST = 100;
/** The industries (GICS sub-industries, as the real S&P 500 data spells them) of the alcohol and gambling screens. */
export const ALCOHOL_INDUSTRIES: readonly string[] = ['Brewers', 'Distillers & Vintners'];
export const GAMBLING_INDUSTRIES: readonly string[] = ['Casinos & Gaming'];

/** A values screen: its exclusions and its share among the screened accounts (empty when the universe cannot express it). */
export interface ScreenFamily {
  label: string;
  share: number;
  exclude: string[];
}

/**
 * The values screens on this universe, with their shares among screened accounts (summing to 1):
 *   30 % no Energy sector (`sector:Energy`); 20 % fossil fuels, the 4 largest Energy names;
 *   15 % the Tobacco industry; 12 % defense, the 4 largest Aerospace & Defense names;
 *    8 % Energy sector and Tobacco; 8 % alcohol (Brewers, Distillers & Vintners); 7 % gambling (Casinos & Gaming).
 * A screen the universe cannot express keeps its share with an empty list: an account that draws it has
 * no screen, so its share goes to "none" (the demo market has no alcohol or gambling industry: 15 % of
 * the screens, so 21.25 % of its accounts are screened rather than 25 %).
 */
export function screenFamilies(members: readonly BookMember[]): ScreenFamily[] {
  const bySize = largestFirst(members);
  const energy = bySize.filter((m) => m.sector === 'Energy');
  const tickers = (keep: (m: BookMember) => boolean, n = Infinity) => bySize.filter(keep).slice(0, n).map((m) => m.ticker);
  const energySector = energy.length > 0 ? [sectorExclusion('Energy')] : [];
  const tobacco = tickers((m) => m.industry === 'Tobacco');
  const families: ScreenFamily[] = [
    { label: 'no energy sector', share: 0.3, exclude: energySector },
    { label: 'fossil fuels', share: 0.2, exclude: energy.slice(0, 4).map((m) => m.ticker) },
    { label: 'tobacco', share: 0.15, exclude: tobacco },
    { label: 'defense', share: 0.12, exclude: tickers((m) => m.industry === 'Aerospace & Defense', 4) },
    { label: 'energy sector and tobacco', share: 0.08, exclude: energySector.length > 0 && tobacco.length > 0 ? [...energySector, ...tobacco] : [] },
    { label: 'alcohol', share: 0.08, exclude: tickers((m) => ALCOHOL_INDUSTRIES.includes(m.industry)) },
    { label: 'gambling', share: 0.07, exclude: tickers((m) => GAMBLING_INDUSTRIES.includes(m.industry)) },
  ];
  return families.map((f) => ({ ...f, exclude: [...new Set(f.exclude)].sort() }));
}

/** What an account drew in `individual` mode, and the exclusion list that results. */
export interface AccountRestriction {
  /** the employer's ticker, or null */
  employer: string | null;
  /** the screen family's label, or null (none drawn, or one the universe cannot express) */
  screen: string | null;
  /** the names the account added to its screen itself */
  ownNames: string[];
  /** sorted, without duplicates, without tickers of an excluded sector */
  exclude: string[];
}

/**
 * Individual restrictions, account by account, as real SMA books have them (two independent draws):
 *   employer stock with probability 1/3: one name uniform among the 300 largest by benchmark weight;
 *   a values screen with probability 1/4: a family of screenFamilies by its share; of the screened
 *   accounts 1/3 add 1..3 names of their own (uniform count), each with probability 1/2 uniform among
 *   the 100 largest names, else uniform among the names of one disliked industry (drawn uniform among
 *   the universe's industries, once per account); a name the list already excludes is drawn again.
 * On a universe that expresses every screen: 1/3 employer, 1/4 screened, 1/12 ≈ 8.3 % both, 1/2 none;
 * 1/12 ≈ 8.3 % of all accounts add names of their own. A ticker in an excluded sector is dropped from
 * the list (the sector covers it). The draws come from `random`, one account after another.
 */
export class IndividualRestrictions {
  private readonly employers: string[];
  private readonly families: ScreenFamily[];
  private readonly largest: string[];
  private readonly industries: string[][];
  private readonly sectorOf: Map<string, string>;

  constructor(members: readonly BookMember[]) {
    const bySize = largestFirst(members);
    this.employers = bySize.slice(0, EMPLOYER_POOL).map((m) => m.ticker);
    this.largest = bySize.slice(0, OWN_NAMES_LARGEST).map((m) => m.ticker);
    this.families = screenFamilies(members);
    const byIndustry = new Map<string, string[]>();
    for (const m of bySize) if (m.industry !== '') byIndustry.set(m.industry, [...(byIndustry.get(m.industry) ?? []), m.ticker]);
    this.industries = [...byIndustry.keys()].sort().map((k) => byIndustry.get(k)!);
    this.sectorOf = new Map(members.map((m) => [m.ticker, m.sector]));
  }

  draw(random: DemoRandom): AccountRestriction {
    const employer = random.uniform() < EMPLOYER_SHARE && this.employers.length > 0 ? random.pick(this.employers) : null;
    let screen: ScreenFamily | null = null;
    const ownNames: string[] = [];
    if (random.uniform() < SCREEN_SHARE) {
      const family = byShare(this.families, random.uniform());
      if (family.exclude.length > 0) screen = family;
    }
    const entries = new Set<string>(screen?.exclude ?? []);
    if (employer !== null) entries.add(employer);
    if (screen !== null && random.uniform() < OWN_NAMES_SHARE) {
      const wanted = random.integer(1, 3);
      const industry = this.industries.length > 0 ? random.pick(this.industries) : this.largest;
      for (let tries = 0; ownNames.length < wanted && tries < 20 * wanted; tries++) {
        const ticker = random.uniform() < 0.5 || industry.length === 0 ? random.pick(this.largest) : random.pick(industry);
        if (ticker === undefined || entries.has(ticker) || this.covered(ticker, entries)) continue;
        ownNames.push(ticker);
        entries.add(ticker);
      }
    }
    const exclude = [...entries].filter((e) => !this.covered(e, entries)).sort();
    return { employer, screen: screen?.label ?? null, ownNames: ownNames.sort(), exclude };
  }

  /** a ticker whose sector the list excludes */
  private covered(entry: string, entries: ReadonlySet<string>): boolean {
    const sector = this.sectorOf.get(entry);
    return sector !== undefined && sector !== '' && entries.has(sectorExclusion(sector));
  }
}

/** The seed of the individual restriction draws: a stream of their own, so sizes, tax status, strategies and lots are the same in both modes. */
export function restrictionSeed(seed: number): number {
  return (Math.imul(seed | 0, 0x2c9277b5) + 0x5bd1e995) | 0;
}

/** The individual restrictions of a book's accounts, in account order (as generateDemoBook draws them). */
export function drawIndividualRestrictions(members: readonly BookMember[], seed: number, count: number): AccountRestriction[] {
  const drawer = new IndividualRestrictions(members);
  const random = new DemoRandom(restrictionSeed(seed));
  return Array.from({ length: count }, () => drawer.draw(random));
}

function largestFirst(members: readonly BookMember[]): BookMember[] {
  return [...members].sort((a, b) => b.weight - a.weight || (a.ticker < b.ticker ? -1 : a.ticker > b.ticker ? 1 : 0));
}

/**
 * A deterministic demo book of `count` accounts on a universe (same members, options and seed: same
 * book). Per account, in order:
 *   value  = clip(exp(ln 150,000 + 1.0·z), 10,000, 5,000,000), z ~ N(0,1), in cents;
 *   taxable with probability 0.6, else deferred; a strategy and a restriction profile by their shares
 *   (the profile is drawn in both modes; `individual`, the default, replaces its list by the account's
 *   own draw from a second stream seeded restrictionSeed(seed), see IndividualRestrictions, so both
 *   modes give the same sizes, tax status, strategies and lots, and `sets` the book of earlier versions);
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
  // The profiles are drawn in both modes, so the main stream (sizes, tax status, strategies, lots) is the same.
  const profiles = restrictionProfiles(members, random);
  const individual = (options.restrictions ?? 'individual') === 'individual' ? new IndividualRestrictions(members) : null;
  const restrictionRandom = new DemoRandom(restrictionSeed(options.seed));
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
    const profile = byShare(profiles, random.uniform());
    const exclude = individual === null ? profile.exclude : individual.draw(restrictionRandom).exclude;
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
