import type { Account, ClusterKey } from '../../api/book.ts';
import { bandLimits, DEFAULT_BAND_RULE, type BandLimits, type BandRule, type BandUniverse } from './bandLimits.ts';

/**
 * Representative clusters of a book (DESIGN section 1): accounts grouped by what changes their model,
 * (strategy, exclusion set, tax status), then by size into bands whose model the band's smallest account
 * can still hold in whole shares (bandLimits.ts).
 *
 * Bands are one log-spaced ladder for the whole book, V_0 r^j ≤ V < V_0 r^(j+1), with V_0 the smallest
 * account of the book: a band's model is built at its lower edge V_0 r^j, at most its smallest account,
 * so every account of the band can hold it, and two keys' clusters of one band get the same limits (the
 * batch then solves their model once when their exclusions agree, and can reuse it across exclusion sets).
 * The ratio r sets the loss of a band's largest account against a model built for it: its limits are
 * those of an account up to r times smaller. `bands` (the `clusters` knob, bands per key) fixes
 * r = (V_max / V_0)^(1/bands); by default r = 2. Bands from the first one whose limits saturate (the
 * plain LP, bandLimits) up are one band: their models would not differ but for the screen of large
 * shares, which the lowest of them sets the strictest.
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

export function clusterKeyOf(account: Pick<Account, 'strategy' | 'taxStatus' | 'exclude'>): ClusterKey {
  return { strategy: account.strategy, exclude: [...new Set(account.exclude)].sort(), taxStatus: account.taxStatus };
}

export function clusterKeyText(key: ClusterKey): string {
  return `${key.strategy}|${key.taxStatus}|${key.exclude.join(';')}`;
}

/** The ladder of bands for accounts from `low` to `high` dollars, saturated bands merged into the last. */
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
    if (limits.saturated) {
      bands.push({ index: j, lower, upper: high, limits });
      break;
    }
    bands.push({ index: j, lower, upper, limits });
  }
  return bands;
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
