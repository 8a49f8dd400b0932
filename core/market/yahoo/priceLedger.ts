import type { Database } from '../../store/database.ts';

/** What the store holds of one ticker's prices. */
export interface TickerSpan {
  rows: number;
  first: string;
  last: string;
}

/** The counts a universe row keeps of its prices. */
export interface PriceCounts {
  priceRows: number;
  tickers: number;
  firstDate: string | null;
  lastDate: string | null;
  tradingDays: number;
}

/**
 * A universe's prices in outline: each ticker's span, and how many tickers have a price on each date. From it the
 * counts on the universe row follow exactly, for the prices as they are and as a batch will leave them, without a
 * scan of the prices per batch (the prices table is keyed by date first, so a ticker's rows are spread across it).
 * Read once per import (two index scans: half a second for the S&P 500's 1.1 million rows), then kept in step with
 * each batch the import commits.
 */
export class PriceLedger {
  private constructor(
    readonly tickers: Map<string, TickerSpan>,
    private readonly dates: Map<string, number>,
  ) {}

  static read(db: Database, universe: string): PriceLedger {
    const tickers = new Map<string, TickerSpan>();
    const spans = db
      .prepare('SELECT ticker, count(*) AS rows, min(date) AS first, max(date) AS last FROM prices WHERE universe = ? GROUP BY ticker')
      .all(universe) as ({ ticker: string } & TickerSpan)[];
    for (const { ticker, rows, first, last } of spans) tickers.set(ticker, { rows, first, last });
    const dates = new Map<string, number>();
    const days = db.prepare('SELECT date, count(*) AS tickers FROM prices WHERE universe = ? GROUP BY date').all(universe) as { date: string; tickers: number }[];
    for (const { date, tickers: count } of days) dates.set(date, count);
    return new PriceLedger(tickers, dates);
  }

  copy(): PriceLedger {
    return new PriceLedger(new Map([...this.tickers].map(([ticker, span]) => [ticker, { ...span }])), new Map(this.dates));
  }

  /** `ticker` gains prices on `dates`, none of which it had. */
  add(ticker: string, dates: readonly string[]): void {
    if (dates.length === 0) return;
    const span = this.tickers.get(ticker) ?? { rows: 0, first: dates[0]!, last: dates[0]! };
    for (const date of dates) {
      this.dates.set(date, (this.dates.get(date) ?? 0) + 1);
      if (date < span.first) span.first = date;
      if (date > span.last) span.last = date;
    }
    span.rows += dates.length;
    this.tickers.set(ticker, span);
  }

  /** `ticker`'s prices on `before` are replaced by prices on `after`. */
  replace(ticker: string, before: readonly string[], after: readonly string[]): void {
    for (const date of before) {
      const count = (this.dates.get(date) ?? 0) - 1;
      if (count > 0) this.dates.set(date, count);
      else this.dates.delete(date);
    }
    this.tickers.delete(ticker);
    this.add(ticker, after);
  }

  counts(): PriceCounts {
    let priceRows = 0;
    for (const span of this.tickers.values()) priceRows += span.rows;
    let firstDate: string | null = null;
    let lastDate: string | null = null;
    for (const date of this.dates.keys()) {
      if (firstDate === null || date < firstDate) firstDate = date;
      if (lastDate === null || date > lastDate) lastDate = date;
    }
    return { priceRows, tickers: this.tickers.size, firstDate, lastDate, tradingDays: this.dates.size };
  }

  /** Whether the universe row's counts are this ledger's: false when another writer changed the prices since it was read. */
  agreesWith(row: { price_rows: number; ticker_count: number; first_date: string | null; last_date: string | null; trading_days: number }): boolean {
    const counts = this.counts();
    return (
      row.price_rows === counts.priceRows &&
      row.ticker_count === counts.tickers &&
      row.first_date === counts.firstDate &&
      row.last_date === counts.lastDate &&
      row.trading_days === counts.tradingDays
    );
  }
}
