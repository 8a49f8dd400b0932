import type { Account, ClusterKey } from '../../api/book.ts';
import { bandLimits, DEFAULT_BAND_RULE, type BandLimits, type BandRule, type BandUniverse } from './bandLimits.ts';

/**
 * Representative clusters of a book (DESIGN section 1): accounts grouped by what changes their model,
 * (strategy, tax status, screen family), then by size into bands whose model the band's smallest account
 * can still hold in whole shares (bandLimits.ts).
 *
 * The screen family is the part of an account's restrictions that removes a large part of the benchmark:
 * its whole-sector exclusions (`sector:NAME`). A name or a few names one account excludes do not make a
 * cluster: the account's own step replaces them from its cluster's target (exclusionSubstitutes.ts), so
 * the number of models does not grow with the number of distinct restrictions. Measured on the S&P 500
 * (bench/perAccountStep.ts): replacing single names or a few screened names that way tracks within
 * 0-3.5 % of re-solving the model without them, replacing a whole sector (Energy, 22 names) 10-16 %
 * worse, so sectors stay in the key and get models of their own.
 *
 * Bands are one log-spaced ladder for the whole book, V_0 r^j ≤ V < V_0 r^(j+1), with V_0 the smallest
 * account of the book: a band's model is built at its lower edge V_0 r^j, at most its smallest account,
 * so every account of the band can hold it, and two keys' clusters of one band get the same limits (the
 * batch then solves their model once when their families agree). The ratio r sets the loss of a band's
 * largest account against a model built for it: its limits are those of an account up to r times
 * smaller (each account is also offered the next band's target, accountFit.ts). `bands` (the `clusters`
 * knob) fixes r = (V_max / V_0)^(1/bands); by default r = 2. From the first band whose name limit and
 * minimum position saturate (the plain LP, bandLimits) up, bands differ only by their screen of large
 * shares, which loosens as accounts grow; consecutive such bands with the same screen are one band,
 * and the first with an empty screen holds everything above it.
 */
export interface BookBand {
  /** 0-based, increasing with size */
  index: number;
  /** the band's edges, dollars: lower ≤ V < upper (the last band holds its upper edge too) */
  lower: number;
  upper: number;
  /** what an account of value `lower` can hold */
  limits: BandLimits;
}

export interface BookCluster {
  /** c001, c002, …: keys in sorted order, bands increasing within a key */
  clusterId: string;
  key: ClusterKey;
  /** the key as one string: strategy|tax status|exclusions joined by ';' */
  keyText: string;
  band: BookBand;
  /** indices into the book's accounts, ordered by account id */
  members: number[];
  /** the smallest and largest account values of the cluster */
  minValue: number;
  maxValue: number;
}

export interface ClusteringOptions {
  /** bands per key (the ratio of the ladder follows); default: ratio 2 */
  bands?: number;
  universe: BandUniverse;
  rule?: BandRule;
}

export const DEFAULT_BAND_RATIO = 2;

/** The prefix of a whole-sector exclusion, the one kind of restriction that makes a screen family. */
const SECTOR_ENTRY = 'sector:';

/** The screen family of an account's exclusions: its `sector:` entries, sorted. */
export function screenFamily(exclude: readonly string[]): string[] {
  return [...new Set(exclude.filter((e) => e.toLowerCase().startsWith(SECTOR_ENTRY)))].sort();
}

export function clusterKeyOf(account: Pick<Account, 'strategy' | 'taxStatus' | 'exclude'>): ClusterKey {
  return { strategy: account.strategy, exclude: screenFamily(account.exclude), taxStatus: account.taxStatus };
}

export function clusterKeyText(key: ClusterKey): string {
  return `${key.strategy}|${key.taxStatus}|${key.exclude.join(';')}`;
}

/** The ladder of bands for accounts from `low` to `high` dollars (see above for the saturated bands). */
export function sizeBands(low: number, high: number, options: ClusteringOptions): BookBand[] {
  if (!(low > 0) || !(high >= low)) throw new Error(`sizeBands: need 0 < low ≤ high, got ${low} and ${high}`);
  const spread = Math.log(high / low);
  let count: number;
  let ratio: number;
  if (options.bands !== undefined) {
    if (!(Number.isInteger(options.bands) && options.bands >= 1)) throw new Error(`sizeBands: bands must be a positive integer, got ${options.bands}`);
    count = options.bands;
    ratio = spread > 0 ? Math.exp(spread / count) : DEFAULT_BAND_RATIO;
  } else {
    ratio = DEFAULT_BAND_RATIO;
    count = Math.max(1, Math.ceil(spread / Math.log(ratio) - 1e-9));
  }
  const bands: BookBand[] = [];
  for (let j = 0; j < count; j++) {
    const lower = j === 0 ? low : low * ratio ** j;
    const upper = j === count - 1 ? high : low * ratio ** (j + 1);
    const limits = bandLimits(lower, options.universe, options.rule ?? DEFAULT_BAND_RULE);
    const last = bands.at(-1);
    if (limits.saturated && last?.limits.saturated && sameNames(last.limits.screened, limits.screened)) {
      last.upper = upper;
      continue;
    }
    if (limits.saturated && limits.screened.length === 0) {
      bands.push({ index: bands.length, lower, upper: high, limits });
      break;
    }
    bands.push({ index: bands.length, lower, upper, limits });
  }
  return bands;
}

function sameNames(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

/** The band of value V: the last band whose lower edge is at most V. */
function bandOf(bands: readonly BookBand[], value: number): BookBand {
  let lo = 0;
  let hi = bands.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    // a value a hair under an edge computed as low·r^j belongs above it
    if (bands[mid]!.lower <= value * (1 + 1e-12)) lo = mid;
    else hi = mid - 1;
  }
  return bands[lo]!;
}

/** Clusters of a book; a pure function of the accounts (in any order, the same clusters) and the options. */
export function clusterAccounts(accounts: readonly Account[], options: ClusteringOptions): { bands: BookBand[]; clusters: BookCluster[] } {
  if (accounts.length === 0) return { bands: [], clusters: [] };
  let low = Infinity;
  let high = 0;
  for (const a of accounts) {
    if (!(a.value > 0)) throw new Error(`clusterAccounts: account ${a.accountId} has value ${a.value}; every account needs a positive value`);
    low = Math.min(low, a.value);
    high = Math.max(high, a.value);
  }
  const bands = sizeBands(low, high, options);

  const groups = new Map<string, { key: ClusterKey; byBand: Map<number, number[]> }>();
  accounts.forEach((a, index) => {
    const key = clusterKeyOf(a);
    const text = clusterKeyText(key);
    let group = groups.get(text);
    if (!group) groups.set(text, (group = { key, byBand: new Map() }));
    const band = bandOf(bands, a.value).index;
    const members = group.byBand.get(band);
    if (members) members.push(index);
    else group.byBand.set(band, [index]);
  });

  const clusters: BookCluster[] = [];
  const keys = [...groups.keys()].sort();
  for (const text of keys) {
    const group = groups.get(text)!;
    for (const band of bands) {
      const members = group.byBand.get(band.index);
      if (!members) continue;
      // by account id, so that the order does not depend on the order of the file
      members.sort((x, y) => compareIds(accounts[x]!.accountId, accounts[y]!.accountId));
      let minValue = Infinity;
      let maxValue = 0;
      for (const m of members) {
        minValue = Math.min(minValue, accounts[m]!.value);
        maxValue = Math.max(maxValue, accounts[m]!.value);
      }
      clusters.push({
        clusterId: `c${String(clusters.length + 1).padStart(3, '0')}`,
        key: group.key,
        keyText: text,
        band,
        members,
        minValue,
        maxValue,
      });
    }
  }
  return { bands, clusters };
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
