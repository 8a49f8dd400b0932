import { cashWithdrawal } from './cashWithdrawal.ts';
import { esgExclusions } from './esgExclusions.ts';
import { indexTracking } from './indexTracking.ts';
import { newAccountFunding } from './newAccountFunding.ts';
import { periodicRebalance } from './periodicRebalance.ts';
import { smallAccount } from './smallAccount.ts';
import { taxLossHarvesting } from './taxLossHarvesting.ts';
import { transition } from './transition.ts';
import type { UseCase } from './useCase.ts';

/** The use cases shipped with Jessica; the matrix in SQLite starts from these. */
export const useCaseCatalogue: readonly UseCase[] = [
  indexTracking,
  newAccountFunding,
  periodicRebalance,
  taxLossHarvesting,
  esgExclusions,
  smallAccount,
  cashWithdrawal,
  transition,
];
