import { exclusionsLeaveTooLittle, maxNamesTimesMaxWeight, sectorBandOutOfReach } from './allocationConflicts.ts';
import { bufferAboveCashCap, cashNeedAboveSales } from './cashNeedConflicts.ts';
import type { ConflictComponent, ConflictFacts, ConflictFinding, ConflictView } from './conflict.ts';
import { describe, round } from './conflictWording.ts';
import { minTradeAgainstSmallTrade } from './minTradeConflict.ts';
import { taxBudgetAgainstSales } from './taxBudgetConflict.ts';
import { turnoverAgainstNeededTrades } from './turnoverConflict.ts';
import { washSaleKeepsForcedSale } from './washSaleBlocks.ts';

/**
 * The families, in the order their sentences are tried, each with the inequality that makes the
 * conflict impossible (u_i the final upper bound of w_i, h_i the holding, c₀ the opening cash weight,
 * [c_lo, c_hi] the cash bounds, S and B the least sales and buys, all fractions of V):
 * - max names × max weight below what the budget must invest:   K · m < 1 − cashMax;
 * - exclusions (and a max weight) leaving too little room:       Σ_{i not excluded} u_i < 1 − cashMax;
 * - a sector band its names cannot reach:                        Σ_{i∈s} u_i < B_s − band;
 * - more cash to raise than the holdings sell for:               c_lo − c₀ > Σ_i min(h_i, Σ_{k∈i} ub x_k);
 * - a cash buffer above the cash the budget allows:              c_lo > c_hi;
 * - a holding that must be sold whose lots the wash-sale rule keeps: h_i − u_i > Σ_{k∈i} ub x_k;
 * - a tax budget below the least gain of what must be sold:      min Σ_k g_k x_k > X / V;
 * - a turnover limit below the trades that cannot be avoided:    S + B > T;
 * - a minimum trade larger than the trade that must be made:     c₀ − c_lo < X with nothing to sell,
 *                                                                or min_i min(X, h_i) > T.
 */
const FAMILIES: readonly ((view: ConflictView) => ConflictFinding | undefined)[] = [
  maxNamesTimesMaxWeight,
  exclusionsLeaveTooLittle,
  sectorBandOutOfReach,
  cashNeedAboveSales,
  bufferAboveCashCap,
  washSaleKeepsForcedSale,
  taxBudgetAgainstSales,
  turnoverAgainstNeededTrades,
  minTradeAgainstSmallTrade,
];

/**
 * The conflict in one line, in the portfolio manager's words: for the families above, the
 * arithmetic that makes it impossible, computed from the conflict's model; any other conflict is
 * listed as components that cannot hold together, with the elastic LP's smallest repair when
 * there is one.
 */
export function conflictMessage(conflict: readonly ConflictComponent[], facts: ConflictFacts): string {
  const byId = new Map(conflict.map((c) => [c.id, c]));
  const sentences: string[] = [];
  const named = new Set<string>();
  for (const family of FAMILIES) {
    const found = family({ byId, facts, named });
    if (!found) continue;
    sentences.push(found.sentence);
    for (const id of found.names) named.add(id);
  }

  const rest = conflict.filter((c) => !named.has(c.id));
  let line: string;
  if (sentences.length === 0) {
    line = `these components cannot hold together: ${conflict.map(describe).join(', ')}`;
  } else {
    line = sentences.join('; ') + (rest.length > 0 ? `; together with ${rest.map(describe).join(', ')}` : '');
  }
  if (facts.level === 'integer') line += ' (the continuous relaxation is feasible: the whole-number requirements make it impossible)';
  if (sentences.length === 0 && facts.slacks.length > 0) {
    line += `; smallest repair: ${facts.slacks.map((s) => `${s.component} off by ${round(s.violation)}`).join(', ')}`;
  }
  if (!facts.irreducible) line += ' (not proven minimal: some tests ran out of time)';
  return line;
}
