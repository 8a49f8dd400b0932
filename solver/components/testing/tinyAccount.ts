import type { AccountHoldings } from '../../tracking/accountHoldings.ts';
import type { ModelContext } from '../component.ts';
import { tinyProblem } from './tinyProblem.ts';

/**
 * An account on tinyProblem (prices AAA 120, BBB 310, CCC 45; as of 2024-01-08), small enough to
 * check lot arithmetic by hand:
 *   lot 1  AAA  5 shares @ 100, 2023-12-20: short-term gain,  g = 1 − 100/120 = 1/6
 *   lot 2  AAA  3 shares @ 150, 2022-06-01: long-term loss,   g = 1 − 150/120 = −1/4
 *   lot 3  CCC 20 shares @  50, 2023-01-02: long-term loss,   g = 1 − 50/45  = −1/9
 * and $1,000 cash: V = 1000 + 8·120 + 20·45 = 2860.
 */
export const TINY_ACCOUNT_VALUE = 2860;

export function tinyHoldings(): AccountHoldings {
  return {
    cash: 1000,
    lots: [
      { ticker: 'AAA', shares: 5, costBasis: 100, acquired: '2023-12-20' },
      { ticker: 'AAA', shares: 3, costBasis: 150, acquired: '2022-06-01' },
      { ticker: 'CCC', shares: 20, costBasis: 50, acquired: '2023-01-02' },
    ],
  };
}

export function tinyAccountContext(holdings: AccountHoldings = tinyHoldings()): ModelContext {
  return { problem: tinyProblem(), holdings };
}
