import type { SampleAccount } from '../../api/useCases.ts';
import type { AccountHoldings } from '../../solver/tracking/accountHoldings.ts';
import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';

/** V of the sample account: a typical SMA, large enough to hold the sample's names in whole shares. */
export const SAMPLE_ACCOUNT_VALUE = 250_000;
/** Names the sample account holds: the largest benchmark weights. */
export const SAMPLE_ACCOUNT_NAMES = 25;
/** Share of V kept in cash. */
export const SAMPLE_ACCOUNT_CASH = 0.05;

/**
 * The account a use case's model facts are assembled for. Facts describe a model, and the trading
 * components (var.trades, var.lot-sales, the tax and cash components, var.whole-shares) make no model
 * without an account, so every use case is assembled for the same documented one; components that
 * do not trade ignore it, so an index-tracking model is the same with or without it.
 *
 * V = $250,000. The 25 largest benchmark weights b_i, each held as ONE tax lot of
 *   H_i = ⌊(1 − 5%) · V · b_i / Σ_{j∈top} b_j / p_i⌋ whole shares at the as-of close p_i,
 * bought on the window's first date at cost basis p_i / Π_t (1 + r_{t,i}) (the as-of close taken back
 * through the window's returns, so lots carry the window's real gains and losses), and cash
 * V − Σ_i H_i p_i. No recent sales. var.lot-sales thus has one column per held name.
 */
export function sampleAccount(problem: TrackingProblem): { holdings: AccountHoldings; accountValue: number; account: SampleAccount } {
  const n = problem.tickers.length;
  const periods = problem.benchmarkReturns.length;
  const top = [...Array(n).keys()]
    .sort((a, b) => problem.benchmarkWeights[b]! - problem.benchmarkWeights[a]! || a - b)
    .slice(0, SAMPLE_ACCOUNT_NAMES);
  const topWeight = top.reduce((s, i) => s + problem.benchmarkWeights[i]!, 0);
  const invest = (1 - SAMPLE_ACCOUNT_CASH) * SAMPLE_ACCOUNT_VALUE;
  const lots: AccountHoldings['lots'] = [];
  let invested = 0;
  for (const i of top) {
    const price = problem.prices[i]!;
    const b = topWeight > 0 ? problem.benchmarkWeights[i]! / topWeight : 1 / top.length;
    const shares = Math.floor((invest * b) / price);
    if (shares < 1) continue;
    let growth = 1;
    for (let t = 0; t < periods; t++) growth *= 1 + problem.returns[t * n + i]!;
    lots.push({ ticker: problem.tickers[i]!, shares, costBasis: price / growth, acquired: problem.dates[0]! });
    invested += shares * price;
  }
  const cash = SAMPLE_ACCOUNT_VALUE - invested;
  return {
    holdings: { cash, lots },
    accountValue: SAMPLE_ACCOUNT_VALUE,
    account: {
      value: SAMPLE_ACCOUNT_VALUE,
      cash,
      lots: lots.length,
      description:
        `sample account: $${SAMPLE_ACCOUNT_VALUE.toLocaleString('en-US')}, one lot in each of the ${lots.length} largest benchmark names ` +
        `bought on ${problem.dates[0]}, $${Math.round(cash).toLocaleString('en-US')} cash`,
    },
  };
}
