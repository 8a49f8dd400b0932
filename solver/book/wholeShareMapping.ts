import { roundToWholeShares } from '../heuristics/wholeSharesRounding.ts';

/**
 * A cluster's target mapped onto one account of value V in whole shares, from cash or from what the
 * account holds.
 *
 * Target shares. With u_i = p_i / V the weight of one share and t_i the target, s_i = ⌊t_i / u_i⌋ leaves a
 * residual r_i = t_i − u_i s_i < u_i. Against Σ_i |u_i s_i − t_i| + cash one more share of i gains 2 r_i and
 * costs u_i of the budget 1 − buffer / V (a second extra share gains nothing): a 0/1 knapsack, filled
 * greedily by r_i / u_i (roundToWholeShares, shared with the solver's whole-share start). The greedy stops
 * short of the knapsack optimum by at most the gain of one item, 2 max_i r_i < 2 max_i u_i (the classic
 * bound: it takes every item of the LP optimum but the critical one); SOLVER-FACTS measured 0.05 % at
 * 500-2,000 names. Names the account excludes get t_i = 0. A minimum position m (the band's) is kept
 * as the rounding keeps it: a name below m after the floor is topped up to ⌈m / u_i⌉ shares or dropped.
 *
 * Trades against the holdings h_i: d_i = s_i − h_i, then
 *   - an excluded name held is sold whole, whatever the size;
 *   - a trade worth less than the minimum trade is not made (h_i is kept), except the sale of a whole
 *     holding (as con.min-trade allows);
 *   - cash after the trades must stay at least the buffer: while it does not, the bought share whose
 *     target needed the smallest fraction of it is given back (a buy falling under the minimum trade
 *     is cancelled whole); with no buy left, the names most over their targets are sold, each sale at
 *     least the minimum trade or the whole holding.
 * Cash never goes below 0: with every buy cancelled the account holds at most what it held, and its
 * cash at least what it had.
 */
export interface ShareTarget {
  /** indices (into the universe) of the names the target holds */
  names: ArrayLike<number>;
  /** their target weights t_i, fractions of the account value, summing to at most 1 */
  weights: ArrayLike<number>;
}

export interface MappingRules {
  /** raw closes per universe index */
  prices: ArrayLike<number>;
  /** dollars the account keeps in cash at least, when it can */
  cashBuffer: number;
  /** dollars: no trade smaller than this (0: any size) */
  minTrade: number;
  /** m: a name is held at least this weight or not at all (0: no minimum) */
  minWeight: number;
}

export interface MappedAccount {
  /** V: holdings at market plus cash (plus the proceeds of names outside the universe, sold whole) */
  value: number;
  /** universe indices the account may not hold */
  excluded: ReadonlySet<number>;
  /** shares held now per universe index; absent or empty for an account of cash */
  held?: ReadonlyMap<number, number>;
}

export interface ShareTrade {
  name: number;
  /** > 0 buy, < 0 sell, whole shares */
  shares: number;
}

export interface AccountAllocation {
  /** universe indices held after the trades, increasing, and their shares (all > 0) */
  names: number[];
  shares: number[];
  /** dollars of cash after the trades: V − Σ_i s_i p_i, ≥ 0 */
  cash: number;
  trades: ShareTrade[];
}

const EPS = 1e-9;

export function mapTargetToAccount(target: ShareTarget, account: MappedAccount, rules: MappingRules): AccountAllocation {
  const { prices, minTrade } = rules;
  const V = account.value;
  if (!(V > 0)) throw new Error(`mapTargetToAccount: the account value must be positive, got ${V}`);
  const held = account.held ?? new Map<number, number>();

  // target shares from cash, over the target's names the account may hold
  const offered: number[] = [];
  for (let k = 0; k < target.names.length; k++) {
    const i = target.names[k]!;
    if (target.weights[k]! > EPS && !account.excluded.has(i) && prices[i]! > 0) offered.push(k);
  }
  const t = new Float64Array(offered.length);
  const u = new Float64Array(offered.length);
  offered.forEach((k, j) => {
    t[j] = target.weights[k]!;
    u[j] = prices[target.names[k]!]! / V;
  });
  const investable = Math.max(0, 1 - rules.cashBuffer / V);
  const rounded = roundToWholeShares({
    target: t,
    unitWeight: u,
    maxShares: new Float64Array(offered.length).fill(Infinity),
    investable,
    minWeight: rules.minWeight,
  });

  // every name touched: the target's and the held ones, with h_i, s_i and t_i
  const position = new Map<number, { held: number; final: number; target: number }>();
  offered.forEach((k, j) => position.set(target.names[k]!, { held: 0, final: rounded[j]!, target: t[j]! }));
  let heldValue = 0;
  for (const [i, h] of held) {
    if (!(h > 0)) continue;
    heldValue += h * prices[i]!;
    const p = position.get(i);
    if (p) p.held = h;
    else position.set(i, { held: h, final: 0, target: 0 });
  }
  if (V - heldValue < -1e-6 * V) throw new Error(`mapTargetToAccount: the holdings are worth $${heldValue.toFixed(2)}, more than the account value $${V.toFixed(2)}`);

  // small trades are not made, except the sale of a whole holding (an excluded name is never kept)
  for (const [i, p] of position) {
    const d = p.final - p.held;
    if (d === 0 || Math.abs(d) * prices[i]! >= minTrade - EPS) continue;
    if (p.final === 0 && p.held > 0) continue;
    if (account.excluded.has(i)) continue;
    p.final = p.held;
  }

  let cash = V;
  for (const [i, p] of position) cash -= p.final * prices[i]!;

  // the buffer: give back the least needed bought shares first
  while (cash < rules.cashBuffer - EPS) {
    let pick = -1;
    let need = Infinity;
    for (const [i, p] of position) {
      if (p.final <= p.held) continue;
      const price = prices[i]!;
      // the fraction of its last share the target needs: (t V − (s − 1) p) / p, within [0, 1]
      const fraction = Math.min(1, Math.max(0, (p.target * V - (p.final - 1) * price) / price));
      if (fraction < need || (fraction === need && i < pick)) {
        need = fraction;
        pick = i;
      }
    }
    if (pick < 0) break;
    const p = position.get(pick)!;
    const price = prices[pick]!;
    p.final -= 1;
    cash += price;
    if (p.final > p.held && (p.final - p.held) * price < minTrade - EPS) {
      cash += (p.final - p.held) * price;
      p.final = p.held;
    }
  }
  // still short with no buy left: sell what is most over its target
  if (cash < rules.cashBuffer - EPS) {
    const over = [...position.entries()]
      .filter(([, p]) => p.final > 0)
      .map(([i, p]) => ({ i, p, excess: p.final * prices[i]! - p.target * V }))
      .sort((a, b) => b.excess - a.excess || a.i - b.i);
    for (const { i, p } of over) {
      const shortfall = rules.cashBuffer - cash;
      if (shortfall <= EPS) break;
      const price = prices[i]!;
      const selling = Math.max(0, p.held - p.final);
      // the sale after this step must be at least the minimum trade, unless it is the whole holding
      const atLeast = Math.max(Math.ceil(shortfall / price - EPS), Math.ceil((minTrade - EPS) / price) - selling, 1);
      const more = Math.min(p.final, atLeast);
      p.final -= more;
      cash += more * price;
    }
  }

  const names: number[] = [];
  const shares: number[] = [];
  const trades: ShareTrade[] = [];
  for (const i of [...position.keys()].sort((a, b) => a - b)) {
    const p = position.get(i)!;
    if (p.final > 0) {
      names.push(i);
      shares.push(p.final);
    }
    if (p.final !== p.held) trades.push({ name: i, shares: p.final - p.held });
  }
  // (a cash of −1e-9 is the sum's rounding, not an overdraft)
  return { names, shares, cash: cash < 0 && cash > -1e-6 ? 0 : cash, trades };
}
