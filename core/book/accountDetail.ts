import type { AccountDetail, AccountHolding, AccountTrade } from '../../api/book.ts';
import { clusterAccounts } from '../../solver/book/clustering.ts';
import { TrackingCovariance } from '../../solver/tracking/trackingCovariance.ts';
import { TrackingErrorMeter } from '../../solver/tracking/trackingErrorMeter.ts';
import { loadStoredBook, readAccountBook } from '../accounts/accountBook.ts';
import { InputError, NotFoundError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { findUseCase } from '../usecases/findUseCase.ts';
import { batchProblem } from './batchProblem.ts';
import { mapBook } from './bookMapping.ts';
import { clusterModels, type ClusterTarget } from './clusterTargets.ts';
import { loadStoredBatch } from './storedBatch.ts';

/**
 * `book/account`: one account of a stored batch, its whole shares recomputed with the batch's own mapping
 * (bookMapping.ts → solver/book/accountFit.ts) from what the run stored: the book it read (the file or the
 * stored book, with its holdings), the clusters rebuilt with the run's options on the run's prices (the
 * clustering is deterministic: the account lands in the cluster the run put it in, or the book changed
 * since and this says so), and every model's stored fractional target (the account may take its band's or
 * the next band's, or a fallback). The holdings and trades are then those of allocations.csv and
 * trades.csv; `targetWeight` is the target the account took, before its own exclusions and size. The use case is read as it stands now: an edit to its cash
 * buffer or minimum trade since the run changes the trades, not the target.
 */
export async function accountDetail(db: Database, runId: number, accountId: string): Promise<AccountDetail> {
  const batch = loadStoredBatch(db, runId);
  const outcome = batch.result.outcomes.find((o) => o.accountId === accountId);
  if (outcome === undefined) throw new NotFoundError(`batch run ${runId} has no account "${accountId}"`, { field: 'accountId' });
  const { options } = batch;
  const book = options.accountsFile !== undefined ? await readAccountBook(options.accountsFile, options.holdingsFile) : loadStoredBook(db, options.book!);
  const index = book.accounts.findIndex((a) => a.accountId === accountId);
  const problem = batchProblem(db, batch);
  const useCase = findUseCase(db, batch.result.useCase);
  const { clusters } = clusterAccounts(book.accounts, { bands: options.clusters, universe: problem });
  const cluster = clusters.find((c) => c.members.includes(index));
  if (index < 0 || cluster === undefined || cluster.clusterId !== outcome.clusterId) {
    throw new InputError(`the book of batch run ${runId} changed since the run: account "${accountId}" is no longer in cluster ${outcome.clusterId}`, {
      field: 'accountId',
    });
  }
  const { models } = clusterModels(clusters, problem, useCase);
  const indexOf = new Map(problem.tickers.map((t, i) => [t, i]));
  const storedByModel = new Map(batch.result.targets.map((t) => [t.model, t.holdings]));
  const targets = new Map<string, ClusterTarget>();
  for (const model of models) {
    const holdings = storedByModel.get(model.label) ?? [];
    const names = holdings.map((h) => indexOf.get(h.ticker)!);
    targets.set(model.key, {
      names,
      weights: holdings.map((h) => h.weight),
      status: 'stored',
      usable: names.length > 0,
      reusedFrom: null,
      objective: null,
      message: null,
      startedAt: 0,
      durationMs: 0,
    });
  }
  const { mapped } = await mapBook({
    accounts: book.accounts,
    lots: book.lots.filter((l) => l.accountId === accountId),
    clusters: [{ ...cluster, members: [index] }],
    models,
    targets,
    problem,
    meter: new TrackingErrorMeter(problem),
    covariance: new TrackingCovariance(problem),
    useCase,
  });
  const model = models.find((mm) => mm.label === outcome.target) ?? models.find((mm) => mm.clusters.some((c) => c.clusterId === cluster.clusterId))!;
  const target = targets.get(model.key)!;
  const m = mapped[0]!;
  const targetWeight = new Map(target.names.map((i, k) => [i, target.weights[k]!]));
  const holdings: AccountHolding[] = m.allocation.names.map((i, k) => {
    const shares = m.allocation.shares[k]!;
    const price = problem.prices[i]!;
    return { ticker: problem.tickers[i]!, shares, price, value: shares * price, weight: (shares * price) / m.value, targetWeight: targetWeight.get(i) ?? 0 };
  });
  // names of the target the account does not hold (excluded, or too small for a whole share)
  const held = new Set(m.allocation.names);
  for (const [i, w] of targetWeight) {
    if (!held.has(i)) holdings.push({ ticker: problem.tickers[i]!, shares: 0, price: problem.prices[i]!, value: 0, weight: 0, targetWeight: w });
  }
  holdings.sort((a, b) => b.targetWeight - a.targetWeight || b.weight - a.weight || a.ticker.localeCompare(b.ticker));
  const trades: AccountTrade[] = [
    ...m.outside.map((o): AccountTrade => ({ ticker: o.ticker, side: 'sell', shares: o.shares, price: null, value: null })),
    ...m.allocation.trades.map((t): AccountTrade => {
      const price = problem.prices[t.name]!;
      return { ticker: problem.tickers[t.name]!, side: t.shares > 0 ? 'buy' : 'sell', shares: Math.abs(t.shares), price, value: Math.abs(t.shares) * price };
    }),
  ];
  return { runId, account: m.account, outcome, value: m.value, cash: m.allocation.cash, holdings, trades };
}
