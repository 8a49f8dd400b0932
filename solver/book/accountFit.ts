import type { NamesCovariance, TrackingCovariance } from '../tracking/trackingCovariance.ts';
import type { TrackingErrorMeter } from '../tracking/trackingErrorMeter.ts';
import type { ExclusionSubstitutes, SparseTarget } from './exclusionSubstitutes.ts';
import { descendOnVariance } from './varianceDescent.ts';
import { mapTargetToAccount, type AccountAllocation, type ShareTrade } from './wholeShareMapping.ts';

/**
 * One account's whole shares from the targets its cluster offers, fitted to the account itself:
 *   1. exclusions: each candidate target with the account's own excluded names replaced by their
 *      substitute baskets (exclusionSubstitutes.ts; computed once per target and set of names it hits);
 *   2. size: every candidate (its own band's target first, then its neighbours') is put in whole shares
 *      by the knapsack mapping at the account's own value, holdings and rules (wholeShareMapping.ts), and
 *      the one whose whole shares track best (√P stdev of the active return, one pass over the returns of
 *      its names) is kept: an account twice its band's lower edge often tracks better with the next band's
 *      target, built for more names;
 *   3. polish: a short whole-share descent on the active variance (varianceDescent.ts) over that target's
 *      names and the names held, under the account's own name limit (k of its own value), the minimum
 *      position the target's model kept, its cash floor, maximum weight and minimum trade.
 * Every step keeps the account's exclusions (an excluded name is never bought, and a held one is sold
 * whole by the mapping). The result is reproducible from the same targets: the Account screen re-derives it.
 */
export interface FitCandidate {
  /** names the target in caches and in the account's outcome (the model's label) */
  id: string;
  target: SparseTarget;
  /** the minimum position its model kept (the mapping and the descent keep it too), 0 when none */
  minWeight: number;
}

export interface AccountToFit {
  value: number;
  excluded: ReadonlySet<number>;
  held?: ReadonlyMap<number, number>;
  /** dollars: cash kept at least, and no trade smaller (0: none) */
  cashBuffer: number;
  minTrade: number;
  /** the account's own name limit: k(V), or the strategy's when smaller */
  maxNames: number;
  /** the strategy's own minimum position (con.min-weight), 0 when none; each candidate adds its model's */
  minWeight: number;
  /** the strategy's maximum weight, 1 when none */
  maxWeight: number;
}

export interface AccountFit {
  allocation: AccountAllocation;
  /** the candidate kept */
  candidate: string;
  trackingError: number;
  /** the kept candidate's tracking error before the descent, and the moves it made */
  mappedTrackingError: number;
  moves: number;
}

export interface FitContext {
  prices: ArrayLike<number>;
  covariance: TrackingCovariance;
  substitutes: ExclusionSubstitutes;
  meter: TrackingErrorMeter;
  /** moves of the descent at most (0: no descent) */
  descentMoves: number;
}

/**
 * The covariance block of each candidate target's names, built once per target: every account that takes
 * the target descends over it (its excluded names are in it but never bought), extended by the few names
 * an account holds outside it; and the names each fitted target lets an account buy, as a set.
 */
export class CovarianceBlocks {
  private readonly blocks = new Map<string, NamesCovariance>();

  constructor(private readonly covariance: TrackingCovariance) {}

  of(candidate: FitCandidate): NamesCovariance {
    let block = this.blocks.get(candidate.id);
    if (!block) this.blocks.set(candidate.id, (block = this.covariance.over(candidate.target.names)));
    return block;
  }

  private readonly buyables = new WeakMap<SparseTarget, ReadonlySet<number>>();

  /** The names of a fitted target as a set, once per fitted target. */
  buyable(fitted: SparseTarget): ReadonlySet<number> {
    let set = this.buyables.get(fitted);
    if (!set) this.buyables.set(fitted, (set = new Set(fitted.names)));
    return set;
  }

  /** The candidate's block with `held` names outside it appended. */
  forAccount(candidate: FitCandidate, held: readonly number[]): NamesCovariance {
    const block = this.of(candidate);
    const extra = held.filter((i) => block.position[i]! < 0);
    return this.covariance.extend(block, extra);
  }
}

export function fitAccount(context: FitContext & { blocks: CovarianceBlocks }, account: AccountToFit, candidates: readonly FitCandidate[]): AccountFit | null {
  const { prices, meter } = context;
  const V = account.value;
  let best: { candidate: FitCandidate; fitted: SparseTarget; allocation: AccountAllocation; te: number; minWeight: number } | null = null;
  for (const candidate of candidates) {
    const fitted = context.substitutes.fit(candidate.id, candidate.target, account.excluded);
    if (fitted.names.length === 0) continue;
    const minWeight = Math.max(account.minWeight, candidate.minWeight);
    const rules = { prices, cashBuffer: account.cashBuffer, minTrade: account.minTrade, minWeight };
    const allocation = mapTargetToAccount(fitted, { value: V, excluded: account.excluded, ...(account.held ? { held: account.held } : {}) }, rules);
    const te = measure(meter, allocation, prices, V);
    if (best === null || te < best.te - 1e-12) best = { candidate, fitted, allocation, te, minWeight };
  }
  if (best === null) return null;
  if (context.descentMoves <= 0) return { allocation: best.allocation, candidate: best.candidate.id, trackingError: best.te, mappedTrackingError: best.te, moves: 0 };

  // the substitutes are names of the target, so the target's block holds every name the descent may buy
  const descent = descendOnVariance({
    covariance: context.blocks.forAccount(best.candidate, best.allocation.names),
    prices,
    value: V,
    // a fitted target holds none of the account's exclusions (ExclusionSubstitutes.fit), and is shared by every account with the same hits
    buyable: context.blocks.buyable(best.fitted),
    shares: new Map(best.allocation.names.map((i, k) => [i, best!.allocation.shares[k]!])),
    ...(account.held ? { held: account.held } : {}),
    cashFloor: Math.min(account.cashBuffer, best.allocation.cash),
    minWeight: best.minWeight,
    maxNames: Math.max(account.maxNames, best.allocation.names.length),
    maxWeight: account.maxWeight,
    minTrade: account.minTrade,
    maxMoves: context.descentMoves,
  });
  if (descent.moves === 0) return { allocation: best.allocation, candidate: best.candidate.id, trackingError: best.te, mappedTrackingError: best.te, moves: 0 };
  const allocation = allocationOf(descent.shares, account.held, V, prices);
  // the descent's Var(a) is the quadratic form of the same weights: √(P Var(a)) is their tracking error
  // (equal to one more pass over the returns to 1e-12 relative, trackingCovariance.test.ts)
  const te = Math.sqrt(context.covariance.periodsPerYear * descent.varianceAfter);
  return { allocation, candidate: best.candidate.id, trackingError: te, mappedTrackingError: best.te, moves: descent.moves };
}

function measure(meter: TrackingErrorMeter, a: AccountAllocation, prices: ArrayLike<number>, V: number): number {
  return meter.measure(a.names, a.names.map((i, k) => (a.shares[k]! * prices[i]!) / V));
}

/** Shares after the descent as an allocation: names increasing, trades against the holdings, the cash left. */
function allocationOf(shares: ReadonlyMap<number, number>, held: ReadonlyMap<number, number> | undefined, V: number, prices: ArrayLike<number>): AccountAllocation {
  const names = [...shares.keys()].filter((i) => shares.get(i)! > 0).sort((a, b) => a - b);
  let cash = V;
  for (const i of names) cash -= shares.get(i)! * prices[i]!;
  const touched = new Set<number>([...names, ...(held ? [...held.keys()].filter((i) => held.get(i)! > 0) : [])]);
  const trades: ShareTrade[] = [];
  for (const i of [...touched].sort((a, b) => a - b)) {
    const d = (shares.get(i) ?? 0) - (held?.get(i) ?? 0);
    if (d !== 0) trades.push({ name: i, shares: d });
  }
  return { names, shares: names.map((i) => shares.get(i)!), cash: cash < 0 && cash > -1e-6 * V ? 0 : cash, trades };
}
