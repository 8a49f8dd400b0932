import { InputError } from '../errors.ts';
import { DEMO_UNIVERSE, ensureDemoMarket } from '../market/demoMarket.ts';
import type { Database } from '../store/database.ts';

/**
 * `--as-of` must fall within the universe's prices. A date after the last one would otherwise be read as "the last
 * date on or before it" and the run would quietly be as of an earlier day than the one asked for (a portfolio for
 * 2030 from prices of 2025); a date before the first has no prices at all. A date inside the range that is not a
 * trading day (a weekend) still means the trading day before it, as documented.
 * A universe that is not stored is left to the load stage, which names the known ones.
 */
export function checkAsOfWithinPrices(db: Database, universe: string, asOf: string | undefined): void {
  if (asOf === undefined) return;
  if (universe === DEMO_UNIVERSE) ensureDemoMarket(db);
  const range = db.prepare('SELECT first_date AS first, last_date AS last FROM universes WHERE name = ?').get(universe) as
    | { first: string | null; last: string | null }
    | undefined;
  if (range?.first == null || range.last == null) return;
  if (asOf > range.last) {
    throw new InputError(`--as-of ${asOf}: after the last date with prices in universe ${universe}, ${range.last}: give ${range.last} or earlier (or leave --as-of out)`, { field: 'asOf' }, { placed: true });
  }
  if (asOf < range.first) {
    throw new InputError(`--as-of ${asOf}: before the first date with prices in universe ${universe}, ${range.first}`, { field: 'asOf' }, { placed: true });
  }
}
