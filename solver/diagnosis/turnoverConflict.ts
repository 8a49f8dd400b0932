import { accountTrading, leastTrading, sellable } from './accountTrading.ts';
import type { ConflictFinding, ConflictView } from './conflict.ts';
import { andList, describe, describeAll, percent, present } from './conflictWording.ts';
import { WEIGHT_CAPS, tradeReasons } from './tradeReasons.ts';

/**
 * con.turnover-limit against what must be traded: with S and B the least sales and buys the
 * model allows (leastTrading: sales the weight bounds force, cash the floor needs, cash the cap
 * does not let stay),
 *   S + B > T,
 * the trades that cannot be avoided already turn over more of the account than the limit.
 */
export function turnoverAgainstNeededTrades(view: ConflictView): ConflictFinding | undefined {
  const limit = view.byId.get('con.turnover-limit');
  const { ir, context } = view.facts;
  const row = ir.rows.names.indexOf('turnoverLimit');
  const t = accountTrading(ir, context);
  if (!limit || view.named.has('con.turnover-limit') || row < 0 || !t) return undefined;
  const least = leastTrading(t);
  // a need beyond what can be sold at all is a cash conflict, not a turnover one
  if (least.sells > sellable(t) + 1e-9) return undefined;
  const T = ir.rows.upper[row]!;
  const traded = least.sells + least.buys;
  if (!(traded > T + 1e-9)) return undefined;
  const reasons = tradeReasons(view, t, least);
  const others = present(view.byId, [...WEIGHT_CAPS, 'con.cash-buffer', 'con.budget']);
  const alone = reasons.length === 1 && least.forcedSells > 0 ? ' alone' : '';
  return {
    sentence:
      `${describe(limit)}${others.length > 0 ? ` with ${describeAll(others)}` : ''}: ${andList(reasons.map((r) => r.words))}${alone} trades ` +
      `at least ${percent(traded)} of the account, above the ${percent(T)} limit`,
    names: [limit.id, ...others.map((c) => c.id)],
  };
}
