import type { UseCase } from './useCase.ts';

/** Move legacy holdings to the benchmark-tracking portfolio within a realized-gain budget. */
export const transition: UseCase = {
  id: 'transition',
  title: 'Transition from legacy holdings',
  description:
    'Move an account of legacy holdings (--holdings FILE with cost_basis and acquired) toward the benchmark, ' +
    'paying for trades and taxes, with net realized gains of at most $10,000 (edit con.tax-budget).',
  components: [
    { id: 'var.weights', params: {} },
    { id: 'var.trades', params: {} },
    { id: 'var.lot-sales', params: {} },
    { id: 'obj.tracking-mad', params: {} },
    { id: 'obj.transaction-cost', params: { perDollar: 0.0005 } },
    { id: 'obj.tax-cost', params: { shortTermRate: 0.37, longTermRate: 0.2 } },
    { id: 'con.budget', params: { cashMin: 0, cashMax: 1 } },
    { id: 'con.long-only', params: {} },
    { id: 'con.tax-budget', params: { maxNetGain: 10000 } },
  ],
};
