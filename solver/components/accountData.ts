import { placeHoldings, resolveAccountValue, type AccountHoldings, type PlacedHoldings } from '../tracking/accountHoldings.ts';
import { ComponentError, type ModelContext } from './component.ts';

/** The account a trading component works on: its holdings placed on the universe and V. */
export interface AccountData {
  holdings: AccountHoldings;
  placed: PlacedHoldings;
  /** V in dollars, by resolveAccountValue: context.accountValue, else the holdings' value */
  value: number;
}

const NO_HOLDINGS = "needs the account's holdings (--holdings FILE, or --cash V for an account of cash only)";

/** Why the context's account cannot be traded, in words without the component id; empty when it can. */
export function accountIssues(context: ModelContext): string[] {
  const { holdings, problem } = context;
  if (!holdings) return [NO_HOLDINGS];
  const issues: string[] = [];
  const placed = placeHoldings(holdings, problem);
  if (placed.unknown.length > 0) {
    issues.push(`holds ${placed.unknown.join(', ')}, not in universe ${problem.universe}: no as-of price to value or trade them`);
  }
  const unpriced = placed.lots.filter((l) => !(problem.prices[l.name]! > 0)).map((l) => l.ticker);
  if (unpriced.length > 0) issues.push(`holds ${[...new Set(unpriced)].join(', ')} without a positive as-of price`);
  const value = resolveAccountValue(holdings, problem, { accountValue: context.accountValue });
  if (!(value !== undefined && Number.isFinite(value) && value > 0)) issues.push(`the account value must be a positive number of dollars, got ${value}`);
  return issues;
}

/** The account, or a ComponentError under `component` with the first reason it cannot be traded. */
export function accountData(component: string, context: ModelContext): AccountData {
  const issues = accountIssues(context);
  if (issues.length > 0) throw new ComponentError(component, issues.join('; '));
  const holdings = context.holdings!;
  return {
    holdings,
    placed: placeHoldings(holdings, context.problem),
    value: resolveAccountValue(holdings, context.problem, { accountValue: context.accountValue })!,
  };
}

/**
 * Lots that lack what a tax component needs, in words: a cost basis (to know the gain) and an
 * acquisition date (to know the holding period), and acquisition dates after the as-of date.
 */
export function lotIssues(context: ModelContext, needs: { costBasis: boolean; acquired: boolean }): string[] {
  const { holdings, problem } = context;
  if (!holdings) return [];
  const issues: string[] = [];
  const noBasis: string[] = [];
  const noDate: string[] = [];
  const future: string[] = [];
  holdings.lots.forEach((lot, k) => {
    const label = `${lot.ticker}#${k + 1}`;
    if (needs.costBasis && !(lot.costBasis !== undefined && Number.isFinite(lot.costBasis) && lot.costBasis >= 0)) noBasis.push(label);
    if (lot.acquired === undefined) {
      if (needs.acquired) noDate.push(label);
    } else if (lot.acquired > problem.asOf) future.push(`${label} (${lot.acquired})`);
  });
  const list = (xs: string[]): string => `${xs.slice(0, 10).join(', ')}${xs.length > 10 ? ` and ${xs.length - 10} more` : ''}`;
  if (noBasis.length > 0) issues.push(`needs a cost basis for every lot; lots without one: ${list(noBasis)}`);
  if (noDate.length > 0) issues.push(`needs an acquisition date for every lot; lots without one: ${list(noDate)}`);
  if (future.length > 0) issues.push(`lots acquired after the as-of date ${problem.asOf}: ${list(future)}`);
  return issues;
}
