import type { UseCase } from './useCase.ts';

/** Track the benchmark with a long-only, fully invested portfolio at the smallest mean absolute deviation. */
export const indexTracking: UseCase = {
  id: 'index-tracking',
  title: 'Index tracking',
  description:
    'Long-only, fully invested weights that minimize the mean absolute deviation of the active return against the benchmark. ' +
    'Options add a name limit, position bounds, sector bands, exclusions and whole shares for an account value.',
  components: [
    { id: 'var.weights', params: {} },
    { id: 'obj.tracking-mad', params: {} },
    { id: 'con.budget', params: { cashMin: 0, cashMax: 0 } },
    { id: 'con.long-only', params: {} },
  ],
};
