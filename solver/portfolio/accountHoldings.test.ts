import { describe, expect, it } from 'vitest';
import { tinyProblem } from '../components/testing/tinyProblem.ts';
import { daysBetween, gainFraction, holdingPeriod, holdingsValue, placeHoldings, resolveAccountValue, type AccountHoldings } from './accountHoldings.ts';

describe('account holdings', () => {
  // prices AAA 120, BBB 310, CCC 45
  const holdings: AccountHoldings = {
    cash: 500,
    lots: [
      { ticker: 'ccc', shares: 10 },
      { ticker: 'AAA', shares: 2 },
      { ticker: 'AAA', shares: 1.5 },
      { ticker: 'ZZZ', shares: 7 },
    ],
  };

  it('places lots on the universe by ticker, summing shares per name and listing unknown tickers', () => {
    const placed = placeHoldings(holdings, tinyProblem());
    expect(Array.from(placed.shares)).toEqual([3.5, 0, 10]);
    expect(placed.lots.map((l) => [l.name, l.lot])).toEqual([[2, 0], [0, 1], [0, 2]]);
    expect(placed.unknown).toEqual(['ZZZ']);
  });

  it('values the account at cash + Σ H_i p_i, and V follows the one rule: given value, else holdings, less any withdrawal', () => {
    const problem = tinyProblem();
    expect(holdingsValue(holdings, problem)).toBe(500 + 3.5 * 120 + 10 * 45);
    expect(resolveAccountValue(holdings, problem)).toBe(1370);
    expect(resolveAccountValue(holdings, problem, { withdrawal: 370 })).toBe(1000);
    expect(resolveAccountValue(holdings, problem, { accountValue: 5000 })).toBe(5000);
    expect(resolveAccountValue(undefined, problem)).toBeUndefined();
    expect(resolveAccountValue(undefined, problem, { accountValue: 100 })).toBe(100);
  });

  it('counts holding periods in calendar days, long-term from 365 days, and gains per dollar sold', () => {
    expect(daysBetween('2023-01-08', '2024-01-08')).toBe(365);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2); // leap year
    expect(holdingPeriod('2023-01-09', '2024-01-08')).toBe('short');
    expect(holdingPeriod('2023-01-08', '2024-01-08')).toBe('long');
    expect(gainFraction(80, 100)).toBeCloseTo(0.2, 15);
    expect(gainFraction(125, 100)).toBeCloseTo(-0.25, 15);
  });
});
