import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Account, AccountLot } from '../../api/book.ts';
import { resolveExclusions } from '../../solver/portfolio/accountExclusions.ts';
import type { BookCluster } from '../../solver/portfolio/clustering.ts';
import { accountRules } from '../../solver/portfolio/modelPortfolio.ts';
import type { TrackingErrorMeter } from '../../solver/portfolio/trackingErrorMeter.ts';
import type { TrackingProblem } from '../../solver/portfolio/trackingProblem.ts';
import { mapTargetToAccount, type AccountAllocation } from '../../solver/portfolio/wholeShareMapping.ts';
import type { UseCase } from '../../solver/usecases/useCase.ts';
import { throwIfCancelled } from '../errors.ts';
import type { ClusterModel, ClusterTarget } from './clusterTargets.ts';

/**
 * Every account of the book in whole shares: its cluster's target mapped onto its value and holdings
 * (wholeShareMapping.ts) under the strategy's per-account rules (cash buffer, minimum trade) and the
 * band's minimum position, and its tracking error on the weights it ends with (cash earning 0).
 *
 * The account's value is the file's (holdings at market plus cash); when its holdings in the universe are
 * worth more than that (a stale value), the holdings plus its cash are used and a warning says how many.
 * Lots of names outside the universe have no price here: they are sold whole (a sell with no price), and
 * their proceeds are part of the value. An account whose cluster has no target keeps what it holds, its
 * excluded names sold. Accounts are mapped a chunk at a time, yielding between chunks so that progress
 * and a cancel get through.
 */
export interface MappedBookAccount {
  account: Account;
  cluster: BookCluster;
  /** V the mapping used */
  value: number;
  allocation: AccountAllocation;
  /** names outside the universe the account held, sold whole */
  outside: { ticker: string; shares: number }[];
  trackingError: number;
}

export interface MapBookInput {
  accounts: readonly Account[];
  lots: readonly AccountLot[];
  clusters: readonly BookCluster[];
  models: readonly ClusterModel[];
  targets: ReadonlyMap<string, ClusterTarget>;
  problem: TrackingProblem;
  meter: TrackingErrorMeter;
  /** the strategy's full use case: its cash buffer and minimum trade apply per account */
  useCase: UseCase;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

const CHUNK = 500;

export async function mapBook(input: MapBookInput): Promise<{ mapped: MappedBookAccount[]; warnings: string[] }> {
  const { problem, meter } = input;
  const tickerIndex = new Map(problem.tickers.map((t, i) => [t, i]));
  const heldBy = new Map<string, Map<string, number>>();
  for (const lot of input.lots) {
    let held = heldBy.get(lot.accountId);
    if (!held) heldBy.set(lot.accountId, (held = new Map()));
    held.set(lot.ticker, (held.get(lot.ticker) ?? 0) + lot.shares);
  }
  const modelOf = new Map<string, ClusterModel>();
  for (const m of input.models) for (const c of m.clusters) modelOf.set(c.clusterId, m);
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
      let excluded = excludedOf.get(cluster.keyText);
      if (!excluded) excludedOf.set(cluster.keyText, (excluded = new Set(resolveExclusions(cluster.key.exclude, problem).names)));
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
      const model = modelOf.get(cluster.clusterId)!;
      const target = input.targets.get(model.key)!;
      const rules = accountRules(input.useCase, value);
      const allocation = target.usable
        ? mapTargetToAccount(target, { value, excluded, held }, { prices: problem.prices, ...rules, minWeight: model.minWeight })
        : keepHoldings(held, excluded, value, problem.prices);
      const weights = allocation.names.map((i, k) => (allocation.shares[k]! * problem.prices[i]!) / value);
      mapped.push({ account, cluster, value, allocation, outside, trackingError: meter.measure(allocation.names, weights) });
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

/** An account whose cluster has no target: it keeps its holdings but sells the names it excludes. */
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
