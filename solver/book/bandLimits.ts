/**
 * What an account of value V can implement in whole shares: the name limit, the smallest position and the
 * names whose single share is too large a part of it. A size band's model is built for its smallest
 * account, so that every account of the band can hold it.
 *
 * With p̃ the typical share price of the universe (the median close), a position of weight w in an account
 * of value V holds about w V / p̃ shares, and whole shares miss it by up to one share, p̃ / V. So:
 *   - the smallest position holds s shares of a typical name:            m(V) = s p̃ / V;
 *   - the name limit grows with the shares the account can buy:          k(V) = min(n, ⌊c V / p̃⌋);
 *   - a name whose one share is more than twice the position it could take, its benchmark weight or the
 *     model's average position 1/k, whichever is larger (p_i > 2 V max(b_i, 1/k)), is not offered:
 *     AMZN at $3,300 in a $25k account is 13 % against a 4 % benchmark weight; held or not, it misses
 *     by over 4 %, and the optimizer does better with the names that replicate it.
 * Once k(V) reaches n, the limit and the minimum position no longer bind anything rounding does not
 * already do: the band's model is the plain tracking LP (`saturated`).
 *
 * s, c and the screen's multiple were chosen by measurement (S&P 500, 252 days to 2021-04-21, p̃ = $112):
 * the whole-share tracking error of the band's model mapped onto accounts of 1, 1.4 and 1.9 times its
 * value, summed over values $10k-$160k, was 16.2 % at (s, c, screen) = (1, 0.5, 2), 15.7 % at (1, 0.75, 2),
 * 17.2 % at (1, 1, 2), 19.8 % at (2, 0.25, 2), 18.5 % with a screen of 3 and 33.6 % with none: without the
 * screen a $10k account tracks at 4.5-7.3 % instead of 1.5-1.8 %. With (1, 0.75) the S&P 500 saturates
 * at n p̃ / c ≈ $75k.
 */
export interface BandRule {
  /** s: shares of a typical name in the smallest position */
  sharesAtMinimum: number;
  /** c: names per typical share the account can buy (k = c V / p̃) */
  namesPerShare: number;
  /** a name is not offered when one share exceeds this multiple of max(b_i, 1/k) */
  shareScreen: number;
}

export const DEFAULT_BAND_RULE: BandRule = { sharesAtMinimum: 1, namesPerShare: 0.75, shareScreen: 2 };

/** The universe as the rule sees it. */
export interface BandUniverse {
  /** raw closes at the as-of date */
  prices: ArrayLike<number>;
  /** benchmark weights b_i */
  benchmarkWeights: ArrayLike<number>;
}

export interface BandLimits {
  /** the account value the limits are built for */
  value: number;
  /** k; equal to the universe's size when saturated */
  maxNames: number;
  /** m; 0 when saturated */
  minWeight: number;
  /** true when neither limit binds: the model is the plain LP */
  saturated: boolean;
  /** indices of the names not offered at this value (share too large), increasing */
  screened: number[];
}

/** The typical share price p̃: the median close of the universe. */
export function typicalPrice(prices: ArrayLike<number>): number {
  const sorted = Array.from(prices).filter((p) => p > 0).sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('typicalPrice: the universe has no positive price');
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** k(V) and m(V) alone, for a universe of n names of typical price p̃ (no screen: cheap per account). */
export function sizeLimits(value: number, names: number, typical: number, rule: BandRule = DEFAULT_BAND_RULE): { maxNames: number; minWeight: number; saturated: boolean } {
  const k = Math.max(1, Math.min(names, Math.floor((rule.namesPerShare * value) / typical)));
  const saturated = k >= names;
  return { maxNames: k, minWeight: saturated ? 0 : Math.min((rule.sharesAtMinimum * typical) / value, 1 / k), saturated };
}

export function bandLimits(value: number, universe: BandUniverse, rule: BandRule = DEFAULT_BAND_RULE): BandLimits {
  if (!(value > 0)) throw new Error(`bandLimits: the account value must be positive, got ${value}`);
  const n = universe.prices.length;
  const { maxNames: k, minWeight: m, saturated } = sizeLimits(value, n, typicalPrice(universe.prices), rule);
  const screened: number[] = [];
  for (let i = 0; i < n; i++) {
    const share = universe.prices[i]! / value;
    if (share > rule.shareScreen * Math.max(universe.benchmarkWeights[i]!, 1 / k)) screened.push(i);
  }
  return { value, maxNames: k, minWeight: m, saturated, screened };
}
