import type { PricePanel } from '../../solver/tracking/pricePanel.ts';
import { InputError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { isCalendarDate } from './isoDate.ts';
import { unknownUniverseMessage } from './universeCatalog.ts';

export interface PanelWindow {
  /** last date of the window; the universe's last trading date on or before it. Default: its last date. */
  asOf?: string;
  /** returns in the window: the panel holds lookback + 1 trading dates */
  lookback: number;
}

/**
 * Reads the lookback + 1 trading dates of a universe ending at asOf, as dense row-major arrays
 * (NaN where a member has no price). The trading dates are the dates with any price in the universe.
 * One range scan of the (universe, date, ticker) key.
 */
export function readPricePanel(db: Database, universe: string, window: PanelWindow): PricePanel {
  const { asOf, lookback } = window;
  if (!Number.isInteger(lookback) || lookback < 1) {
    throw new InputError(`lookback must be a whole number of at least 1, not ${lookback}`, { field: 'lookback' });
  }
  const known = db.prepare('SELECT index_rows FROM universes WHERE name = ?').get(universe) as { index_rows: number } | undefined;
  if (known === undefined) throw new InputError(unknownUniverseMessage(db, universe), { field: 'universe' });
  if (asOf !== undefined && !isCalendarDate(asOf)) {
    throw new InputError(`"${asOf}" is not a calendar date yyyy-mm-dd`, { field: 'asOf' });
  }

  // Walks back one date at a time with an index seek per step, instead of reading every price of the window.
  const dates = (
    db
      .prepare(
        `WITH RECURSIVE window_dates(date) AS (
           SELECT max(date) FROM prices WHERE universe = @universe AND date <= @end
           UNION ALL
           SELECT (SELECT max(date) FROM prices WHERE universe = @universe AND date < window_dates.date)
           FROM window_dates WHERE window_dates.date IS NOT NULL
         )
         SELECT date FROM window_dates WHERE date IS NOT NULL LIMIT @count`,
      )
      .pluck()
      .all({ universe, end: asOf ?? '9999-12-31', count: lookback + 1 }) as string[]
  ).reverse();
  if (dates.length < lookback + 1) {
    const span = dates.length === 0 ? 'none' : `${dates.length}, from ${dates[0]} to ${dates[dates.length - 1]}`;
    throw new InputError(
      `universe ${universe} needs ${lookback + 1} trading dates for a lookback of ${lookback}` +
        `${asOf === undefined ? '' : ` ending on or before ${asOf}`}; it has ${span}`,
      { field: 'lookback' },
    );
  }
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;

  const members = db
    .prepare(
      'SELECT ticker, sector, market_cap, weight FROM universe_members WHERE universe = ? ORDER BY ticker',
    )
    .raw()
    .all(universe) as [string, string | null, number | null, number | null][];
  const tickers = members.map((member) => member[0]);
  const memberIndex = new Map(tickers.map((ticker, i) => [ticker, i]));
  const dateIndex = new Map(dates.map((date, t) => [date, t]));
  const n = tickers.length;

  const close = new Float64Array(dates.length * n).fill(NaN);
  const adjClose = new Float64Array(dates.length * n).fill(NaN);
  // One row per date with that date's tickers and prices as JSON arrays: better-sqlite3 costs about half a
  // microsecond per row returned, so aggregating in SQLite and parsing natively is several times faster
  // than a row per price. SQLite writes doubles with 17 significant digits, so they round-trip exactly.
  const days = db
    .prepare(
      `SELECT date, json_group_array(ticker), json_group_array(close), json_group_array(adj_close)
       FROM prices WHERE universe = ? AND date BETWEEN ? AND ? GROUP BY date`,
    )
    .raw()
    .all(universe, first, last) as [string, string, string, string][];
  // Consecutive dates usually price the same tickers, so their positions are looked up once per change.
  let previousTickerJson = '';
  let positions: Int32Array = new Int32Array(0);
  for (const [date, tickerJson, closeJson, adjCloseJson] of days) {
    if (tickerJson !== previousTickerJson) {
      const dayTickers = JSON.parse(tickerJson) as string[];
      positions = Int32Array.from(dayTickers, (ticker) => memberIndex.get(ticker) ?? -1);
      previousTickerJson = tickerJson;
    }
    const rowStart = dateIndex.get(date)! * n;
    const dayCloses = JSON.parse(closeJson) as number[];
    const dayAdjCloses = JSON.parse(adjCloseJson) as (number | null)[];
    for (let k = 0; k < positions.length; k++) {
      const i = positions[k]!;
      if (i < 0) continue; // priced but not a member
      close[rowStart + i] = dayCloses[k]!;
      const adjusted = dayAdjCloses[k];
      if (adjusted !== null && adjusted !== undefined) adjClose[rowStart + i] = adjusted;
    }
  }

  let indexClose: Float64Array | null = null;
  if (known.index_rows > 0) {
    indexClose = new Float64Array(dates.length).fill(NaN);
    const levels = db
      .prepare('SELECT date, close FROM index_closes WHERE universe = ? AND date BETWEEN ? AND ?')
      .raw()
      .all(universe, first, last) as [string, number][];
    for (const [date, level] of levels) {
      const t = dateIndex.get(date);
      if (t !== undefined) indexClose[t] = level;
    }
  }

  return {
    universe,
    dates,
    tickers,
    sectors: members.map((member) => member[1] ?? ''),
    marketCaps: members.map((member) => member[2]),
    weights: members.map((member) => member[3]),
    close,
    adjClose,
    indexClose,
  };
}
