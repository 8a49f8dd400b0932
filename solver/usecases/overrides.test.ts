import { describe, expect, it } from 'vitest';
import { indexTracking } from './indexTracking.ts';
import { applyOverrides } from './overrides.ts';
import type { UseCase } from './useCase.ts';

const ids = (u: UseCase): string[] => u.components.map((c) => c.id);
const params = (u: UseCase, id: string): Record<string, unknown> | undefined => u.components.find((c) => c.id === id)?.params;

describe('applyOverrides', () => {
  it('returns the use case unchanged in substance when no option is given', () => {
    expect(applyOverrides(indexTracking, {})).toEqual(indexTracking);
  });

  it('maps each option onto its component, adding the selection binaries that cardinality needs', () => {
    const u = applyOverrides(indexTracking, { maxNames: 40, minWeight: 0.005, maxWeight: 0.05, sectorBand: 0.02, exclude: ['MO', 'PM'] });
    expect(ids(u)).toEqual([
      'var.weights',
      'obj.tracking-mad',
      'con.budget',
      'con.long-only',
      'var.selection',
      'con.max-names',
      'con.min-weight',
      'con.max-weight',
      'con.sector-band',
      'con.exclusions',
    ]);
    expect(params(u, 'con.max-names')).toEqual({ maxNames: 40 });
    expect(params(u, 'con.min-weight')).toEqual({ minWeight: 0.005 });
    expect(params(u, 'con.max-weight')).toEqual({ maxWeight: 0.05 });
    expect(params(u, 'con.sector-band')).toEqual({ band: 0.02 });
    expect(params(u, 'con.exclusions')).toEqual({ tickers: ['MO', 'PM'] });
  });

  it('adds whole shares for an account value and lets the remainder sit in cash', () => {
    const u = applyOverrides(indexTracking, { accountValue: 250_000 });
    expect(ids(u)).toContain('var.whole-shares');
    expect(params(u, 'con.budget')).toEqual({ cashMin: 0, cashMax: 1 });
  });

  it('keeps fractional shares when asked, even if the use case has whole shares', () => {
    expect(ids(applyOverrides(indexTracking, { accountValue: 250_000, fractional: true }))).not.toContain('var.whole-shares');
    const withShares: UseCase = { ...indexTracking, components: [...indexTracking.components, { id: 'var.whole-shares', params: {} }] };
    expect(ids(applyOverrides(withShares, { fractional: true }))).not.toContain('var.whole-shares');
  });

  it('merges with what the use case already says, and never changes its input', () => {
    const base: UseCase = {
      ...indexTracking,
      components: [
        ...indexTracking.components.map((c) => (c.id === 'con.budget' ? { ...c, params: { cashMin: 0, cashMax: 0.03 } } : c)),
        { id: 'con.exclusions', params: { tickers: ['MO'], sectors: ['Energy'] } },
      ],
    };
    const before = structuredClone(base);
    const u = applyOverrides(base, { exclude: ['PM', 'MO'], accountValue: 100_000 });
    expect(params(u, 'con.exclusions')).toEqual({ tickers: ['MO', 'PM'], sectors: ['Energy'] });
    // a positive cash cap chosen by the use case stays
    expect(params(u, 'con.budget')).toEqual({ cashMin: 0, cashMax: 0.03 });
    expect(base).toEqual(before);
  });
});
