import { z } from 'zod';
import { daysBetween, gainFraction, WASH_SALE_DAYS, type PlacedLot } from '../tracking/accountHoldings.ts';
import type { TrackingProblem } from '../tracking/trackingProblem.ts';
import { accountData, accountIssues, lotIssues } from './accountData.ts';
import type { AccountData } from './accountData.ts';
import { ComponentError, defineComponent, requiredSet } from './component.ts';

const within = (date: string, asOf: string): boolean => {
  const d = daysBetween(date, asOf);
  return d >= 0 && d <= WASH_SALE_DAYS;
};

/** What the rule forbids in this account on this date. */
function washSaleRules(account: AccountData, problem: TrackingProblem) {
  const byTicker = new Map(problem.tickers.map((t, i) => [t.toUpperCase(), i]));
  // (1) names sold at a loss within the window: no purchase
  const noBuy = new Set<number>();
  for (const sale of account.holdings.recentSales ?? []) {
    const i = byTicker.get(sale.ticker.trim().toUpperCase());
    if (i !== undefined && sale.realizedGain < 0 && within(sale.date, problem.asOf)) noBuy.add(i);
  }
  // (2) loss lots of names with another lot bought within the window: no sale
  const isLoss = (lot: PlacedLot): boolean => gainFraction(lot.costBasis!, problem.prices[lot.name]!) < 0;
  const noSell = new Set<number>();
  const lots = account.placed.lots;
  lots.forEach((lot, k) => {
    if (!isLoss(lot)) return;
    if (lots.some((other, j) => j !== k && other.name === lot.name && other.acquired !== undefined && within(other.acquired, problem.asOf))) noSell.add(k);
  });
  // (3) the remaining loss lots, per name: sold only if the name is not bought today
  const lossLots = new Map<number, number[]>();
  lots.forEach((lot, k) => {
    if (!isLoss(lot) || noSell.has(k) || noBuy.has(lot.name)) return;
    const list = lossLots.get(lot.name);
    if (list) list.push(k);
    else lossLots.set(lot.name, [k]);
  });
  return { noBuy, noSell, lossLots };
}

/**
 * con.wash-sale: no loss is realized that the wash-sale rule would disallow (30 days either side).
 *   (1) a name sold at a loss within the last 30 days (holdings.recentSales) is not bought: b_i = 0;
 *   (2) a loss lot k (p_i < basis_k) of a name with another lot bought within the last 30 days is
 *       not sold: x_k = 0;
 *   (3) a name is not both bought and sold at a loss today: with y_i ∈ {0, 1} per name with loss lots,
 *       b_i − ub(b_i) y_i ≤ 0   and   Σ_{k loss lot of i} x_k + U_i y_i ≤ U_i,   U_i = Σ_k ub(x_k).
 * The y_i are columns of this constraint (`washSale[TICKER]`), not a variable set. Lots of names
 * outside the universe fall under none of the rules: they are sold whole, every lot of the name at
 * once, and can never be bought back (var.lot-sales).
 */
export const washSale = defineComponent({
  id: 'con.wash-sale',
  kind: 'constraint',
  title: 'Wash sale',
  doc: 'no purchase of a name sold at a loss in the last 30 days; no loss sale of a name bought in the last 30 days; no purchase of a name sold at a loss today.',
  params: z.strictObject({}),
  provides: [],
  requires: ['buys', 'lot-sales'],
  features: ['integer'],
  check(_params, context) {
    const issues = [...accountIssues(context), ...lotIssues(context, { costBasis: true, acquired: true })];
    const asOf = context.problem.asOf;
    const late = (context.holdings?.recentSales ?? []).filter((s) => s.date > asOf).map((s) => `${s.ticker} (${s.date})`);
    if (late.length > 0) issues.push(`recent sales dated after the as-of date ${asOf}: ${late.join(', ')}`);
    return issues;
  },
  apply(builder, _params, context) {
    const issues = lotIssues(context, { costBasis: true, acquired: true });
    if (issues.length > 0) throw new ComponentError('con.wash-sale', issues.join('; '));
    const account = accountData('con.wash-sale', context);
    const { tickers } = context.problem;
    const b = requiredSet(builder, 'con.wash-sale', 'buys');
    const x = requiredSet(builder, 'con.wash-sale', 'lot-sales');
    const { noBuy, noSell, lossLots } = washSaleRules(account, context.problem);
    const flags: { columns: number[]; names: number[] } = { columns: [], names: [] };
    for (const i of noBuy) builder.tightenBounds(b.start + i, 0, 0);
    for (const k of noSell) builder.tightenBounds(x.start + k, 0, 0);
    for (const [i, ks] of lossLots) {
      const ub = builder.columnBounds(b.start + i).upper;
      if (ub <= 0) continue;
      const U = ks.reduce((sum, k) => sum + builder.columnBounds(x.start + k).upper, 0);
      const y = builder.addColumn(`washSale[${tickers[i]}]`, { lower: 0, upper: 1, type: 'integer' });
      builder.addRow(`washSaleBuy[${tickers[i]}]`, [b.start + i, y], [1, -ub], -Infinity, 0);
      builder.addRow(`washSaleSell[${tickers[i]}]`, [...ks.map((k) => x.start + k), y], [...ks.map(() => 1), U], -Infinity, U);
      flags.columns.push(y);
      flags.names.push(i);
    }
    if (flags.columns.length > 0) builder.annotate('washSale', flags);
  },
});
