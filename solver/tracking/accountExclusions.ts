import type { TrackingProblem } from './trackingProblem.ts';

/** The prefix that marks a sector in an account's exclusion list: `sector:Energy`. */
export const SECTOR_PREFIX = 'sector:';

export interface ResolvedExclusions {
  /** indices into problem.tickers of the names the account may not hold, increasing */
  names: number[];
  /** the excluded tickers of the universe, in the order of `names` */
  tickers: string[];
  /** entries that name no ticker or sector of the universe (the account cannot hold them anyway) */
  unknown: string[];
}

/**
 * An account's restrictions on a universe: every listed ticker (case-insensitive) and every member of a
 * listed `sector:NAME` (the GICS sector name as the universe spells it, case-insensitive). An entry the
 * universe does not have is returned in `unknown` rather than rejected: a client who may not hold a
 * stock outside the index is simply never offered it.
 */
export function resolveExclusions(exclude: readonly string[], problem: Pick<TrackingProblem, 'tickers' | 'sectors'>): ResolvedExclusions {
  const byTicker = new Map(problem.tickers.map((t, i) => [t.toUpperCase(), i]));
  const bySector = new Map<string, number[]>();
  problem.sectors.forEach((s, i) => {
    if (s === '') return;
    const key = s.toLowerCase();
    const list = bySector.get(key);
    if (list) list.push(i);
    else bySector.set(key, [i]);
  });
  const names = new Set<number>();
  const unknown: string[] = [];
  for (const entry of exclude) {
    const trimmed = entry.trim();
    if (trimmed.toLowerCase().startsWith(SECTOR_PREFIX)) {
      const members = bySector.get(trimmed.slice(SECTOR_PREFIX.length).trim().toLowerCase());
      if (members) for (const i of members) names.add(i);
      else unknown.push(trimmed);
    } else {
      const i = byTicker.get(trimmed.toUpperCase());
      if (i === undefined) unknown.push(trimmed);
      else names.add(i);
    }
  }
  const sorted = [...names].sort((a, b) => a - b);
  return { names: sorted, tickers: sorted.map((i) => problem.tickers[i]!), unknown };
}
