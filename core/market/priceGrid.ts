import type { PricePanel } from '../../solver/tracking/pricePanel.ts';
import { InputError } from '../errors.ts';
import { isCalendarDate } from './isoDate.ts';

export interface PanelWindow {
  /** last date of the window; the universe's last trading date on or before it. Default: its last date. */
  asOf?: string;
  /** returns in the window: the panel holds lookback + 1 trading dates */
  lookback: number;
}

/** A member as the readers read it: ticker, sector, market cap, weight. */
export type MemberRow = [ticker: string, sector: string | null, marketCap: number | null, weight: number | null];

/** The window asked for, refused before any read when it cannot be one. */
export function checkPanelWindow({ asOf, lookback }: PanelWindow): void {
  if (!Number.isInteger(lookback) || lookback < 1) {
    throw new InputError(`lookback must be a whole number of at least 1, not ${lookback}`, { field: 'lookback' });
  }
  if (asOf !== undefined && !isCalendarDate(asOf)) throw new InputError(`"${asOf}" is not a calendar date yyyy-mm-dd`, { field: 'asOf' });
}

/** The window's trading dates, or an InputError saying how many there are when they are fewer than lookback + 1. */
export function windowDates(universe: string, dates: string[], { asOf, lookback }: PanelWindow): string[] {
  if (dates.length < lookback + 1) {
    const span = dates.length === 0 ? 'none' : `${dates.length}, from ${dates[0]} to ${dates[dates.length - 1]}`;
    throw new InputError(
      `universe ${universe} needs ${lookback + 1} trading dates for a lookback of ${lookback}` +
        `${asOf === undefined ? '' : ` ending on or before ${asOf}`}; it has ${span}`,
      { field: 'lookback' },
    );
  }
  return dates;
}

/**
 * The dense date × member grid a PricePanel is, filled price by price whichever store the prices come from (the
 * SQLite store, the team database): NaN where a member has no price, a priced non-member left out.
 */
export class PriceGrid {
  readonly tickers: string[];
  readonly close: Float64Array;
  readonly adjClose: Float64Array;
  private readonly memberIndex: Map<string, number>;
  private readonly dateIndex: Map<string, number>;
  private indexClose: Float64Array | null = null;

  constructor(
    private readonly universe: string,
    private readonly dates: string[],
    private readonly members: readonly MemberRow[],
  ) {
    this.tickers = members.map((member) => member[0]);
    this.memberIndex = new Map(this.tickers.map((ticker, i) => [ticker, i]));
    this.dateIndex = new Map(dates.map((date, t) => [date, t]));
    this.close = new Float64Array(dates.length * this.tickers.length).fill(NaN);
    this.adjClose = new Float64Array(dates.length * this.tickers.length).fill(NaN);
  }

  /** The member's column, or -1 for a ticker priced but not a member. */
  column(ticker: string): number {
    return this.memberIndex.get(ticker) ?? -1;
  }

  /** Where row `date`, column 0 is in the grid's arrays (row-major by date). */
  rowStart(date: string): number {
    return this.dateIndex.get(date)! * this.tickers.length;
  }

  /** The index series' closes on the window's dates (NaN where one is missing). */
  placeIndex(levels: Iterable<readonly [date: string, close: number]>): void {
    const indexClose = new Float64Array(this.dates.length).fill(NaN);
    for (const [date, level] of levels) {
      const t = this.dateIndex.get(date);
      if (t !== undefined) indexClose[t] = level;
    }
    this.indexClose = indexClose;
  }

  panel(): PricePanel {
    return {
      universe: this.universe,
      dates: this.dates,
      tickers: this.tickers,
      sectors: this.members.map((member) => member[1] ?? ''),
      marketCaps: this.members.map((member) => member[2]),
      weights: this.members.map((member) => member[3]),
      close: this.close,
      adjClose: this.adjClose,
      indexClose: this.indexClose,
    };
  }
}
