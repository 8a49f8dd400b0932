import { accountTrading, leastTrading, netSales, sellable, type AccountTrading } from './accountTrading.ts';
import type { ConflictFinding, ConflictView } from './conflict.ts';
import { andList, describe, describeAll, dollars, percent, present } from './conflictWording.ts';
import { tradeReasons } from './tradeReasons.ts';

/**
 * con.min-trade against a trade that must be smaller. With X the minimum trade (a fraction of V),
 * every buy is 0 or at least X and every sale 0 or at least min(X, h_i):
 * - nothing to sell, and the cash to invest must lie in [max(c₀ − c_hi, 0), c₀ − c_lo] with
 *       c₀ − c_hi > 0   and   c₀ − c_lo < X:
 *   some purchase is needed but even one is more than the cash allows;
 * - a turnover limit T below the smallest trade the account must make:
 *       S > 0 and min_{i: h_i > 0} min(X, h_i) > T,   or   S = 0 < B and X > T,
 *   with S and B the least sales and buys (leastTrading).
 */
export function minTradeAgainstSmallTrade(view: ConflictView): ConflictFinding | undefined {
  const minTrade = view.byId.get('con.min-trade');
  const { ir, context } = view.facts;
  const X = ir.annotations.minTrade?.size;
  const t = accountTrading(ir, context);
  if (!minTrade || view.named.has('con.min-trade') || X === undefined || !t) return undefined;
  return cashTooSmallToInvest(view, t, X) ?? turnoverBelowSmallestTrade(view, t, X);
}

function cashTooSmallToInvest(view: ConflictView, t: AccountTrading, X: number): ConflictFinding | undefined {
  const budget = view.byId.get('con.budget');
  if (!budget || sellable(t) > 1e-12) return undefined;
  const net = netSales(t);
  const mustInvest = Math.max(-net.max, leastTrading(t).forcedBuys);
  const mayInvest = -net.min;
  if (!(mustInvest > 1e-9 && mustInvest <= mayInvest + 1e-9 && mayInvest < X - 1e-9)) return undefined;
  const V = t.value;
  return {
    sentence:
      `${describe(view.byId.get('con.min-trade')!)} with ${describe(budget)}: at least ${dollars(mustInvest * V)} must be invested ` +
      `(at most ${percent(t.cashWeight!.cap)} may stay in cash) and at most ${dollars(mayInvest * V)} can be, ` +
      `but every purchase is at least ${dollars(X * V)} and the account holds nothing to sell`,
    names: ['con.min-trade', 'con.budget'],
  };
}

function turnoverBelowSmallestTrade(view: ConflictView, t: AccountTrading, X: number): ConflictFinding | undefined {
  const limit = view.byId.get('con.turnover-limit');
  const row = view.facts.ir.rows.names.indexOf('turnoverLimit');
  if (!limit || view.named.has('con.turnover-limit') || row < 0) return undefined;
  const T = view.facts.ir.rows.upper[row]!;
  const least = leastTrading(t);
  if (least.sells > sellable(t) + 1e-9) return undefined;
  const V = t.value;
  let smallest: { size: number; words: string } | undefined;
  if (least.sells > 1e-9) {
    let i = -1;
    t.sellUpper.forEach((u, j) => {
      if (u > 1e-12 && (i < 0 || Math.min(X, u) < Math.min(X, t.sellUpper[i]!))) i = j;
    });
    if (i < 0) return undefined;
    const size = Math.min(X, t.sellUpper[i]!);
    smallest = { size, words: size < X ? `the smallest sale allowed is ${dollars(size * V)}, all of ${t.tickers[i]}` : `no sale may be smaller than ${dollars(size * V)}` };
  } else if (least.buys > 1e-9) {
    smallest = { size: X, words: `no purchase may be smaller than ${dollars(X * V)}` };
  }
  if (!smallest || !(smallest.size > T + 1e-9)) return undefined;
  const others = present(view.byId, ['con.exclusions', 'con.max-weight', 'con.cash-buffer', 'con.budget']);
  const reasons = tradeReasons(view, t, least).map((r) => r.words);
  return {
    sentence:
      `${describe(view.byId.get('con.min-trade')!)} with ${describeAll([limit, ...others])}: ${andList(reasons)} needs a trade, ` +
      `but ${smallest.words}, more than the ${dollars(T * V)} (${percent(T)}) of trading con.turnover-limit allows`,
    names: ['con.min-trade', limit.id, ...others.map((c) => c.id)],
  };
}
