import { describe, expect, it } from 'vitest';
import type { Holding, OptimizeResult } from '../../../../api/domain.ts';
import { sectorActiveWeights } from './sectorActiveWeights.ts';

const holding = (ticker: string, sector: string, weight: number, benchmarkWeight: number): Holding => ({
  ticker,
  sector,
  weight,
  benchmarkWeight,
  shares: null,
  price: 10,
  value: null,
});

// a benchmark of five names in three sectors; the portfolio holds three of them and 4% cash
const benchmark = [
  { ticker: 'A', sector: 'Tech', b: 0.3 },
  { ticker: 'B', sector: 'Tech', b: 0.2 },
  { ticker: 'C', sector: 'Energy', b: 0.25 },
  { ticker: 'D', sector: 'Energy', b: 0.15 },
  { ticker: 'E', sector: 'Health', b: 0.1 },
];
const holdings = [holding('A', 'Tech', 0.5, 0.3), holding('C', 'Energy', 0.36, 0.25), holding('E', 'Health', 0.1, 0.1)];
const result = { holdings, cash: 0.04, accountValue: null } as unknown as OptimizeResult;

function sectorMix(): { sector: string; names: number; weight: number }[] {
  const mix = new Map<string, number>();
  for (const n of benchmark) mix.set(n.sector, (mix.get(n.sector) ?? 0) + n.b);
  return [...mix].map(([sector, weight]) => ({ sector, names: benchmark.filter((n) => n.sector === sector).length, weight }));
}

describe('sectorActiveWeights', () => {
  it('measures active weights against the whole benchmark, so they add up to minus the cash', () => {
    const { sectors, source } = sectorActiveWeights(result, sectorMix());
    expect(source).toBe('universe');
    const bySector = Object.fromEntries(sectors.map((s) => [s.sector, s]));
    expect(bySector.Tech!.weight).toBeCloseTo(0.5, 12);
    expect(bySector.Tech!.benchmarkWeight).toBeCloseTo(0.5, 12);
    expect(bySector.Energy!.active).toBeCloseTo(0.36 - 0.4, 12);
    expect(sectors.reduce((s, x) => s + x.active, 0)).toBeCloseTo(-0.04, 12);
  });

  it('prefers the sector weights a run reports over the universe mix', () => {
    const withSectors = { ...result, sectors: [{ sector: 'Tech', weight: 0.5, benchmarkWeight: 0.45 }] } as OptimizeResult;
    const { sectors, source } = sectorActiveWeights(withSectors, sectorMix());
    expect(source).toBe('run');
    expect(sectors.find((s) => s.sector === 'Tech')!.active).toBeCloseTo(0.05, 12);
  });

  it('falls back to the names held, which misses the benchmark weight of names not held', () => {
    const { sectors, source } = sectorActiveWeights(result, null);
    expect(source).toBe('held');
    expect(sectors.find((s) => s.sector === 'Tech')!.benchmarkWeight).toBeCloseTo(0.3, 12);
  });
});
