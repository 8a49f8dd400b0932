import type { SectorActiveWeight } from '../../api/domain.ts';
import type { TrackingProblem } from './trackingProblem.ts';

/**
 * Sector weights of a portfolio against its benchmark over the whole optimization universe:
 *   w_s = Σ_{i∈s} w_i,   b_s = Σ_{i∈s} b_i,   active_s = w_s − b_s,
 * so Σ_s active_s = −cash weight. Every sector of the universe is listed (a sector the portfolio skips
 * shows w_s = 0), largest benchmark weight first; names with no sector fall under ''.
 */
export function sectorActiveWeights(problem: Pick<TrackingProblem, 'sectors' | 'benchmarkWeights'>, weights: ArrayLike<number>): SectorActiveWeight[] {
  const bySector = new Map<string, SectorActiveWeight>();
  problem.sectors.forEach((sector, i) => {
    let s = bySector.get(sector);
    if (!s) bySector.set(sector, (s = { sector, weight: 0, benchmarkWeight: 0, active: 0, names: 0 }));
    const w = weights[i] ?? 0;
    s.weight += w;
    s.benchmarkWeight += problem.benchmarkWeights[i]!;
    if (w > 0) s.names++;
  });
  const out = [...bySector.values()];
  for (const s of out) s.active = s.weight - s.benchmarkWeight;
  return out.sort((a, b) => b.benchmarkWeight - a.benchmarkWeight || a.sector.localeCompare(b.sector));
}
