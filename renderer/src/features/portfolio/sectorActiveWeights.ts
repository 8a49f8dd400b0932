import type { OptimizeResult } from '../../../../api/domain.ts';
import type { SectorWeight } from '../../../../api/market.ts';

export interface SectorActive {
  sector: string;
  /** w_s = Σ_{i∈s} w_i over the names held */
  weight: number;
  /** b_s = Σ_{i∈s} b_i */
  benchmarkWeight: number;
  /** w_s − b_s; over all sectors these sum to −cash */
  active: number;
}

/**
 * Where the benchmark's sector weights came from: the run itself (exact), the universe's sector mix at its
 * last date (the run held only some names, so its holdings cannot give b_s), or only the names held (a lower bound).
 */
export type BenchmarkSource = 'run' | 'universe' | 'held';

interface RunSector {
  sector: string;
  benchmarkWeight: number;
}

/** A run's own benchmark sector weights, when its result carries them (a `sectors` list). */
function runSectors(result: OptimizeResult): RunSector[] | null {
  const sectors = (result as { sectors?: unknown }).sectors;
  if (!Array.isArray(sectors)) return null;
  const ok = sectors.every(
    (s: unknown) => !!s && typeof s === 'object' && typeof (s as RunSector).sector === 'string' && typeof (s as RunSector).benchmarkWeight === 'number',
  );
  return ok ? (sectors as RunSector[]) : null;
}

export function sectorActiveWeights(result: OptimizeResult, universeSectors: SectorWeight[] | null): { sectors: SectorActive[]; source: BenchmarkSource } {
  const held = new Map<string, number>();
  const heldBenchmark = new Map<string, number>();
  for (const h of result.holdings) {
    held.set(h.sector, (held.get(h.sector) ?? 0) + h.weight);
    heldBenchmark.set(h.sector, (heldBenchmark.get(h.sector) ?? 0) + h.benchmarkWeight);
  }
  const own = runSectors(result);
  const source: BenchmarkSource = own ? 'run' : universeSectors && universeSectors.length > 0 ? 'universe' : 'held';
  const benchmark =
    source === 'run'
      ? new Map(own!.map((s) => [s.sector, s.benchmarkWeight]))
      : source === 'universe'
        ? new Map(universeSectors!.map((s) => [s.sector, s.weight]))
        : heldBenchmark;
  const names = new Set([...held.keys(), ...benchmark.keys()]);
  const sectors = [...names].map((sector): SectorActive => {
    const weight = held.get(sector) ?? 0;
    const benchmarkWeight = benchmark.get(sector) ?? 0;
    return { sector: sector || '(no sector)', weight, benchmarkWeight, active: weight - benchmarkWeight };
  });
  sectors.sort((a, b) => b.benchmarkWeight - a.benchmarkWeight || a.sector.localeCompare(b.sector));
  return { sectors, source };
}
