import type { CompareEntry } from '../../../../api/solvers.ts';

type Holdings = CompareEntry['holdings'];

/** One name's weight in two portfolios; difference = weight A − weight B. */
export interface WeightDifference {
  ticker: string;
  weightA: number;
  weightB: number;
  difference: number;
}

export interface PortfolioDifferences {
  /** names A holds and B does not, A's largest first */
  onlyA: string[];
  onlyB: string[];
  /** the names whose weights differ most, largest |difference| first */
  largest: WeightDifference[];
}

/**
 * Weights two solvers return for the same portfolio differ by their feasibility tolerances (1e-7 for HiGHS and CBC by
 * default); a difference under a millionth of the portfolio is that noise, not a different portfolio.
 */
export const WEIGHT_TOLERANCE = 1e-6;

/** How many of the largest weight differences the screen lists. */
export const TOP_DIFFERENCES = 15;

/** A name is held when its weight or its shares are positive, as the optimize result counts names. */
function held(h: Holdings[number]): boolean {
  return h.weight > 0 || (h.shares ?? 0) > 0;
}

/**
 * How portfolio A differs from portfolio B: the names held in one and not the other, and the `top` names whose
 * weights differ most (over the union of both; a name one does not hold weighs 0 there).
 */
export function portfolioDifferences(a: Holdings, b: Holdings, top = TOP_DIFFERENCES): PortfolioDifferences {
  const weightsA = new Map(a.filter(held).map((h) => [h.ticker, h.weight]));
  const weightsB = new Map(b.filter(held).map((h) => [h.ticker, h.weight]));
  const only = (mine: Map<string, number>, theirs: Map<string, number>): string[] =>
    [...mine]
      .filter(([t]) => !theirs.has(t))
      .sort(([ta, wa], [tb, wb]) => wb - wa || ta.localeCompare(tb))
      .map(([t]) => t);
  const tickers = new Set([...weightsA.keys(), ...weightsB.keys()]);
  const largest = [...tickers]
    .map((ticker) => {
      const weightA = weightsA.get(ticker) ?? 0;
      const weightB = weightsB.get(ticker) ?? 0;
      return { ticker, weightA, weightB, difference: weightA - weightB };
    })
    .filter((d) => Math.abs(d.difference) >= WEIGHT_TOLERANCE)
    .sort((x, y) => Math.abs(y.difference) - Math.abs(x.difference) || x.ticker.localeCompare(y.ticker))
    .slice(0, top);
  return { onlyA: only(weightsA, weightsB), onlyB: only(weightsB, weightsA), largest };
}
