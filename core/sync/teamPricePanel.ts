import type pg from 'pg';
import type { PricePanel } from '../../solver/tracking/pricePanel.ts';
import { InputError } from '../errors.ts';
import { checkPanelWindow, PriceGrid, windowDates, type MemberRow, type PanelWindow } from '../market/priceGrid.ts';

/** What the reader needs of a connection: one query at a time (a pg.Client or a pool's client). */
type Queryable = Pick<pg.ClientBase, 'query'>;

/** Rows as arrays, every value as node-postgres parses it (float8 to number, float8[] to number[]). */
async function rows<R extends unknown[]>(client: Queryable, text: string, values: unknown[]): Promise<R[]> {
  const result = await client.query<R>({ text, values, rowMode: 'array' });
  return result.rows;
}

/**
 * The price panel of `universe` as a sync mirrored it into the team database (schema `jessica`, the rows of store
 * `storeId`): the same PricePanel readPricePanel (core/market/pricePanelReader.ts) reads from the store, value for
 * value, so a job that reads its prices here does the same work after the read. The bench's `store: postgres`
 * variant times this read against the store's.
 *
 * The window's dates are the universe's trading dates (dates with any price) up to asOf; tickers are in byte order
 * (COLLATE "C", as SQLite orders text); a float8 leaves PostgreSQL in its shortest exact text, so every close is the
 * double the store holds. Prices come per ticker as arrays, in the order of the table's key (ticker, date).
 */
export async function readTeamPricePanel(client: Queryable, storeId: string, universe: string, window: PanelWindow): Promise<PricePanel> {
  const { asOf, lookback } = window;
  checkPanelWindow(window);
  const known = await rows<[number]>(client, 'SELECT index_rows FROM jessica.universes WHERE store_id = $1 AND name = $2', [storeId, universe]);
  if (known.length === 0) {
    throw new InputError(`universe ${universe} is not in the team database for this store (${storeId}): run jessica sync first`, { field: 'universe' });
  }
  const indexRows = Number(known[0]![0]);

  // The table's key is (store, universe, ticker, date), so the window's dates cannot be read off an index by date:
  // DISTINCT over the universe reads every one of its rows (1.4 s for the S&P 500's 1.1 M). Instead each priced ticker
  // (walked down the key, one index seek each) gives its own last lookback + 1 dates, and the window is the newest
  // lookback + 1 of their union (0.3 s). That is exact: a date among the universe's newest n has at most n − 1 newer
  // dates, so it is among the newest n of every ticker priced on it.
  const dates = (
    await rows<[string]>(
      client,
      `WITH RECURSIVE priced(ticker) AS (
         SELECT min(ticker) FROM jessica.prices WHERE store_id = $1 AND universe = $2
         UNION ALL
         SELECT (SELECT min(ticker) FROM jessica.prices WHERE store_id = $1 AND universe = $2 AND ticker > priced.ticker)
         FROM priced WHERE priced.ticker IS NOT NULL
       )
       SELECT to_char(date, 'YYYY-MM-DD') FROM (
         SELECT DISTINCT last.date FROM priced, LATERAL (
           SELECT date FROM jessica.prices p
           WHERE p.store_id = $1 AND p.universe = $2 AND p.ticker = priced.ticker AND p.date <= $3::date
           ORDER BY date DESC LIMIT $4
         ) AS last
         ORDER BY last.date DESC LIMIT $4
       ) AS window_dates ORDER BY date`,
      [storeId, universe, asOf ?? '9999-12-31', lookback + 1],
    )
  ).map((row) => row[0]);
  windowDates(universe, dates, window);
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;

  const members = await rows<MemberRow>(
    client,
    'SELECT ticker, sector, market_cap, weight FROM jessica.universe_members WHERE store_id = $1 AND universe = $2 ORDER BY ticker COLLATE "C"',
    [storeId, universe],
  );
  const grid = new PriceGrid(universe, dates, members);
  const { close, adjClose } = grid;
  const series = await rows<[string, string[], number[], (number | null)[]]>(
    client,
    `SELECT ticker, array_agg(to_char(date, 'YYYY-MM-DD') ORDER BY date), array_agg(close ORDER BY date), array_agg(adj_close ORDER BY date)
     FROM jessica.prices WHERE store_id = $1 AND universe = $2 AND date BETWEEN $3::date AND $4::date GROUP BY ticker`,
    [storeId, universe, first, last],
  );
  for (const [ticker, days, closes, adjCloses] of series) {
    const i = grid.column(ticker);
    if (i < 0) continue; // priced but not a member
    for (let k = 0; k < days.length; k++) {
      const at = grid.rowStart(days[k]!) + i;
      close[at] = closes[k]!;
      const adjusted = adjCloses[k];
      if (adjusted !== null && adjusted !== undefined) adjClose[at] = adjusted;
    }
  }

  if (indexRows > 0) {
    grid.placeIndex(
      await rows<[string, number]>(
        client,
        `SELECT to_char(date, 'YYYY-MM-DD'), close FROM jessica.index_closes WHERE store_id = $1 AND universe = $2 AND date BETWEEN $3::date AND $4::date`,
        [storeId, universe, first, last],
      ),
    );
  }
  return grid.panel();
}
