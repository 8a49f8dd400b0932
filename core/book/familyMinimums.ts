import { modelPortfolioUseCase } from '../../solver/book/modelPortfolio.ts';
import { resolveExclusions } from '../../solver/tracking/accountExclusions.ts';
import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';
import type { UseCase } from '../../solver/usecases/useCase.ts';
import { throwIfCancelled } from '../errors.ts';
import type { CoreServices } from '../services.ts';
import { clusterAccountMinimum } from './clusterMinimum.ts';
import type { ClusterModel, ClusterTarget } from './clusterTargets.ts';

/**
 * One account minimum per screen family (clusterMinimum.ts): the model portfolio with the family's
 * exclusions and no band limits, and as its targets the ones the batch solved for the family's bands
 * (no solve more); every cluster of the family gets it. Keyed by the cluster key's text. An account's own
 * excluded names are not part of it: the minimum is the strategy's, as a manager quotes it.
 */
export async function familyMinimums(
  services: CoreServices,
  problem: TrackingProblem,
  useCase: UseCase,
  models: readonly ClusterModel[],
  targets: ReadonlyMap<string, ClusterTarget>,
  teTarget: number,
  signal: AbortSignal | undefined,
): Promise<Map<string, number | null>> {
  const bySet = new Map<string, { excluded: string[]; keys: Set<string>; weights: { label: string; weights: Float64Array }[] }>();
  for (const model of models) {
    const target = targets.get(model.key)!;
    for (const cluster of model.clusters) {
      const excluded = resolveExclusions(cluster.key.exclude, problem).tickers;
      const setKey = excluded.join(';');
      let set = bySet.get(setKey);
      if (!set) bySet.set(setKey, (set = { excluded, keys: new Set(), weights: [] }));
      set.keys.add(cluster.keyText);
      if (target.usable && !set.weights.some((w) => w.label === model.label)) {
        const dense = new Float64Array(problem.tickers.length);
        target.names.forEach((i, k) => (dense[i] = target.weights[k]!));
        set.weights.push({ label: model.label, weights: dense });
      }
    }
  }
  const out = new Map<string, number | null>();
  for (const set of bySet.values()) {
    throwIfCancelled(signal);
    let minimum: number | null = null;
    if (set.weights.length > 0) {
      const found = await clusterAccountMinimum(services, {
        problem,
        useCase: modelPortfolioUseCase(useCase, { maxNames: problem.tickers.length, minWeight: 0, saturated: true }, set.excluded),
        teTarget,
        targets: set.weights,
        nameLimits: [],
        ...(signal ? { signal } : {}),
      });
      minimum = found.minimum;
    }
    for (const key of set.keys) out.set(key, minimum);
  }
  return out;
}
