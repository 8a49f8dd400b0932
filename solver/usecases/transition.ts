import { taxAwareTrading } from './taxAwareTrading.ts';
import type { UseCase } from './useCase.ts';

/** Move legacy holdings to the benchmark-tracking portfolio within a realized-gain budget. */
export const transition: UseCase = {
  id: 'transition',
  title: 'Transition from legacy holdings',
  description:
    'Move an account of legacy holdings (--holdings FILE with cost_basis and acquired) toward the benchmark, ' +
    'paying for trades and taxes, with net realized gains of at most $10,000 (edit con.tax-budget).',
  components: [
    ...taxAwareTrading.map((c) => ({ id: c.id, params: { ...c.params } })),
    { id: 'con.tax-budget', params: { maxNetGain: 10000 } },
  ],
};
