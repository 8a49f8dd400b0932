import type { UseCase } from './useCase.ts';

/**
 * Track the benchmark without the Energy sector. No sector band: con.sector-band would band the
 * excluded sector too, and |0 − B_Energy| ≤ band is infeasible whenever Energy weighs more than the band.
 */
export const esgExclusions: UseCase = {
  id: 'esg-exclusions',
  title: 'ESG / values exclusions',
  description:
    'Index tracking, long-only and fully invested, with the Energy sector excluded ' +
    '(edit con.exclusions for other sectors or tickers, e.g. tobacco names).',
  components: [
    { id: 'var.weights', params: {} },
    { id: 'obj.tracking-mad', params: {} },
    { id: 'con.budget', params: { cashMin: 0, cashMax: 0 } },
    { id: 'con.long-only', params: {} },
    { id: 'con.exclusions', params: { tickers: [], sectors: ['Energy'] } },
  ],
};
