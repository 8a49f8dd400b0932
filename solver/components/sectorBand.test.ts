import { describe, expect, it } from 'vitest';
import { sectorBand } from './sectorBand.ts';
import { applyInOrder, rowByName, tinyProblem } from './testing/tinyProblem.ts';
import { exclusions } from './exclusions.ts';
import { weights } from './weights.ts';

describe('con.sector-band', () => {
  it('keeps each sector within band of its benchmark weight', () => {
    const ir = applyInOrder([[weights, {}], [sectorBand, { band: 0.05 }]], { problem: tinyProblem() });
    expect(ir.rows.names).toEqual(['sectorBand[Tech]', 'sectorBand[Energy]']);
    const tech = rowByName(ir, 'sectorBand[Tech]');
    expect(tech.coefficients).toEqual({ 'weights[AAA]': 1, 'weights[BBB]': 1 });
    // B_Tech = 0.5 + 0.3
    expect(tech.lower).toBeCloseTo(0.75, 15);
    expect(tech.upper).toBeCloseTo(0.85, 15);
    const energy = rowByName(ir, 'sectorBand[Energy]');
    expect(energy.coefficients).toEqual({ 'weights[CCC]': 1 });
    expect(energy.lower).toBeCloseTo(0.15, 15);
    expect(energy.upper).toBeCloseTo(0.25, 15);
  });

  it('leaves names with an unknown sector unbanded, and refuses a universe with no sectors', () => {
    const problem = { ...tinyProblem(), sectors: ['Tech', '', 'Energy'] };
    const ir = applyInOrder([[weights, {}], [sectorBand, { band: 0.1 }]], { problem });
    expect(rowByName(ir, 'sectorBand[Tech]').coefficients).toEqual({ 'weights[AAA]': 1 });
    expect(sectorBand.check!({ band: 0.1 }, { problem: { ...problem, sectors: ['', '', ''] } })).toEqual([
      'no name in the universe has a sector to band',
    ]);
  });

  it('drops a sector the model excludes entirely and scales the others up pro rata', () => {
    // exclusions of Energy (CCC, b = 0.2) leave Tech (AAA 0.5 + BBB 0.3) = 0.8 → 0.8 / 0.8 = 1
    const ir = applyInOrder(
      [
        [weights, {}],
        [exclusions, { tickers: [], sectors: ['Energy'] }],
        [sectorBand, { band: 0.05 }],
      ],
      { problem: tinyProblem() },
    );
    expect(ir.rows.names).toEqual(['sectorBand[Tech]']);
    const tech = rowByName(ir, 'sectorBand[Tech]');
    expect(tech.lower).toBeCloseTo(0.95, 15);
    expect(tech.upper).toBeCloseTo(1.05, 15);
  });
});
