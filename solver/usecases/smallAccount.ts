import type { UseCase } from './useCase.ts';

/** A small account: whole shares for its value, at most 20 names of at least 2% each. */
export const smallAccount: UseCase = {
  id: 'small-account',
  title: 'Small account',
  description:
    'Whole shares for the account value (--account-value V), at most 20 names each held at 2% or more, ' +
    'the remainder in cash: the portfolio a $25k-$100k account can actually hold.',
  components: [
    { id: 'var.weights', params: {} },
    { id: 'var.selection', params: {} },
    { id: 'var.whole-shares', params: {} },
    { id: 'obj.tracking-mad', params: {} },
    { id: 'con.budget', params: { cashMin: 0, cashMax: 1 } },
    { id: 'con.long-only', params: {} },
    { id: 'con.max-names', params: { maxNames: 20 } },
    { id: 'con.min-weight', params: { minWeight: 0.02 } },
  ],
};
