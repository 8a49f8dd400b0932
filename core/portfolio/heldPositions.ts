import type { Holding } from '../../api/domain.ts';
import type { PortfolioHoldings } from '../../solver/tracking/portfolioHoldings.ts';
import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';

/**
 * The names a solved portfolio holds, largest weight first (ties by ticker): a name counts when its weight
 * is positive or it keeps whole shares. Values are shares × close when the portfolio is for an account.
 */
export function heldPositions(problem: TrackingProblem, h: PortfolioHoldings, accountValue: number | undefined): Holding[] {
  const held: Holding[] = [];
  for (let i = 0; i < problem.tickers.length; i++) {
    const w = h.weights[i]!;
    const s = h.shares?.[i] ?? null;
    if (w <= 0 && !(s && s > 0)) continue;
    held.push({
      ticker: problem.tickers[i]!,
      sector: problem.sectors[i]!,
      weight: w,
      benchmarkWeight: problem.benchmarkWeights[i]!,
      shares: s,
      price: problem.prices[i]!,
      value: accountValue ? (s ?? 0) * problem.prices[i]! : null,
    });
  }
  return held.sort((a, b) => b.weight - a.weight || a.ticker.localeCompare(b.ticker));
}
