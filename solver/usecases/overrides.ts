import type { UseCase, UseCaseComponent } from './useCase.ts';

/** The model options of `jessica optimize` (DESIGN section 5); absent means "as the use case says". */
export interface ModelOverrides {
  maxNames?: number;
  minWeight?: number;
  maxWeight?: number;
  sectorBand?: number;
  exclude?: string[];
  accountValue?: number;
  fractional?: boolean;
}

/**
 * The use case with the options mapped onto its components; the input is not changed.
 *   maxNames    → con.max-names { maxNames } (+ var.selection)
 *   minWeight   → con.min-weight { minWeight } (+ var.selection)
 *   maxWeight   → con.max-weight { maxWeight }
 *   sectorBand  → con.sector-band { band }
 *   exclude     → con.exclusions { tickers } (added to tickers the use case already excludes)
 *   accountValue without fractional → var.whole-shares, and con.budget may keep the uninvested
 *                 remainder as cash (cashMax 1 unless the use case sets a positive cap)
 *   fractional  → no var.whole-shares, even if the use case has it
 * Values are not checked here: the components' schemas check them when the model is assembled,
 * and their errors name the component.
 */
export function applyOverrides(useCase: UseCase, overrides: ModelOverrides): UseCase {
  const components: UseCaseComponent[] = useCase.components.map((c) => ({ id: c.id, params: structuredClone(c.params) }));
  const find = (id: string): UseCaseComponent | undefined => components.find((c) => c.id === id);
  const ensure = (id: string): UseCaseComponent => {
    let c = find(id);
    if (!c) {
      c = { id, params: {} };
      components.push(c);
    }
    return c;
  };
  const set = (id: string, params: Record<string, unknown>): void => {
    const c = ensure(id);
    c.params = { ...c.params, ...params };
  };

  if (overrides.maxNames !== undefined) {
    ensure('var.selection');
    set('con.max-names', { maxNames: overrides.maxNames });
  }
  if (overrides.minWeight !== undefined) {
    ensure('var.selection');
    set('con.min-weight', { minWeight: overrides.minWeight });
  }
  if (overrides.maxWeight !== undefined) set('con.max-weight', { maxWeight: overrides.maxWeight });
  if (overrides.sectorBand !== undefined) set('con.sector-band', { band: overrides.sectorBand });
  if (overrides.exclude !== undefined && overrides.exclude.length > 0) {
    const existing = find('con.exclusions')?.params.tickers;
    const tickers = [...(Array.isArray(existing) ? (existing as unknown[]) : []), ...overrides.exclude];
    set('con.exclusions', { tickers: [...new Set(tickers)] });
  }
  if (overrides.fractional) {
    const i = components.findIndex((c) => c.id === 'var.whole-shares');
    if (i >= 0) components.splice(i, 1);
  } else if (overrides.accountValue !== undefined) {
    ensure('var.whole-shares');
    const budget = find('con.budget');
    if (budget) {
      const cap = budget.params.cashMax;
      // fully invested in whole shares is almost never reachable exactly; keep a positive cap the use case chose
      if (!(typeof cap === 'number' && cap > 0)) budget.params = { ...budget.params, cashMax: 1 };
    }
  }
  return { ...useCase, components };
}
