import type { UseCase } from './useCase.ts';

/** Invest a new account's cash: buys only (the account holds nothing), paid for in transaction costs, a little cash kept. */
export const newAccountFunding: UseCase = {
  id: 'new-account-funding',
  title: 'New account funding',
  description:
    'Buy the benchmark-tracking portfolio with the cash of a new account (--cash V, or holdings of cash only), ' +
    'trading off mean absolute tracking against 5 bp per dollar traded and keeping 0.5% in cash.',
  components: [
    { id: 'var.weights', params: {} },
    { id: 'var.trades', params: {} },
    { id: 'obj.tracking-mad', params: {} },
    { id: 'obj.transaction-cost', params: { perDollar: 0.0005 } },
    { id: 'con.budget', params: { cashMin: 0, cashMax: 1 } },
    { id: 'con.long-only', params: {} },
    { id: 'con.cash-buffer', params: { minCash: 0.005 } },
  ],
};
