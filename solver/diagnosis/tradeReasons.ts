import { cashToRaise, netSales, type AccountTrading, type LeastTrading } from './accountTrading.ts';
import type { ConflictView } from './conflict.ts';
import { dollars, percent } from './conflictWording.ts';

/** Which components keep a holding from staying: con.exclusions (u_i = 0) and con.max-weight (u_i = m). */
export const WEIGHT_CAPS = ['con.exclusions', 'con.max-weight'] as const;

/** What sets the cash floor c_lo: con.cash-buffer when it is in the conflict, else con.budget's cashMin. */
export function floorName(view: ConflictView): string {
  return view.byId.has('con.cash-buffer') ? 'cash buffer' : 'cash minimum of con.budget';
}

/** One cause of trading, and on which side of the account it trades. */
export interface TradeReason {
  side: 'sell' | 'buy';
  words: string;
}

/**
 * Why the account must trade what leastTrading found, one phrase per cause, in dollars:
 *   Σ_i f_i      "selling the excluded holdings ($29,200)"
 *   c_lo − c₀    "raising $52,500 (the $40,000 withdrawal plus the $15,000 cash buffer, less $2,500 cash on hand)"
 *   B − Σ buys the weight bounds force   "investing $31,702 (con.budget keeps at most 0% in cash)"
 */
export function tradeReasons(view: ConflictView, t: AccountTrading, least: LeastTrading): TradeReason[] {
  const V = t.value;
  const reasons: TradeReason[] = [];
  const eps = 1e-9;
  const excluded = view.byId.has('con.exclusions');
  const capped = view.byId.has('con.max-weight');
  // without a weight cap in the conflict, forced sales are holdings above 100% of V after a
  // withdrawal, which raising the cash covers anyway: named only when they are the larger need
  if (least.forcedSells > eps && (excluded || capped || least.sells <= least.forcedSells + eps)) {
    const which = excluded && capped
      ? 'the excluded holdings and those above the max weight'
      : excluded
        ? 'the excluded holdings'
        : capped
          ? 'holdings down to the max weight'
          : 'holdings above the whole account value';
    reasons.push({ side: 'sell', words: `selling ${which} (${dollars(least.forcedSells * V)})` });
  }
  const need = netSales(t).min;
  if (least.sells > least.forcedSells + eps && need > eps) {
    const cash = cashToRaise(t, floorName(view));
    reasons.push({ side: 'sell', words: `raising ${dollars(cash.dollars)}${cash.words ? ` (${cash.words})` : ''}` });
  }
  if (least.forcedBuys > eps) reasons.push({ side: 'buy', words: `buying ${dollars(least.forcedBuys * V)} the weights' lower bounds require` });
  if (least.buys > least.forcedBuys + eps && t.cashWeight) {
    reasons.push({ side: 'buy', words: `investing ${dollars((least.buys - least.forcedBuys) * V)} (con.budget keeps at most ${percent(t.cashWeight.cap)} in cash)` });
  }
  return reasons;
}
