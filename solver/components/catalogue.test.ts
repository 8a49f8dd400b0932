import { describe, expect, it } from 'vitest';
import { componentCatalogue } from './catalogue.ts';

describe('componentCatalogue', () => {
  const components = [...componentCatalogue.values()];

  it('holds every component under its own id, each documented with its math', () => {
    expect([...componentCatalogue.keys()].sort()).toEqual([
      'con.budget',
      'con.cash-buffer',
      'con.exclusions',
      'con.long-only',
      'con.max-names',
      'con.max-weight',
      'con.min-trade',
      'con.min-weight',
      'con.sector-band',
      'con.tax-budget',
      'con.turnover-limit',
      'con.wash-sale',
      'obj.cash-drag',
      'obj.tax-cost',
      'obj.tracking-mad',
      'obj.tracking-variance',
      'obj.transaction-cost',
      'obj.turnover',
      'var.lot-sales',
      'var.round-lots',
      'var.selection',
      'var.trade-flags',
      'var.trades',
      'var.weights',
      'var.whole-shares',
    ]);
    for (const [id, c] of componentCatalogue) {
      expect(c.id).toBe(id);
      expect(c.doc.length).toBeGreaterThan(10);
      expect(c.title.length).toBeGreaterThan(0);
    }
  });

  it('names components by kind, and only variable components create variables outside objectives', () => {
    const prefix = { variables: 'var.', objective: 'obj.', constraint: 'con.' } as const;
    for (const c of components) {
      expect(c.id.startsWith(prefix[c.kind])).toBe(true);
      if (c.kind === 'constraint') expect(c.provides).toEqual([]);
    }
  });

  it('has exactly one provider for every set a component requires, and every ordering hint names a real component', () => {
    for (const c of components) {
      for (const s of c.requires) expect(components.filter((p) => p.provides.includes(s)).map((p) => p.id)).toHaveLength(1);
      for (const id of c.after ?? []) expect(componentCatalogue.has(id)).toBe(true);
    }
  });
});
