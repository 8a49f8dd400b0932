import { componentCatalogue } from '../components/catalogue.ts';
import { applyOverrides } from '../usecases/overrides.ts';
import type { UseCase } from '../usecases/useCase.ts';

/**
 * A strategy's use case split in two for a book: the cluster's model portfolio, optimized once per
 * cluster, and the rules every account applies when the target is mapped onto it (wholeShareMapping.ts).
 *
 * The model portfolio keeps what shapes the target (objective, budget, bounds, sector bands, name limit,
 * minimum position, exclusions) and drops what belongs to one account: whole shares and round lots (the
 * mapping makes them at each account's own value) and trading (var.trades and every component built on
 * its buys, sells, flags and lot sales: those are per-account positions). Its target is fractional.
 *
 * The band's limits apply within the strategy's own: k = min(k_strategy, k_band), m = max(m_strategy,
 * m_band); a saturated band adds none. The exclusions are the cluster's tickers (sectors resolved) plus
 * the names the band's screen leaves out.
 */
export interface ClusterLimits {
  maxNames: number;
  minWeight: number;
  saturated: boolean;
}

/** Variable sets that exist per account: a component that provides or needs one is the mapping's business. */
const PER_ACCOUNT_SETS = new Set(['shares', 'lots', 'buys', 'sells', 'buying', 'selling', 'lot-sales']);

function perAccount(id: string): boolean {
  const c = componentCatalogue.get(id);
  return c !== undefined && [...c.provides, ...c.requires].some((set) => PER_ACCOUNT_SETS.has(set));
}

/** A component's numeric parameter in the use case, when it is there and finite. */
export function numberParam(useCase: UseCase, id: string, name: string): number | undefined {
  const v = useCase.components.find((c) => c.id === id)?.params[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function modelPortfolioUseCase(useCase: UseCase, limits: ClusterLimits, excludedTickers: readonly string[]): UseCase {
  const kept: UseCase = { ...useCase, components: useCase.components.filter((c) => !perAccount(c.id)) };
  const ownK = numberParam(kept, 'con.max-names', 'maxNames');
  const ownM = numberParam(kept, 'con.min-weight', 'minWeight');
  return applyOverrides(kept, {
    ...(limits.saturated ? {} : { maxNames: Math.min(ownK ?? Infinity, limits.maxNames), minWeight: Math.max(ownM ?? 0, limits.minWeight) }),
    exclude: [...excludedTickers],
    fractional: true,
  });
}

export interface AccountRules {
  /** dollars the account keeps in cash: max(minCash V, minDollars) of con.cash-buffer, else 0 */
  cashBuffer: number;
  /** dollars: max(minTrade V, minDollars) of con.min-trade, else 0 */
  minTrade: number;
}

/** The per-account rules of the use case at account value V. */
export function accountRules(useCase: UseCase, value: number): AccountRules {
  const cashBuffer = Math.max((numberParam(useCase, 'con.cash-buffer', 'minCash') ?? 0) * value, numberParam(useCase, 'con.cash-buffer', 'minDollars') ?? 0);
  const minTrade = Math.max((numberParam(useCase, 'con.min-trade', 'minTrade') ?? 0) * value, numberParam(useCase, 'con.min-trade', 'minDollars') ?? 0);
  return { cashBuffer, minTrade };
}
