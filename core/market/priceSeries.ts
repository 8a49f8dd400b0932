import type { PriceSeries } from '../../api/market.ts';
import type { ParsedArgs } from '../../api/methods.ts';
import { InputError } from '../errors.ts';
import type { Database } from '../store/database.ts';
import { DEMO_UNIVERSE, ensureDemoMarket } from './demoMarket.ts';
import { isCalendarDate } from './isoDate.ts';
import { requireUniverse } from './universeCatalog.ts';

/**
 * The raw closes of a few members and the index level on every trading day of the universe (a date
 * with any price) from `from` to `to` (default: all of them), null where a ticker has no price that
 * day. Tickers are the universe's members, matched exactly.
 */
export function priceSeries(db: Database, args: ParsedArgs<'data/series'>): PriceSeries {
  const { universe, tickers, from = '0000-01-01', to = '9999-12-31' } = args;
  if (universe === DEMO_UNIVERSE) ensureDemoMarket(db);
  const { hasIndex } = requireUniverse(db, universe);
  for (const [field, date] of [['from', args.from], ['to', args.to]] as const) {
    if (date !== undefined && !isCalendarDate(date)) throw new InputError(`"${date}" is not a calendar date yyyy-mm-dd`, { field });
  }
  if (from > to) throw new InputError(`from ${from} is after to ${to}`, { field: 'from' });
  const wanted = [...new Set(tickers)];
  const isMember = db.prepare('SELECT 1 FROM universe_members WHERE universe = ? AND ticker = ?').pluck();
  const unknown = wanted.filter((t) => isMember.get(universe, t) === undefined);
  if (unknown.length > 0) {
    throw new InputError(`${unknown.map((t) => `"${t}"`).join(', ')} ${unknown.length === 1 ? 'is not a member' : 'are not members'} of universe ${universe}`, {
      field: 'tickers',
    });
  }

  // One index seek per trading day on the (universe, date, ticker) key, instead of a scan of every price in the range.
  const dates = db
    .prepare(
      `WITH RECURSIVE trading_days(date) AS (
         SELECT min(date) FROM prices WHERE universe = @universe AND date >= @from
         UNION ALL
         SELECT (SELECT min(date) FROM prices WHERE universe = @universe AND date > trading_days.date)
         FROM trading_days WHERE trading_days.date IS NOT NULL AND trading_days.date < @to
       )
       SELECT date FROM trading_days WHERE date IS NOT NULL AND date <= @to`,
    )
    .pluck()
    .all({ universe, from, to }) as string[];
  const first = dates[0] ?? from;
  const last = dates[dates.length - 1] ?? to;

  // CROSS JOIN keeps the loops in this order, so each price is one key lookup (the planner would
  // otherwise scan the universe's prices and probe the date list for each).
  const series = wanted.map(() => new Array<number | null>(dates.length).fill(null));
  const closes = db
    .prepare(
      `SELECT d.key, k.key, p.close FROM json_each(@dates) d CROSS JOIN json_each(@tickers) k
       CROSS JOIN prices p ON p.universe = @universe AND p.date = d.value AND p.ticker = k.value`,
    )
    .raw()
    .all({ dates: JSON.stringify(dates), tickers: JSON.stringify(wanted), universe }) as [number, number, number][];
  for (const [t, k, close] of closes) series[k]![t] = close;
  const prices = Object.fromEntries(wanted.map((ticker, k) => [ticker, series[k]!]));

  let index: (number | null)[] | null = null;
  if (hasIndex) {
    index = new Array<number | null>(dates.length).fill(null);
    const levels = db
      .prepare('SELECT date, close FROM index_closes WHERE universe = ? AND date BETWEEN ? AND ?')
      .raw()
      .all(universe, first, last) as [string, number][];
    const position = new Map(dates.map((d, t) => [d, t]));
    for (const [date, level] of levels) {
      const t = position.get(date);
      if (t !== undefined) index[t] = level;
    }
  }
  return { universe, dates, index, prices };
}
