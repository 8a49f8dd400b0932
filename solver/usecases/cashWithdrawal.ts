import { taxAwareTrading } from './taxAwareTrading.ts';
import type { UseCase } from './useCase.ts';

/** Raise cash for a withdrawal by selling what hurts tracking and taxes least. */
export const cashWithdrawal: UseCase = {
  id: 'cash-withdrawal',
  title: 'Cash withdrawal',
  description:
    'Raise a withdrawal W from an account (--holdings FILE; V = holdings value − W by resolveAccountValue): ' +
    'sell the lots that cost the least in tracking, transaction costs and taxes, and keep the rest tracking the benchmark.',
  components: [
    ...taxAwareTrading.map((c) => ({ id: c.id, params: { ...c.params } })),
  ],
};
