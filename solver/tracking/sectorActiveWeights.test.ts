import { describe, expect, it } from 'vitest';
import { sectorActiveWeights } from './sectorActiveWeights.ts';

describe('sectorActiveWeights', () => {
  it('sums weights and benchmark weights per sector over the whole universe, active summing to minus the cash', () => {
    const problem = { sectors: ['Tech', 'Energy', 'Tech', '', 'Energy'], benchmarkWeights: new Float64Array([0.3, 0.2, 0.25, 0.05, 0.2]) };
    const weights = [0.5, 0, 0.1, 0.05, 0.3];
    const sectors = sectorActiveWeights(problem, weights);
    expect(sectors.map((s) => s.sector)).toEqual(['Tech', 'Energy', '']);
    const tech = sectors[0]!;
    expect(tech.weight).toBeCloseTo(0.6, 12);
    expect(tech.benchmarkWeight).toBeCloseTo(0.55, 12);
    expect(tech.active).toBeCloseTo(0.05, 12);
    expect(tech.names).toBe(2);
    expect(sectors[1]!.names).toBe(1);
    const cash = 1 - weights.reduce((a, b) => a + b, 0);
    expect(sectors.reduce((a, s) => a + s.active, 0)).toBeCloseTo(-cash, 12);
  });
});
