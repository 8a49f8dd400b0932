import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Account, AccountLot } from '../../api/book.ts';
import { CovarianceBlocks, fitAccount, type FitCandidate } from '../../solver/book/accountFit.ts';
import { sizeLimits, typicalPrice } from '../../solver/book/bandLimits.ts';
import type { BookCluster } from '../../solver/book/clustering.ts';
import { ExclusionSubstitutes, type SparseTarget } from '../../solver/book/exclusionSubstitutes.ts';
import { accountRules, numberParam } from '../../solver/book/modelPortfolio.ts';
import { TargetCandidates } from '../../solver/book/targetCandidates.ts';
import { reweightForTrackingError } from '../../solver/book/trackingReweight.ts';
import type { AccountAllocation } from '../../solver/book/wholeShareMapping.ts';
import { resolveExclusions } from '../../solver/tracking/accountExclusions.ts';
import type { TrackingCovariance } from '../../solver/tracking/trackingCovariance.ts';
import type { TrackingErrorMeter } from '../../solver/tracking/trackingErrorMeter.ts';
import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';
import type { UseCase } from '../../solver/usecases/useCase.ts';
import { throwIfCancelled } from '../errors.ts';
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
 * their proceeds are part of the value. Accounts are mapped a chunk at a time, yielding between chunks so
 * that progress and a cancel get through.
 */
export type AccountStatus = 'allocated' | 'fallback' | 'unallocated';

export interface MappedBookAccount {
  account: Account;
  cluster: BookCluster;
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
}

export interface MapBookInput {
  accounts: readonly Account[];
  lots: readonly AccountLot[];
  clusters: readonly BookCluster[];
  models: readonly ClusterModel[];
  targets: ReadonlyMap<string, ClusterTarget>;
  problem: TrackingProblem;
  meter: TrackingErrorMeter;
  covariance: TrackingCovariance;
  /** the strategy's full use case: its cash buffer, minimum trade and maximum weight apply per account */
  useCase: UseCase;
  /** moves of the whole-share polish per account at most (default DESCENT_MOVES; 0: none) */
  descentMoves?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

const CHUNK = 500;
/** Measured on the S&P 500 book: 60 moves reach 95-100 % of the descent's full gain at every size. */
export const DESCENT_MOVES = 60;

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

export async function mapBook(input: MapBookInput): Promise<{ mapped: MappedBookAccount[]; warnings: string[] }> {
  const { problem, meter, useCase } = input;
  const n = problem.tickers.length;
  const tickerIndex = new Map(problem.tickers.map((t, i) => [t, i]));
  const heldBy = new Map<string, Map<string, number>>();
  for (const lot of input.lots) {
    let held = heldBy.get(lot.accountId);
    if (!held) heldBy.set(lot.accountId, (held = new Map()));
    held.set(lot.ticker, (held.get(lot.ticker) ?? 0) + lot.shares);
  }
  const fitted = accountTargets(input.models, input.targets, input.covariance, useCase);
  const byLabel = new Map<string, ClusterModel>();
  const seen = new Set<string>();
  const entries: { label: string; bandIndex: number; family: string; usable: boolean; status: string }[] = [];
  for (const m of input.models) {
    byLabel.set(m.label, m);
    const target = input.targets.get(m.key);
    for (const c of m.clusters) {
      const family = c.key.exclude.join(';');
      if (seen.has(`${m.label}|${family}`)) continue;
      seen.add(`${m.label}|${family}`);
      entries.push({ label: m.label, bandIndex: m.band.index, family, usable: fitted.has(m.key), status: target ? `${target.status}${target.message ? ` (${target.message})` : ''}` : 'not solved' });
    }
  }
  const candidatesOf = new TargetCandidates(entries);
  const substitutes = new ExclusionSubstitutes(input.covariance, problem.sectors, { keepSectors: useCase.components.some((c) => c.id === 'con.sector-band') });
  const blocks = new CovarianceBlocks(input.covariance);
  const context = { prices: problem.prices, covariance: input.covariance, substitutes, meter, descentMoves: input.descentMoves ?? DESCENT_MOVES, blocks };
  const typical = typicalPrice(problem.prices);
  const strategyNames = numberParam(useCase, 'con.max-names', 'maxNames') ?? n;
  const strategyMinWeight = numberParam(useCase, 'con.min-weight', 'minWeight') ?? 0;
  const maxWeight = numberParam(useCase, 'con.max-weight', 'maxWeight') ?? 1;
  const excludedOf = new Map<string, Set<number>>();

  const work: { index: number; cluster: BookCluster }[] = [];
  for (const cluster of input.clusters) for (const index of cluster.members) work.push({ index, cluster });
  work.sort((a, b) => a.index - b.index);

  const mapped: MappedBookAccount[] = [];
  let stale = 0;
  const staleIds: string[] = [];
  for (let start = 0; start < work.length; start += CHUNK) {
    for (const { index, cluster } of work.slice(start, start + CHUNK)) {
      const account = input.accounts[index]!;
      const exclusionKey = account.exclude.join(';');
      let excluded = excludedOf.get(exclusionKey);
      if (!excluded) excludedOf.set(exclusionKey, (excluded = new Set(resolveExclusions(account.exclude, problem).names)));
      const held = new Map<number, number>();
      const outside: { ticker: string; shares: number }[] = [];
      let heldValue = 0;
      for (const [ticker, shares] of heldBy.get(account.accountId) ?? []) {
        const i = tickerIndex.get(ticker);
        if (i === undefined) outside.push({ ticker, shares });
        else {
          held.set(i, shares);
          heldValue += shares * problem.prices[i]!;
        }
      }
      let value = account.value;
      if (heldValue > value * (1 + 1e-9)) {
        stale++;
        if (staleIds.length < 5) staleIds.push(account.accountId);
        value = heldValue + Math.max(0, account.cash ?? 0);
      }
      const own = sizeLimits(value, n, typical);
      const rules = accountRules(useCase, value);
      const choice = candidatesOf.of(cluster.band.index, cluster.key.exclude.join(';'));
      // the next band's target is offered to the upper half of a band (log scale), where its own band's
      // limits, built for an account up to twice smaller, bind the most
      const labels = choice.kind === 'own' && value < Math.sqrt(cluster.band.lower * cluster.band.upper) ? choice.labels.slice(0, 1) : choice.labels;
      const candidates: FitCandidate[] = labels.map((label) => ({ id: label, target: fitted.get(byLabel.get(label)!.key)!, minWeight: byLabel.get(label)!.minWeight }));
      const fit =
        candidates.length > 0
          ? fitAccount(
              context,
              {
                value,
                excluded,
                held,
                cashBuffer: rules.cashBuffer,
                minTrade: rules.minTrade,
                maxNames: Math.min(strategyNames, own.maxNames),
                minWeight: strategyMinWeight,
                maxWeight,
              },
              candidates,
            )
          : null;
      if (fit) {
        mapped.push({
          account,
          cluster,
          value,
          allocation: fit.allocation,
          outside,
          trackingError: fit.trackingError,
          target: fit.candidate,
          status: choice.kind === 'own' ? 'allocated' : 'fallback',
          reason: choice.reason,
        });
        continue;
      }
      const allocation = keepHoldings(held, excluded, value, problem.prices);
      const reason = choice.kind === 'none' ? choice.reason! : `every name of the targets it could take (${choice.labels.join(', ')}) is excluded by the account`;
      mapped.push({
        account,
        cluster,
        value,
        allocation,
        outside,
        trackingError: meter.measure(allocation.names, allocation.names.map((i, k) => (allocation.shares[k]! * problem.prices[i]!) / value)),
        target: null,
        status: 'unallocated',
        reason,
      });
    }
    input.onProgress?.(mapped.length, work.length);
    await nextTurn();
    throwIfCancelled(input.signal);
  }
  const warnings =
    stale > 0
      ? [`${stale} accounts hold more in the universe's names than their value (e.g. ${staleIds.join(', ')}): their holdings plus cash are used as the value`]
      : [];
  return { mapped, warnings };
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
