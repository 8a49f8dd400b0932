import { describe, expect, it } from 'vitest';
import type { AccountHoldings } from '../tracking/accountHoldings.ts';
import { lotSales } from './lotSales.ts';
import { applyInOrder, boundsByName, rowByName } from './testing/tinyProblem.ts';
import { tinyAccountContext } from './testing/tinyAccount.ts';
import { trades } from './trades.ts';
import { washSale } from './washSale.ts';
import { weights } from './weights.ts';

const apply = (holdings: AccountHoldings) => applyInOrder([[weights, {}], [trades, {}], [lotSales, {}], [washSale, {}]], tinyAccountContext(holdings));

describe('con.wash-sale', () => {
  // prices AAA 120, BBB 310, CCC 45; as of 2024-01-08, so the window opens 2023-12-09
  it('blocks the purchase of a name sold at a loss within 30 days, not after 31 days or after a gain', () => {
    const ir = apply({
      cash: 1000,
      lots: [],
      recentSales: [
        { ticker: 'AAA', date: '2023-12-09', realizedGain: -50 },
        { ticker: 'BBB', date: '2023-12-08', realizedGain: -50 },
        { ticker: 'CCC', date: '2024-01-02', realizedGain: 80 },
      ],
    });
    expect(boundsByName(ir, 'buys[AAA]')).toEqual([0, 0]);
    expect(boundsByName(ir, 'buys[BBB]')).toEqual([0, 1]);
    expect(boundsByName(ir, 'buys[CCC]')).toEqual([0, 1]);
  });

  it('blocks the loss sale of a lot when another lot of the name was bought within 30 days', () => {
    // AAA#1 bought 2023-12-20 (a gain lot), AAA#2 at a loss: AAA#2 may not be sold; CCC#3 at a loss has no recent twin
    const ir = apply({
      cash: 0,
      lots: [
        { ticker: 'AAA', shares: 5, costBasis: 100, acquired: '2023-12-20' },
        { ticker: 'AAA', shares: 3, costBasis: 150, acquired: '2022-06-01' },
        { ticker: 'CCC', shares: 20, costBasis: 50, acquired: '2023-01-02' },
      ],
    });
    expect(boundsByName(ir, 'lot-sales[AAA#2]')).toEqual([0, 0]);
    expect(boundsByName(ir, 'lot-sales[AAA#1]')[1]).toBeGreaterThan(0);
    // CCC: buy and loss sale exclude each other through one binary
    const U = 900 / 1860; // V = 8·120 + 20·45
    expect(rowByName(ir, 'washSaleBuy[CCC]')).toEqual({ coefficients: { 'buys[CCC]': 1, 'washSale[CCC]': -1 }, lower: -Infinity, upper: 0 });
    expect(rowByName(ir, 'washSaleSell[CCC]')).toEqual({ coefficients: { 'lot-sales[CCC#3]': 1, 'washSale[CCC]': U }, lower: -Infinity, upper: U });
    expect(ir.cols.types[ir.cols.names.indexOf('washSale[CCC]')]).toBe('integer');
    // AAA has no sellable loss lot left: no binary
    expect(ir.cols.names).not.toContain('washSale[AAA]');
  });

  it('reports recent sales dated after the as-of date and lots without dates', () => {
    const ctx = tinyAccountContext({ cash: 1, lots: [{ ticker: 'AAA', shares: 1, costBasis: 10 }], recentSales: [{ ticker: 'BBB', date: '2024-03-01', realizedGain: -1 }] });
    expect(washSale.check!({}, ctx)).toEqual([
      'needs an acquisition date for every lot; lots without one: AAA#1',
      'recent sales dated after the as-of date 2024-01-08: BBB (2024-03-01)',
    ]);
  });
});
