import type { UseCase } from './useCase.ts';

/** Raise cash for a withdrawal by selling what hurts tracking and taxes least. */
export const cashWithdrawal: UseCase = {
  id: 'cash-withdrawal',
  title: 'Cash withdrawal',
  description:
    'Raise a withdrawal W from an account (--holdings FILE; V = holdings value − W by resolveAccountValue): ' +
    'sell the lots that cost the least in tracking, transaction costs and taxes, and keep the rest tracking the benchmark.',
  components: [
    { id: 'var.weights', params: {} },
    { id: 'var.trades', params: {} },
    { id: 'var.lot-sales', params: {} },
    { id: 'obj.tracking-mad', params: {} },
    { id: 'obj.transaction-cost', params: { perDollar: 0.0005 } },
    { id: 'obj.tax-cost', params: { shortTermRate: 0.37, longTermRate: 0.2 } },
    { id: 'con.budget', params: { cashMin: 0, cashMax: 1 } },
    { id: 'con.long-only', params: {} },
  ],
};
