import type { PricePanel } from '../../solver/tracking/pricePanel.ts';
import { InputError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { checkPanelWindow, PriceGrid, windowDates, type MemberRow, type PanelWindow } from './priceGrid.ts';
import { unknownUniverseMessage } from './universeCatalog.ts';

export type { PanelWindow } from './priceGrid.ts';

/**
 * Reads the lookback + 1 trading dates of a universe ending at asOf, as dense row-major arrays
 * (NaN where a member has no price). The trading dates are the dates with any price in the universe.
 * One range scan of the (universe, date, ticker) key.
 */
export function readPricePanel(db: Database, universe: string, window: PanelWindow): PricePanel {
  const { asOf, lookback } = window;
  checkPanelWindow(window);
  const known = db.prepare('SELECT index_rows FROM universes WHERE name = ?').get(universe) as { index_rows: number } | undefined;
  if (known === undefined) throw new InputError(unknownUniverseMessage(db, universe), { field: 'universe' });

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
  windowDates(universe, dates, window);
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;

  const members = db
    .prepare(
      'SELECT ticker, sector, market_cap, weight FROM universe_members WHERE universe = ? ORDER BY ticker',
    )
    .raw()
    .all(universe) as MemberRow[];
  const grid = new PriceGrid(universe, dates, members);
  const { close, adjClose } = grid;
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
      positions = Int32Array.from(dayTickers, (ticker) => grid.column(ticker));
      previousTickerJson = tickerJson;
    }
    const rowStart = grid.rowStart(date);
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

  if (known.index_rows > 0) {
    grid.placeIndex(
      db
        .prepare('SELECT date, close FROM index_closes WHERE universe = ? AND date BETWEEN ? AND ?')
        .raw()
        .all(universe, first, last) as [string, number][],
    );
  }
  return grid.panel();
}
