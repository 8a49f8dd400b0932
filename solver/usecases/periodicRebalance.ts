import type { UseCase } from './useCase.ts';

/** Bring an account back toward the benchmark: trades cost money, turnover is capped, no trade under 0.5% of the account. */
export const periodicRebalance: UseCase = {
  id: 'periodic-rebalance',
  title: 'Periodic rebalance',
  description:
    'Rebalance an existing account (--holdings FILE) toward the benchmark: mean absolute tracking plus 5 bp per dollar traded, ' +
    'at most 20% turnover (both sides), and every trade either nothing or at least 0.5% of the account.',
  components: [
    { id: 'var.weights', params: {} },
    { id: 'var.trades', params: {} },
    { id: 'var.trade-flags', params: {} },
    { id: 'obj.tracking-mad', params: {} },
    { id: 'obj.transaction-cost', params: { perDollar: 0.0005 } },
    { id: 'con.budget', params: { cashMin: 0, cashMax: 1 } },
    { id: 'con.long-only', params: {} },
    { id: 'con.turnover-limit', params: { maxTurnover: 0.2 } },
    { id: 'con.min-trade', params: { minTrade: 0.005 } },
  ],
};
