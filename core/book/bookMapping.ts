import type { Account, AccountLot, AccountOutcome } from '../../api/book.ts';
import { CovarianceBlocks, fitAccount, type FitCandidate, type FitContext } from '../../solver/book/accountFit.ts';
import { sizeLimits, typicalPrice } from '../../solver/book/bandLimits.ts';
import type { BookCluster } from '../../solver/book/clustering.ts';
import { ExclusionSubstitutes, type SparseTarget } from '../../solver/book/exclusionSubstitutes.ts';
import { accountRules, numberParam } from '../../solver/book/modelPortfolio.ts';
import { TargetCandidates, type CandidateModel } from '../../solver/book/targetCandidates.ts';
import { reweightForTrackingError } from '../../solver/book/trackingReweight.ts';
import type { AccountAllocation } from '../../solver/book/wholeShareMapping.ts';
import { resolveExclusions } from '../../solver/tracking/accountExclusions.ts';
import { TrackingCovariance } from '../../solver/tracking/trackingCovariance.ts';
import { TrackingErrorMeter } from '../../solver/tracking/trackingErrorMeter.ts';
import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';
import type { UseCase } from '../../solver/usecases/useCase.ts';
import type { ClusterModel, ClusterTarget } from './clusterTargets.ts';

/**
 * Every account of the book in whole shares, fitted to itself (solver/book/accountFit.ts): its own
 * excluded names replaced from its cluster's target, its own size served by the better of its band's
 * target and the next band's, a whole-share polish on tracking error under its own name limit (k of its
 * own value, bandLimits.ts) and the minimum position of the target's model, the strategy's per-account
 * rules (cash buffer, minimum trade, maximum weight) and its holdings. The targets the accounts take are the cluster models'
 * re-weighted on tracking error over their own names (trackingReweight.ts), unless the use case has
 * sector bands, which that step does not keep.
 *
 * No account is left behind silently: an account whose cluster's model has no target takes the nearest
 * one that has (targetCandidates.ts) and says so (`fallback`, with the reason); one that no target can
 * serve keeps what it holds, its excluded names sold, and is `unallocated`, with the reason.
 *
 * The account's value is the file's (holdings at market plus cash); when its holdings in the universe are
 * worth more than that (a stale value), the holdings plus its cash are used and a warning says how many.
 * Lots of names outside the universe have no price here: they are sold whole (a sell with no price), and
 * their proceeds are part of the value. The mapping of one account depends on the plan and
 * the account alone, so the book is mapped in chunks on the pool's threads (mappingPool.ts) or on the workers of
 * a distributed batch, and every way gives the same files byte for byte.
 */
export type AccountStatus = 'allocated' | 'fallback' | 'unallocated';

/** A cluster as the mapping needs it: without its members, so that a plan is small enough to send to every worker. */
export type MappedCluster = Omit<BookCluster, 'members'>;

export interface MappedBookAccount {
  account: Account;
  cluster: MappedCluster;
  /** V the mapping used */
  value: number;
  allocation: AccountAllocation;
  /** names outside the universe the account held, sold whole */
  outside: { ticker: string; shares: number }[];
  trackingError: number;
  /** the model whose target the account holds (its label), null when unallocated */
  target: string | null;
  status: AccountStatus;
  reason: string | null;
  /** whether its holdings in the universe were worth more than its value (the holdings plus cash were used) */
  stale: boolean;
}

/**
 * What mapping any account of the batch needs, and nothing per account: plain data (typed arrays, strings,
 * numbers), so that it is cloned once to each pool thread or stored once for the workers of a distributed batch.
 * The targets are the accounts' (re-weighted, accountTargets), by their model's label.
 */
export interface MappingPlan {
  problem: TrackingProblem;
  /** the strategy's full use case: its cash buffer, minimum trade and maximum weight apply per account */
  useCase: UseCase;
  clusters: MappedCluster[];
  /** the models' labels, their target when usable, the minimum position they kept */
  models: { label: string; target: SparseTarget | null; minWeight: number }[];
  candidates: CandidateModel[];
  /** each cluster key's account minimum (with a target tracking error), by keyText */
  minimums: [string, number | null][] | null;
  /** moves of the whole-share polish per account at most (0: none) */
  descentMoves: number;
}

/** Measured on the S&P 500 book: 60 moves reach 95-100 % of the descent's full gain at every size. */
export const DESCENT_MOVES = 60;

export function mappingPlan(input: {
  clusters: readonly BookCluster[];
  models: readonly ClusterModel[];
  targets: ReadonlyMap<string, ClusterTarget>;
  problem: TrackingProblem;
  covariance: TrackingCovariance;
  useCase: UseCase;
  minimums?: ReadonlyMap<string, number | null> | undefined;
  descentMoves?: number;
}): MappingPlan {
  const fitted = accountTargets(input.models, input.targets, input.covariance, input.useCase);
  const seen = new Set<string>();
  const candidates: CandidateModel[] = [];
  for (const m of input.models) {
    const target = input.targets.get(m.key);
    for (const c of m.clusters) {
      const family = c.key.exclude.join(';');
      if (seen.has(`${m.label}|${family}`)) continue;
      seen.add(`${m.label}|${family}`);
      candidates.push({ label: m.label, bandIndex: m.band.index, family, usable: fitted.has(m.key), status: target ? `${target.status}${target.message ? ` (${target.message})` : ''}` : 'not solved' });
    }
  }
  return {
    problem: input.problem,
    useCase: input.useCase,
    clusters: input.clusters.map(({ members: _members, ...cluster }) => cluster),
    models: input.models.map((m) => ({ label: m.label, target: fitted.get(m.key) ?? null, minWeight: m.minWeight })),
    candidates,
    minimums: input.minimums ? [...input.minimums] : null,
    descentMoves: input.descentMoves ?? DESCENT_MOVES,
  };
}

/** The targets accounts take, per model key: the solved ones re-weighted on tracking error (see above). */
export function accountTargets(
  models: readonly ClusterModel[],
  targets: ReadonlyMap<string, ClusterTarget>,
  covariance: TrackingCovariance,
  useCase: UseCase,
): Map<string, SparseTarget> {
  const reweight = !useCase.components.some((c) => c.id === 'con.sector-band');
  const maxWeight = numberParam(useCase, 'con.max-weight', 'maxWeight') ?? 1;
  const out = new Map<string, SparseTarget>();
  for (const model of models) {
    const t = targets.get(model.key);
    if (!t?.usable) continue;
    const raw = { names: t.names, weights: t.weights };
    out.set(model.key, reweight ? reweightForTrackingError(covariance, raw, { minWeight: model.minWeight, maxWeight }) : raw);
  }
  return out;
}

/**
 * The plan made ready to map accounts: the covariance, the meter, the substitute baskets and the covariance
 * blocks built once, and caches of pure functions of the plan (an exclusion list's names, a target's substitutes
 * for a set of hits), so an account maps to the same whole shares whichever thread or machine maps it, in
 * whatever order.
 */
export class AccountMapper {
  readonly problem: TrackingProblem;
  readonly meter: TrackingErrorMeter;
  private readonly tickerIndex: Map<string, number>;
  private readonly candidatesOf: TargetCandidates;
  private readonly models: Map<string, { target: SparseTarget | null; minWeight: number }>;
  private readonly context: FitContext & { blocks: CovarianceBlocks };
  private readonly typical: number;
  private readonly strategyNames: number;
  private readonly strategyMinWeight: number;
  private readonly maxWeight: number;
  private readonly excludedOf = new Map<string, Set<number>>();
  readonly minimums: ReadonlyMap<string, number | null> | undefined;

  constructor(readonly plan: MappingPlan) {
    const { problem, useCase } = plan;
    this.problem = problem;
    const covariance = new TrackingCovariance(problem);
    this.meter = new TrackingErrorMeter(problem);
    this.tickerIndex = new Map(problem.tickers.map((t, i) => [t, i]));
    this.candidatesOf = new TargetCandidates(plan.candidates);
    this.models = new Map(plan.models.map((m) => [m.label, m]));
    const substitutes = new ExclusionSubstitutes(covariance, problem.sectors, { keepSectors: useCase.components.some((c) => c.id === 'con.sector-band') });
    this.context = { prices: problem.prices, covariance, substitutes, meter: this.meter, descentMoves: plan.descentMoves, blocks: new CovarianceBlocks(covariance) };
    this.typical = typicalPrice(problem.prices);
    this.strategyNames = numberParam(useCase, 'con.max-names', 'maxNames') ?? problem.tickers.length;
    this.strategyMinWeight = numberParam(useCase, 'con.min-weight', 'minWeight') ?? 0;
    this.maxWeight = numberParam(useCase, 'con.max-weight', 'maxWeight') ?? 1;
    this.minimums = plan.minimums ? new Map(plan.minimums) : undefined;
  }

  /** One account (its lots, in any order) fitted in its cluster. */
  map(account: Account, lots: readonly AccountLot[], cluster: MappedCluster): MappedBookAccount {
    const { problem } = this;
    const n = problem.tickers.length;
    const exclusionKey = account.exclude.join(';');
    let excluded = this.excludedOf.get(exclusionKey);
    if (!excluded) this.excludedOf.set(exclusionKey, (excluded = new Set(resolveExclusions(account.exclude, problem).names)));
    const heldShares = new Map<string, number>();
    for (const lot of lots) heldShares.set(lot.ticker, (heldShares.get(lot.ticker) ?? 0) + lot.shares);
    const held = new Map<number, number>();
    const outside: { ticker: string; shares: number }[] = [];
    let heldValue = 0;
    for (const [ticker, shares] of heldShares) {
      const i = this.tickerIndex.get(ticker);
      if (i === undefined) outside.push({ ticker, shares });
      else {
        held.set(i, shares);
        heldValue += shares * problem.prices[i]!;
      }
    }
    let value = account.value;
    const stale = heldValue > value * (1 + 1e-9);
    if (stale) value = heldValue + Math.max(0, account.cash ?? 0);
    const own = sizeLimits(value, n, this.typical);
    const rules = accountRules(this.plan.useCase, value);
    const choice = this.candidatesOf.of(cluster.band.index, cluster.key.exclude.join(';'));
    // the next band's target is offered to the upper half of a band (log scale), where its own band's
    // limits, built for an account up to twice smaller, bind the most
    const labels = choice.kind === 'own' && value < Math.sqrt(cluster.band.lower * cluster.band.upper) ? choice.labels.slice(0, 1) : choice.labels;
    const candidates: FitCandidate[] = labels.map((label) => {
      const model = this.models.get(label)!;
      return { id: label, target: model.target!, minWeight: model.minWeight };
    });
    const fit =
      candidates.length > 0
        ? fitAccount(
            this.context,
            {
              value,
              excluded,
              held,
              cashBuffer: rules.cashBuffer,
              minTrade: rules.minTrade,
              maxNames: Math.min(this.strategyNames, own.maxNames),
              minWeight: this.strategyMinWeight,
              maxWeight: this.maxWeight,
            },
            candidates,
          )
        : null;
    if (fit) {
      return {
        account,
        cluster,
        value,
        allocation: fit.allocation,
        outside,
        trackingError: fit.trackingError,
        target: fit.candidate,
        status: choice.kind === 'own' ? 'allocated' : 'fallback',
        reason: choice.reason,
        stale,
      };
    }
    const allocation = keepHoldings(held, excluded, value, problem.prices);
    const reason = choice.kind === 'none' ? choice.reason! : `every name of the targets it could take (${choice.labels.join(', ')}) is excluded by the account`;
    return {
      account,
      cluster,
      value,
      allocation,
      outside,
      trackingError: this.meter.measure(allocation.names, allocation.names.map((i, k) => (allocation.shares[k]! * problem.prices[i]!) / value)),
      target: null,
      status: 'unallocated',
      reason,
      stale,
    };
  }

  /** The account's outcome; with a target tracking error, flagged when below its cluster's account minimum. */
  outcome(m: MappedBookAccount): AccountOutcome {
    const minimum = this.minimums?.get(m.cluster.keyText) ?? null;
    return {
      accountId: m.account.accountId,
      clusterId: m.cluster.clusterId,
      value: m.value,
      cash: m.allocation.cash,
      names: m.allocation.names.length,
      trackingError: m.trackingError,
      trades: m.allocation.trades.length + m.outside.length,
      belowMinimum: this.minimums !== undefined && (minimum === null || m.value < minimum),
      status: m.status,
      target: m.target,
      reason: m.reason,
    };
  }
}

/** An account no target can serve: it keeps its holdings but sells the names it excludes. */
function keepHoldings(held: ReadonlyMap<number, number>, excluded: ReadonlySet<number>, value: number, prices: ArrayLike<number>): AccountAllocation {
  const names: number[] = [];
  const shares: number[] = [];
  const trades: { name: number; shares: number }[] = [];
  let cash = value;
  for (const i of [...held.keys()].sort((a, b) => a - b)) {
    const h = held.get(i)!;
    if (excluded.has(i)) trades.push({ name: i, shares: -h });
    else {
      names.push(i);
      shares.push(h);
      cash -= h * prices[i]!;
    }
  }
  return { names, shares, cash: Math.max(0, cash), trades };
}
