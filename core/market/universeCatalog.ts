import type { UniverseSummary } from '../../api/domain.ts';
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
