import type { UniverseSummary } from '../../api/domain.ts';
import { NotFoundError } from '../errors.ts';
import type { Database } from '../store/database.ts';

/** Every imported universe by name, with the counts its import stored (no scan of the prices). */
export function listUniverses(db: Database): UniverseSummary[] {
  const rows = db
    .prepare(
      `SELECT name, member_count, ticker_count, first_date, last_date, trading_days, price_rows, index_rows
       FROM universes ORDER BY name`,
    )
    .all() as {
    name: string;
    member_count: number;
    ticker_count: number;
    first_date: string | null;
    last_date: string | null;
    trading_days: number;
    price_rows: number;
    index_rows: number;
  }[];
  return rows.map((row) => ({
    name: row.name,
    members: row.member_count,
    tickersWithPrices: row.ticker_count,
    firstDate: row.first_date,
    lastDate: row.last_date,
    tradingDays: row.trading_days,
    priceRows: row.price_rows,
    hasIndex: row.index_rows > 0,
  }));
}

export function universeNames(db: Database): string[] {
  return db.prepare('SELECT name FROM universes ORDER BY name').pluck().all() as string[];
}

/** `unknown universe "x" (known: a, b)`, or how to get one when there is none. */
export function unknownUniverseMessage(db: Database, universe: string): string {
  const names = universeNames(db);
  return `unknown universe "${universe}" (known: ${names.length === 0 ? 'none; import one with data import' : names.join(', ')})`;
}

/** What the import stored about a universe, or a NotFoundError naming it and the known ones. */
export function requireUniverse(db: Database, universe: string): { name: string; lastDate: string | null; hasIndex: boolean } {
  const row = db.prepare('SELECT last_date, index_rows FROM universes WHERE name = ?').get(universe) as
    | { last_date: string | null; index_rows: number }
    | undefined;
  if (row === undefined) throw new NotFoundError(unknownUniverseMessage(db, universe), { field: 'universe' });
  return { name: universe, lastDate: row.last_date, hasIndex: row.index_rows > 0 };
}
