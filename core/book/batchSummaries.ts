import type { ClusterSummary, FailedModel } from '../../api/book.ts';
import { accountRules } from '../../solver/book/modelPortfolio.ts';
import { mapTargetToAccount } from '../../solver/book/wholeShareMapping.ts';
import { resolveExclusions } from '../../solver/tracking/accountExclusions.ts';
import type { TrackingErrorMeter } from '../../solver/tracking/trackingErrorMeter.ts';
import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';
import type { UseCase } from '../../solver/usecases/useCase.ts';
import type { ClusterModel, ClusterTarget } from './clusterTargets.ts';
import type { StoredClusterTarget } from './storedBatch.ts';

/** The cluster models that produced no target, with the clusters they leave to a fallback. */
export function failedModels(models: readonly ClusterModel[], targets: ReadonlyMap<string, ClusterTarget>): FailedModel[] {
  return models
    .filter((m) => !targets.get(m.key)!.usable)
    .map((m) => {
      const t = targets.get(m.key)!;
      return { model: m.label, status: t.status, message: t.message, clusters: m.clusters.map((c) => c.clusterId) };
    });
}

export function clusterSummaries(
  models: readonly ClusterModel[],
  targets: ReadonlyMap<string, ClusterTarget>,
  /** accounts below their cluster's account minimum, by cluster id */
  belowBy: ReadonlyMap<string, number>,
  problem: TrackingProblem,
  useCase: UseCase,
  meter: TrackingErrorMeter,
  minimums: ReadonlyMap<string, number | null> | undefined,
): ClusterSummary[] {
  const summaries: ClusterSummary[] = [];
  for (const model of models) {
    const target = targets.get(model.key)!;
    for (const c of model.clusters) {
      // the model's own target in whole shares at the cluster's smallest account, from cash
      let te: number | null = null;
      if (target.usable) {
        const excluded = new Set(resolveExclusions(c.key.exclude, problem).names);
        const a = mapTargetToAccount(target, { value: c.minValue, excluded }, { prices: problem.prices, ...accountRules(useCase, c.minValue), minWeight: model.minWeight });
        te = meter.measure(a.names, a.names.map((i, k) => (a.shares[k]! * problem.prices[i]!) / c.minValue));
      }
      summaries.push({
        clusterId: c.clusterId,
        key: c.key,
        band: { minValue: c.band.lower, maxValue: c.band.upper, maxNames: c.band.limits.maxNames, minWeight: c.band.limits.minWeight },
        accounts: c.members.length,
        minValue: c.minValue,
        maxValue: c.maxValue,
        trackingError: te,
        names: target.names.length,
        accountMinimum: minimums?.get(c.keyText) ?? null,
        belowMinimum: belowBy.get(c.clusterId) ?? 0,
        solveStatus: target.usable ? (target.reusedFrom !== null ? `${target.status} (reused from ${target.reusedFrom})` : target.status) : 'failed',
      });
    }
  }
  return summaries.sort((a, b) => (a.clusterId < b.clusterId ? -1 : 1));
}

/** The cluster targets as tickers and weights, kept in the stored run for the Cluster and Account screens. */
export function storedTargets(models: readonly ClusterModel[], targets: ReadonlyMap<string, ClusterTarget>, problem: TrackingProblem): StoredClusterTarget[] {
  return models.flatMap((model) => {
    const t = targets.get(model.key)!;
    const holdings = t.names.map((i, k) => ({ ticker: problem.tickers[i]!, weight: t.weights[k]! }));
    return model.clusters.map((c) => ({ clusterId: c.clusterId, model: model.label, holdings }));
  });
}
