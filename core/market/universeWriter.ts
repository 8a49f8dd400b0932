import type { Statement } from 'better-sqlite3';
import type { Database } from '../store/database.ts';

/**
 * What a ticker is, merged into `instruments` by every writer of members: a field the incoming row leaves empty never
 * blanks a known one. Parameters: ticker, name, sector, industry, updated_at.
 */
export const UPSERT_INSTRUMENT = `INSERT INTO instruments (ticker, name, sector, industry, updated_at) VALUES (?, nullif(?, ''), nullif(?, ''), nullif(?, ''), ?)
  ON CONFLICT (ticker) DO UPDATE SET
    name = coalesce(excluded.name, name),
    sector = coalesce(excluded.sector, sector),
    industry = coalesce(excluded.industry, industry),
    updated_at = excluded.updated_at`;

/** One member of a universe, as the constituents file (or the demo market) describes it. */
export interface MemberRow {
  ticker: string;
  name: string | null;
  sector: string | null;
  industry: string | null;
  marketCap: number | null;
  sharesOutstanding: number | null;
  weight: number | null;
}

/** What a finished load holds; stored on the universe row so listing never scans prices. */
export interface UniverseCounts {
  priceRows: number;
  tickers: number;
  firstDate: string | null;
  lastDate: string | null;
  tradingDays: number;
  members: number;
  indexRows: number;
}

/** A second price for the same (date, ticker), or a second index close for the same date. */
export class DuplicateRowError extends Error {}

/**
 * Loads one universe inside ONE write transaction: `begin` opens it and removes the universe's previous
 * data, `commit` stores the counts and makes it all visible at once, `rollback` leaves the database exactly
 * as it was. Both the CSV import and the demo market write through here.
 *
 * Other writes on the same connection while the transaction is open would join it, so it must not stay
 * open across an await on a connection anything else uses: the demo market loads the store synchronously,
 * and the streaming CSV import writes into a staging database of its own (UniverseStaging).
 */
export class UniverseWriter {
  private readonly insertPrice: Statement;
  private readonly insertMember: Statement;
  private readonly insertIndexClose: Statement;
  private readonly upsertInstrument: Statement;
  private readonly tickers = new Set<string>();
  private readonly dates = new Set<string>();
  private previousDate = '';
  private priceRows = 0;
  private members = 0;
  private indexRows = 0;
  private open = true;

  private constructor(
    private readonly db: Database,
    readonly universe: string,
  ) {
    this.insertPrice = db.prepare(
      `INSERT INTO prices (universe, date, ticker, open, high, low, close, adj_close, volume)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertMember = db.prepare(
      `INSERT INTO universe_members (universe, ticker, name, sector, industry, market_cap, shares_outstanding, weight)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertIndexClose = db.prepare('INSERT INTO index_closes (universe, date, close) VALUES (?, ?, ?)');
    this.upsertInstrument = db.prepare(UPSERT_INSTRUMENT);
  }

  static begin(db: Database, universe: string, source: string): UniverseWriter {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.prepare('DELETE FROM universes WHERE name = ?').run(universe);
      db.prepare('INSERT INTO universes (name, created_at, source) VALUES (?, ?, ?)').run(
        universe,
        new Date().toISOString(),
        source,
      );
      return new UniverseWriter(db, universe);
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  /** Throws DuplicateRowError when (date, ticker) already has a price. */
  addPrice(
    date: string,
    ticker: string,
    open: number | null,
    high: number | null,
    low: number | null,
    close: number,
    adjClose: number | null,
    volume: number | null,
  ): void {
    try {
      this.insertPrice.run(this.universe, date, ticker, open, high, low, close, adjClose, volume);
    } catch (error) {
      throw isPrimaryKeyConflict(error) ? new DuplicateRowError(`${ticker} already has a price on ${date}`) : error;
    }
    this.priceRows++;
    this.tickers.add(ticker);
    if (date !== this.previousDate) {
      this.dates.add(date);
      this.previousDate = date;
    }
  }

  hasPrices(ticker: string): boolean {
    return this.tickers.has(ticker);
  }

  pricedTickers(): string[] {
    return [...this.tickers];
  }

  /** Throws DuplicateRowError when the ticker is already a member. */
  addMember(member: MemberRow): void {
    try {
      this.insertMember.run(
        this.universe,
        member.ticker,
        member.name,
        member.sector,
        member.industry,
        member.marketCap,
        member.sharesOutstanding,
        member.weight,
      );
    } catch (error) {
      throw isPrimaryKeyConflict(error) ? new DuplicateRowError(`${member.ticker} is listed twice`) : error;
    }
    this.upsertInstrument.run(member.ticker, member.name, member.sector, member.industry, new Date().toISOString());
    this.members++;
  }

  /** Throws DuplicateRowError when the date already has an index close. */
  addIndexClose(date: string, close: number): void {
    try {
      this.insertIndexClose.run(this.universe, date, close);
    } catch (error) {
      throw isPrimaryKeyConflict(error) ? new DuplicateRowError(`${date} already has an index close`) : error;
    }
    this.indexRows++;
  }

  counts(): UniverseCounts {
    let firstDate: string | null = null;
    let lastDate: string | null = null;
    for (const date of this.dates) {
      if (firstDate === null || date < firstDate) firstDate = date;
      if (lastDate === null || date > lastDate) lastDate = date;
    }
    return {
      priceRows: this.priceRows,
      tickers: this.tickers.size,
      firstDate,
      lastDate,
      tradingDays: this.dates.size,
      members: this.members,
      indexRows: this.indexRows,
    };
  }

  commit(): UniverseCounts {
    this.assertOpen();
    const counts = this.counts();
    this.db
      .prepare(
        `UPDATE universes SET member_count = ?, ticker_count = ?, price_rows = ?, first_date = ?, last_date = ?,
           trading_days = ?, index_rows = ? WHERE name = ?`,
      )
      .run(
        counts.members,
        counts.tickers,
        counts.priceRows,
        counts.firstDate,
        counts.lastDate,
        counts.tradingDays,
        counts.indexRows,
        this.universe,
      );
    this.db.exec('COMMIT');
    this.open = false;
    return counts;
  }

  rollback(): void {
    if (!this.open) return;
    this.open = false;
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  private assertOpen(): void {
    if (!this.open) throw new Error(`the load of universe ${this.universe} has already ended`);
  }
}

function isPrimaryKeyConflict(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
