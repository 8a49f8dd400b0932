import type { ModelIR } from '../model/ir.ts';
import { variableSet } from '../model/ir.ts';
import type { TrackingProblem } from './trackingProblem.ts';

/** Weights below this are solver noise around zero, not positions. */
const WEIGHT_EPSILON = 1e-9;
/**
 * Cash below this is the rounding of the weights' sum, not a position: CBC writes 8 significant
 * digits, so 500 weights can sum to 1 ± 1e-7.
 */
const CASH_EPSILON = 1e-6;

export interface PortfolioHoldings {
  /** w_i per name of the problem, cash excluded */
  weights: Float64Array;
  /** n_i per name when an account value was given (integral under whole shares), else null */
  shares: Float64Array | null;
  /** c = 1 − Σ w_i, the weight left in cash */
  cashWeight: number;
}

/**
 * Reads a portfolio out of a solved model. Under whole shares the integers are the truth:
 * n_i = round(x_i) and w_i = n_i p_i / V are recomputed from them, so values = shares × price exactly
 * and cash V − Σ n_i p_i is what the account really keeps. With an account value but fractional shares,
 * n_i = w_i V / p_i.
 */
export function portfolioHoldings(
  problem: TrackingProblem,
  ir: ModelIR,
  x: ArrayLike<number>,
  accountValue?: number,
): PortfolioHoldings {
  const n = problem.tickers.length;
  const ws = variableSet(ir, 'weights');
  if (!ws || ws.count !== n) throw new Error(`the model has no weights set of ${n} names`);
  const weights = new Float64Array(n);
  const sharesSet = variableSet(ir, 'shares');
  let shares: Float64Array | null = null;
  if (sharesSet && accountValue) {
    shares = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const s = Math.max(0, Math.round(x[sharesSet.start + i]!));
      shares[i] = s;
      weights[i] = (s * problem.prices[i]!) / accountValue;
    }
  } else {
    for (let i = 0; i < n; i++) {
      const w = x[ws.start + i]!;
      weights[i] = Math.abs(w) < WEIGHT_EPSILON ? 0 : w;
    }
    if (accountValue) {
      shares = new Float64Array(n);
      for (let i = 0; i < n; i++) shares[i] = (weights[i]! * accountValue) / problem.prices[i]!;
    }
  }
  let invested = 0;
  for (let i = 0; i < n; i++) invested += weights[i]!;
  const cashWeight = Math.abs(1 - invested) < CASH_EPSILON ? 0 : 1 - invested;
  return { weights, shares, cashWeight };
}
