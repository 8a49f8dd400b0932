import type { Highs } from 'highs';
import type { ModelIR } from '../model/ir.ts';
import { completeWithLp, type Completion } from './lpCompletion.ts';
import { nameColumns } from './nameColumns.ts';

/**
 * Whole shares from continuous target weights, for an account of value V (var.whole-shares):
 *   w_i = u_i n_i with u_i = p_i / V, n_i ∈ ℤ≥0, cash c = 1 − Σ_i u_i n_i ≥ cashMin.
 *
 * From the continuous optimum t_i, n_i = floor(t_i / u_i) leaves a residual r_i = t_i − u_i n_i < u_i.
 * Against the targets (Σ_i |u_i n_i − t_i| + c) one more share of i gains 2 r_i and costs u_i of the
 * budget: a 0/1 knapsack, and the greedy by r_i / u_i (the fraction of a share missing), one share
 * each while the budget lasts, lands within 0.05 % of its optimum in under a millisecond at
 * 500-2,000 names (SOLVER-FACTS). A name that must be held at least m (a minimum position) and fell
 * below it gets the shares it needs first, largest targets first, or is sold out when the budget
 * cannot pay for them; names not held (t_i = 0) stay at 0.
 */
export interface WholeSharesRoundingInput {
  /** t_i: the continuous target weights */
  target: ArrayLike<number>;
  /** u_i = p_i / V: the weight of one share */
  unitWeight: ArrayLike<number>;
  /** most shares each name may hold (its bound in the model) */
  maxShares: ArrayLike<number>;
  /** the budget for shares, 1 − cashMin: Σ_i u_i n_i may not exceed it */
  investable: number;
  /** m: a held name holds at least this weight (0 when there is no minimum position) */
  minWeight?: number;
}

const EPS = 1e-9;

export function roundToWholeShares(input: WholeSharesRoundingInput): Float64Array {
  const { target: t, unitWeight: u, maxShares, investable } = input;
  const m = input.minWeight ?? 0;
  const count = t.length;
  if (u.length !== count || maxShares.length !== count) {
    throw new Error(`whole-shares rounding: ${count} targets, ${u.length} unit weights and ${maxShares.length} share limits`);
  }
  const n = new Float64Array(count);
  let left = investable;
  for (let i = 0; i < count; i++) {
    if (!(t[i]! > EPS) || !(u[i]! > 0)) continue;
    n[i] = Math.max(0, Math.min(maxShares[i]!, Math.floor(t[i]! / u[i]! + EPS)));
    left -= n[i]! * u[i]!;
  }

  if (m > 0) {
    // held names below the minimum: buy up to ceil(m / u_i) shares or sell out, biggest targets first
    const below = [...Array(count).keys()]
      .filter((i) => t[i]! > EPS && n[i]! * u[i]! < m - EPS)
      .sort((a, b) => t[b]! - t[a]!);
    for (const i of below) {
      const need = Math.ceil(m / u[i]! - EPS);
      const cost = (need - n[i]!) * u[i]!;
      if (need <= maxShares[i]! && cost <= left + EPS) {
        n[i] = need;
        left -= cost;
      } else {
        left += n[i]! * u[i]!;
        n[i] = 0;
      }
    }
  }

  const byMissingFraction = [...Array(count).keys()]
    .filter((i) => t[i]! > EPS && t[i]! - n[i]! * u[i]! > EPS && n[i]! < maxShares[i]!)
    .filter((i) => m === 0 || n[i]! > 0)
    .sort((a, b) => (t[b]! - n[b]! * u[b]!) / u[b]! - (t[a]! - n[a]! * u[a]!) / u[a]!);
  for (const i of byMissingFraction) {
    if (u[i]! <= left + EPS) {
      n[i] = n[i]! + 1;
      left -= u[i]!;
    }
  }
  return n;
}

/**
 * A whole-share MIP start for a model with var.whole-shares: round the weights of a continuous point
 * (the LP optimum, or the max-names heuristic's point, which holds only its support) as above, set
 * each name's selection z_i = 1 exactly when it holds shares, and complete the rest with an LP
 * (cash, deviations). The budget for shares is 1 − the cash column's lower bound; the minimum
 * position is the `cardinality` annotation's.
 */
export function wholeSharesStart(highs: Highs, ir: ModelIR, continuous: ArrayLike<number>, options: { timeLimitSec?: number } = {}): Completion {
  const shares = ir.annotations.wholeShares;
  if (!shares) return { feasible: false, reason: 'the model has no wholeShares annotation (var.whole-shares)' };
  const cols = nameColumns(ir);
  if ('reason' in cols) return { feasible: false, reason: cols.reason };
  if (cols.shares === undefined) return { feasible: false, reason: "the model has whole shares but no 'shares' variable set" };
  if (shares.unitWeight.length !== cols.count) {
    return { feasible: false, reason: `the wholeShares annotation has ${shares.unitWeight.length} unit weights for ${cols.count} names` };
  }
  const target = new Float64Array(cols.count);
  const maxShares = new Float64Array(cols.count);
  for (let i = 0; i < cols.count; i++) {
    target[i] = cols.holdable[i] ? Math.max(0, continuous[cols.weights + i]!) : 0;
    maxShares[i] = ir.cols.upper[cols.shares + i]!;
  }
  const cashMin = cols.cash !== undefined ? Math.max(0, ir.cols.lower[cols.cash]!) : 0;
  const n = roundToWholeShares({
    target,
    unitWeight: shares.unitWeight,
    maxShares,
    investable: 1 - cashMin,
    minWeight: ir.annotations.cardinality?.minWeight ?? 0,
  });
  const values = Float64Array.from(continuous);
  for (let i = 0; i < cols.count; i++) {
    values[cols.shares + i] = n[i]!;
    if (cols.selected !== undefined) values[cols.selected + i] = n[i]! > 0 ? 1 : 0;
  }
  return completeWithLp(highs, ir, values, options);
}
