import type { UseCase } from './useCase.ts';

/** Realize losses where the tax saved beats the cost of trading, without breaking the wash-sale rule. */
export const taxLossHarvesting: UseCase = {
  id: 'tax-loss-harvesting',
  title: 'Tax-loss harvesting',
  description:
    'Sell the tax lots (--holdings FILE with cost_basis and acquired) whose loss saves more tax than the round trip costs, ' +
    'replace them with other names that keep the tracking, and never buy back what was sold at a loss within 30 days.',
  components: [
    { id: 'var.weights', params: {} },
    { id: 'var.trades', params: {} },
    { id: 'var.lot-sales', params: {} },
    { id: 'obj.tracking-mad', params: {} },
    { id: 'obj.transaction-cost', params: { perDollar: 0.0005 } },
    { id: 'obj.tax-cost', params: { shortTermRate: 0.37, longTermRate: 0.2 } },
    { id: 'con.budget', params: { cashMin: 0, cashMax: 1 } },
    { id: 'con.long-only', params: {} },
    { id: 'con.wash-sale', params: {} },
  ],
};
