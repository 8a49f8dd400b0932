import type { UseCaseComponent } from './useCase.ts';

/**
 * The components every use case that trades an existing account by tax lot starts from: trades and
 * lot sales against the holdings, MAD tracking plus 5 bp per dollar traded plus the tax on realized
 * gains (37 % short term, 20 % long term), and cash allowed.
 */
export const taxAwareTrading: readonly UseCaseComponent[] = [
  { id: 'var.weights', params: {} },
  { id: 'var.trades', params: {} },
  { id: 'var.lot-sales', params: {} },
  { id: 'obj.tracking-mad', params: {} },
  { id: 'obj.transaction-cost', params: { perDollar: 0.0005 } },
  { id: 'obj.tax-cost', params: { shortTermRate: 0.37, longTermRate: 0.2 } },
  { id: 'con.budget', params: { cashMin: 0, cashMax: 1 } },
  { id: 'con.long-only', params: {} },
];
