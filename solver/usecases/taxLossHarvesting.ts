import { taxAwareTrading } from './taxAwareTrading.ts';
import type { UseCase } from './useCase.ts';

/** Realize losses where the tax saved beats the cost of trading, without breaking the wash-sale rule. */
export const taxLossHarvesting: UseCase = {
  id: 'tax-loss-harvesting',
  title: 'Tax-loss harvesting',
  description:
    'Sell the tax lots (--holdings FILE with cost_basis and acquired) whose loss saves more tax than the round trip costs, ' +
    'replace them with other names that keep the tracking, and never buy back what was sold at a loss within 30 days.',
  components: [
    ...taxAwareTrading.map((c) => ({ id: c.id, params: { ...c.params } })),
    { id: 'con.wash-sale', params: {} },
  ],
};
