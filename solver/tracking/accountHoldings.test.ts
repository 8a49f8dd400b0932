import { describe, expect, it } from 'vitest';
import { tinyProblem } from '../components/testing/tinyProblem.ts';
import { daysBetween, gainFraction, holdingPeriod, holdingsValue, placeHoldings, resolveAccountValue, saleLots, type AccountHoldings } from './accountHoldings.ts';

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
    expect(placed.outside).toEqual([]);
  });

  it('places priced lots outside the universe apart, counts them in the value at their price, and sells them after the universe\'s lots', () => {
    const problem = tinyProblem();
    const legacy: AccountHoldings = {
      cash: 250,
      lots: [
        { ticker: 'OLD', shares: 10, costBasis: 8, price: 12.5 },
        { ticker: 'AAA', shares: 2, costBasis: 100, price: 999 }, // in the universe: valued at its close, 120
        { ticker: 'NOPRICE', shares: 4 },
        { ticker: 'OLD', shares: 6, price: 12.5 },
      ],
    };
    const placed = placeHoldings(legacy, problem);
    expect(Array.from(placed.shares)).toEqual([2, 0, 0]);
    expect(placed.outside.map((l) => [l.ticker, l.shares, l.price, l.lot])).toEqual([
      ['OLD', 10, 12.5, 0],
      ['OLD', 6, 12.5, 3],
    ]);
    expect(placed.unknown).toEqual(['NOPRICE']);
    // NOPRICE cannot be valued, so it is not counted (the trading components refuse the account)
    expect(holdingsValue(legacy, problem)).toBe(250 + 2 * 120 + 16 * 12.5);
    expect(saleLots(placed, problem.prices).map(({ lot, price }) => [lot.ticker, price])).toEqual([
      ['AAA', 120],
      ['OLD', 12.5],
      ['OLD', 12.5],
    ]);
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
