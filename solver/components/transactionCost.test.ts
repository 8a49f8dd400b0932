import { describe, expect, it } from 'vitest';
import { applyInOrder, tinyProblem } from './testing/tinyProblem.ts';
import { TINY_ACCOUNT_VALUE, tinyAccountContext } from './testing/tinyAccount.ts';
import { tradeFlags } from './tradeFlags.ts';
import { trades } from './trades.ts';
import { transactionCost } from './transactionCost.ts';
import { weights } from './weights.ts';

const costOf = (ir: { cols: { names: string[]; cost: number[] } }, name: string): number => ir.cols.cost[ir.cols.names.indexOf(name)]!;

describe('obj.transaction-cost', () => {
  it('charges λc per unit of b_i and s_i', () => {
    const ir = applyInOrder([[weights, {}], [trades, {}], [transactionCost, { perDollar: 0.001, weight: 2 }]], tinyAccountContext());
    for (const t of ['AAA', 'BBB', 'CCC']) {
      expect(costOf(ir, `buys[${t}]`)).toBeCloseTo(0.002, 15);
      expect(costOf(ir, `sells[${t}]`)).toBeCloseTo(0.002, 15);
      expect(costOf(ir, `weights[${t}]`)).toBe(0);
    }
  });

  it('charges a fixed λF/V per flagged trade, and needs var.trade-flags for it', () => {
    const ir = applyInOrder(
      [[weights, {}], [trades, {}], [tradeFlags, {}], [transactionCost, { perDollar: 0, perTrade: 5 }]],
      tinyAccountContext(),
    );
    expect(costOf(ir, 'buying[BBB]')).toBeCloseTo(5 / TINY_ACCOUNT_VALUE, 15);
    expect(costOf(ir, 'selling[AAA]')).toBeCloseTo(5 / TINY_ACCOUNT_VALUE, 15);
    expect(costOf(ir, 'buys[BBB]')).toBe(0);
    expect(transactionCost.after).toContain('var.trade-flags');
    expect(() => applyInOrder([[weights, {}], [trades, {}], [transactionCost, { perTrade: 5 }]], tinyAccountContext())).toThrow(
      /^obj\.transaction-cost: a per-trade cost \(perTrade 5\) needs var\.trade-flags/,
    );
    expect(transactionCost.check!(transactionCost.params.parse({ perTrade: 5 }), { problem: tinyProblem() })[0]).toMatch(/needs the account's holdings/);
    expect(transactionCost.params.safeParse({ perDollar: -0.1 }).success).toBe(false);
  });
});
