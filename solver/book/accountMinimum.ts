import { roundToWholeShares } from '../heuristics/wholeSharesRounding.ts';
import { activeReturns, meanAbsoluteDeviation, trackingError } from '../tracking/trackingError.ts';
import type { TrackingProblem } from '../tracking/trackingProblem.ts';
import { descendWholeShares, NameReturns, shareCap } from './wholeShareDescent.ts';

/**
 * The account-minimum frontier (DESIGN section 3): for an account value V, TE(V) = √P · stdev(a_t) of
 * the whole-share portfolio the account holds, a_t = Σ_i w_i r_{t,i} − r^B_t with cash earning 0 and
 * w_i = n_i p_i / V, n_i ∈ ℤ≥0, Σ_i n_i p_i ≤ (1 − cashMin) V. The minimum for a target τ is the smallest V
 * with TE(V) ≤ τ.
 *
 * Structure instead of a MILP per size. The fractional targets t are solved once for every size (the
 * use case's optimum, and smaller supports of it a small account can hold: core/book/clusterMinimum.ts).
 * At each V:
 *   1. every target is rounded to whole shares by the knapsack greedy (roundToWholeShares: floors, then
 *      one more share where the largest fraction of a share is missing, within the budget; SOLVER-FACTS:
 *      within 0.05 % of the knapsack optimum), and so is the portfolio held at every smaller size of the
 *      grid (its weights n_i p_i / V_small as a target, cash included);
 *   2. of those the one with the least MAD (1/L) Σ_t |a_t| is kept: the objective the tracking models
 *      minimize, so the frontier is the use case's own notion of best, reported as TE;
 *   3. it is descended on MAD share by share (wholeShareDescent.ts): at a small V one share is a large
 *      weight, and closest to the target in weights is not closest in tracking.
 * The name count a V holds is thus chosen by what its whole shares achieve, not by a rule of thumb:
 * small accounts land on small supports, large ones on the full optimum. Per size: a few roundings of
 * O(n log n), their active returns (O(L · names)), and a descent of O(L · names) per move.
 *
 * Monotone where it is honest: a larger account may hold what a smaller one holds (step 1). Rounded at
 * V_large it is reproduced up to one share per name, exactly when V_large / V_small is a whole number,
 * so the MAD cannot rise with V by more than that rounding. Nothing is enforced after the fact: every
 * point is a real whole-share portfolio. TE follows MAD closely when the window has more periods than the
 * universe has names; with fewer (252 days of 500 names) the MAD optimum fits most days exactly and
 * leaves a few large misses, TE and MAD part, and TE(V) can rise by a few percent from one size to the next.
 *
 * Fractional shares (the lower bound line): the target with the least MAD held as is, the same at every V.
 */
export interface FrontierTarget {
  /** what the target is, e.g. 'use case', 'max 40 names' */
  label: string;
  /** w_i per name of the problem (cash is 1 − Σ w_i) */
  weights: ArrayLike<number>;
}

/** What the use case lets a whole-share account hold. */
export interface WholeShareLimits {
  /** cash kept at least this share of the account (con.budget cashMin) */
  cashMin?: number;
  /** a held name holds at least this weight (con.min-weight) */
  minWeight?: number;
  /** w_i at most maxWeights[i] (con.max-weight, exclusions at 0): the bounds of the model's weights */
  maxWeights?: ArrayLike<number>;
  /** most names held (con.max-names): the targets are expected within it (the rounding only drops names), the descent never goes past it */
  maxNames?: number;
}

export interface SizedPortfolio {
  accountValue: number;
  /** n_i per name (whole shares), or w_i V / p_i for a fractional point */
  shares: Float64Array;
  weights: Float64Array;
  trackingError: number;
  /** (1/L) Σ_t |a_t|: what the tracking models minimize, and what sizes choose their portfolio by */
  meanAbsoluteDeviation: number;
  names: number;
  cashWeight: number;
  /** the target it was rounded from: a target's label, or 'held at $V' for a smaller account's portfolio */
  source: string;
  fractional: boolean;
}

export interface FrontierOptions extends WholeShareLimits {
  /** descend each size's rounding on MAD (wholeShareDescent.ts); default true */
  descent?: boolean;
  /** relative width at which the search for the minimum stops: hi / lo ≤ 1 + tolerance (default 1 %) */
  searchTolerance?: number;
}

export interface MinimumSearch {
  /** the smallest value found with TE ≤ τ */
  minimum: number;
  trackingError: number;
  /** the largest value found with TE > τ: minimum − below ≤ tolerance · below */
  below: number;
  belowTrackingError: number;
  tolerance: number;
  /** the portfolios tried by the bisection, in the order tried */
  probes: SizedPortfolio[];
}

export interface AccountFrontier {
  /** whole-share portfolio at every size, increasing in value */
  points: SizedPortfolio[];
  /** the fractional-share point at every size */
  fractional: SizedPortfolio[];
  /** the smallest V with TE(V) ≤ τ: a grid size refined by bisection against the size below it; null when no size meets τ */
  minimum: number | null;
  /** the bisection, when the first size meeting τ has a size below it; null when the smallest size already meets τ or none does */
  search: MinimumSearch | null;
}

const EPS = 1e-12;

/**
 * `count` account values from `from` to `to`, evenly spaced in log, rounded to 3 significant digits
 * (the default grid: 20 sizes from $10k to $5M).
 */
export function defaultFrontierSizes(count = 20, from = 10_000, to = 5_000_000): number[] {
  if (count < 2) return [from];
  const sizes: number[] = [];
  for (let k = 0; k < count; k++) {
    const v = from * Math.pow(to / from, k / (count - 1));
    const unit = Math.pow(10, Math.floor(Math.log10(v)) - 2);
    sizes.push(Math.round(v / unit) * unit);
  }
  return sizes;
}

/** The whole-share portfolio of value V closest to `target` in the knapsack sense (roundToWholeShares), and its tracking error. */
export function wholeSharePortfolio(
  problem: TrackingProblem,
  target: FrontierTarget,
  accountValue: number,
  limits: WholeShareLimits = {},
): SizedPortfolio {
  const n = problem.tickers.length;
  if (target.weights.length !== n) throw new Error(`target '${target.label}' has ${target.weights.length} weights for ${n} names`);
  const unitWeight = new Float64Array(n);
  const maxShares = new Float64Array(n);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    unitWeight[i] = problem.prices[i]! / accountValue;
    maxShares[i] = shareCap(limits.maxWeights?.[i], unitWeight[i]!);
    t[i] = Math.max(0, target.weights[i]!);
  }
  const shares = roundToWholeShares({
    target: t,
    unitWeight,
    maxShares,
    investable: 1 - (limits.cashMin ?? 0),
    minWeight: limits.minWeight ?? 0,
  });
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) weights[i] = shares[i]! * unitWeight[i]!;
  return sized(problem, accountValue, shares, weights, target.label, false);
}

/** The target held in fractional shares at value V: w_i as given, n_i = w_i V / p_i. */
export function fractionalPortfolio(problem: TrackingProblem, target: FrontierTarget, accountValue: number): SizedPortfolio {
  const n = problem.tickers.length;
  const weights = Float64Array.from(target.weights, (w) => Math.max(0, w));
  const shares = new Float64Array(n);
  for (let i = 0; i < n; i++) shares[i] = (weights[i]! * accountValue) / problem.prices[i]!;
  return sized(problem, accountValue, shares, weights, target.label, true);
}

function sized(
  problem: TrackingProblem,
  accountValue: number,
  shares: Float64Array,
  weights: Float64Array,
  source: string,
  fractional: boolean,
): SizedPortfolio {
  let names = 0;
  let invested = 0;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i]! > EPS) names++;
    invested += weights[i]!;
  }
  const active = activeReturns(problem, weights);
  return {
    accountValue,
    shares,
    weights,
    trackingError: trackingError(active, problem.periodsPerYear),
    meanAbsoluteDeviation: meanAbsoluteDeviation(active),
    names,
    cashWeight: Math.max(0, 1 - invested),
    source,
    fractional,
  };
}

/**
 * The frontier built size by size, smallest first, so that each size can reuse the portfolios of the
 * smaller ones (see above), and the search for the minimum between two of its sizes. A caller that must
 * yield between sizes (a job reporting progress) drives it; accountFrontier runs it in one go.
 */
export class FrontierBuilder {
  /** whole-share portfolios of the sizes added, increasing in value */
  readonly points: SizedPortfolio[] = [];
  /** the fractional target with the least MAD: the lower bound line */
  readonly lowest: SizedPortfolio;
  private readonly limits: WholeShareLimits;
  private readonly tradable: NameReturns | undefined;

  constructor(
    private readonly problem: TrackingProblem,
    private readonly targets: readonly FrontierTarget[],
    private readonly options: FrontierOptions = {},
  ) {
    if (targets.length === 0) throw new Error('the account frontier needs at least one target');
    const { cashMin, minWeight, maxWeights, maxNames } = options;
    this.limits = { cashMin, minWeight, maxWeights, maxNames };
    // the names some target holds: the only ones the descent may buy (exclusions are zeros in every target)
    const allowed: number[] = [];
    for (let i = 0; i < problem.tickers.length; i++) if (targets.some((t) => t.weights[i]! > EPS)) allowed.push(i);
    this.tradable = options.descent === false ? undefined : new NameReturns(problem, allowed);
    this.lowest = targets
      .map((t) => fractionalPortfolio(problem, t, 1))
      .reduce((a, b) => (b.meanAbsoluteDeviation < a.meanAbsoluteDeviation ? b : a));
  }

  /** Adds the next size of the grid; sizes must come in increasing order. */
  addSize(accountValue: number): SizedPortfolio {
    if (!(accountValue > 0) || !Number.isFinite(accountValue)) throw new Error(`account value ${accountValue} is not a positive number`);
    const last = this.points.at(-1);
    if (last && accountValue <= last.accountValue) throw new Error(`account values must increase: ${accountValue} after ${last.accountValue}`);
    const p = this.portfolioAt(accountValue);
    this.points.push(p);
    return p;
  }

  /**
   * Whole shares at V: of the targets and of the portfolios held at the grid sizes below V, each rounded
   * to whole shares, the one with the least MAD (the models' objective), then descended on MAD.
   */
  portfolioAt(accountValue: number): SizedPortfolio {
    const { problem, limits } = this;
    let chosen: SizedPortfolio | undefined;
    const consider = (p: SizedPortfolio) => {
      if (!chosen || p.meanAbsoluteDeviation < chosen.meanAbsoluteDeviation) chosen = p;
    };
    for (const target of this.targets) consider(wholeSharePortfolio(problem, target, accountValue, limits));
    for (const held of this.points) {
      if (held.accountValue >= accountValue) break;
      consider(wholeSharePortfolio(problem, { label: `held at $${Math.round(held.accountValue)}`, weights: held.weights }, accountValue, limits));
    }
    if (!this.tradable) return chosen!;
    const shares = descendWholeShares(problem, this.tradable, accountValue, Float64Array.from(chosen!.shares), limits);
    const weights = Float64Array.from(shares, (n, i) => (n * problem.prices[i]!) / accountValue);
    return sized(problem, accountValue, shares, weights, `${chosen!.source}, descended`, false);
  }

  /** The lower bound line at V: the fractional target with the least MAD, held as is. */
  fractionalAt(accountValue: number): SizedPortfolio {
    return fractionalPortfolio(this.problem, { label: this.lowest.source, weights: this.lowest.weights }, accountValue);
  }

  /**
   * The smallest V with TE(V) ≤ τ: the first size added that meets τ, and when a size below it does not,
   * a bisection between the two in log of V on whole dollars until minimum − below ≤ tolerance × below
   * (each probe holding the best of the targets and of the portfolios of the sizes below it), so that
   * TE(minimum) ≤ τ < TE(below). Null when no size meets τ.
   */
  minimum(teTarget: number): { minimum: number | null; search: MinimumSearch | null } {
    const first = this.points.findIndex((p) => p.trackingError <= teTarget);
    if (first < 0) return { minimum: null, search: null };
    if (first === 0) return { minimum: this.points[0]!.accountValue, search: null };
    const tolerance = this.options.searchTolerance ?? 0.01;
    let lo = this.points[first - 1]!;
    let hi = this.points[first]!;
    const probes: SizedPortfolio[] = [];
    while (hi.accountValue - lo.accountValue > Math.max(1, tolerance * lo.accountValue)) {
      const mid = Math.round(Math.sqrt(lo.accountValue * hi.accountValue));
      if (mid <= lo.accountValue || mid >= hi.accountValue) break;
      const p = this.portfolioAt(mid);
      probes.push(p);
      if (p.trackingError <= teTarget) hi = p;
      else lo = p;
    }
    return {
      minimum: hi.accountValue,
      search: { minimum: hi.accountValue, trackingError: hi.trackingError, below: lo.accountValue, belowTrackingError: lo.trackingError, tolerance, probes },
    };
  }
}

/** The frontier over `sizes` (any order) and, for a target τ, the account minimum (FrontierBuilder in one go). */
export function accountFrontier(
  problem: TrackingProblem,
  targets: readonly FrontierTarget[],
  sizes: readonly number[],
  teTarget: number | null,
  options: FrontierOptions = {},
): AccountFrontier {
  const grid = [...new Set(sizes)].sort((a, b) => a - b);
  const builder = new FrontierBuilder(problem, targets, options);
  for (const v of grid) builder.addSize(v);
  const fractional = grid.map((v) => builder.fractionalAt(v));
  const found = teTarget === null ? { minimum: null, search: null } : builder.minimum(teTarget);
  return { points: builder.points, fractional, ...found };
}
