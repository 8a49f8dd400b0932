import type { ChartResultObject } from 'yahoo-finance2/modules/chart';
import type { Ceiling } from '../plausibility.ts';

/** One trading day as Jessica stores it: raw open, high, low, close and volume of that day, and Yahoo's adjusted close. */
export interface DailyBar {
  date: string;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number;
  adjClose: number | null;
  volume: number | null;
}

export interface DailyHistory {
  /** in date order, one per date */
  bars: DailyBar[];
  /** days Yahoo listed without a close (or with none above zero): left out */
  skipped: number;
  /** the dates (in the exchange's time zone) of the dividends and splits in the answer */
  eventDates: string[];
  /** today's bar was left out: its session had not closed, so its close is only the latest trade */
  sessionOpen: boolean;
}

/** A chart answer that validates as yahoo-finance2's shape but cannot be daily prices (arrays of other lengths, a close of 1e12). */
export class MalformedChart extends Error {
  constructor(problem: string) {
    super(`the chart is not daily prices: ${problem}`);
    this.name = 'MalformedChart';
  }
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant where the exchange is (a Sydney session opens on the previous UTC date). */
function exchangeDate(instant: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (format === undefined) {
    try {
      // en-CA writes yyyy-mm-dd
      format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      throw new MalformedChart(`unknown exchange time zone ${JSON.stringify(timeZone).slice(0, 60)}`);
    }
    dateFormats.set(timeZone, format);
  }
  return format.format(instant);
}

/**
 * Yahoo's daily chart as raw prices.
 *
 * Yahoo's `close` (and open, high, low) is split-adjusted but not dividend-adjusted; `adjclose` is adjusted for both;
 * its volume is split-adjusted the other way. Jessica's `close` is the price a share really traded at that day
 * (whole shares are bought at the raw close of the as-of date, DESIGN section 3), so a price of day d is multiplied
 * back by every split after d: raw(d) = yahoo(d) · Π_{splits s, date(s) > d} numerator(s)/denominator(s), and
 * volume(d) = yahoo(d) / that product. A chart answer holds the splits of its own period only; an answer for the
 * days since d holds every split after d, and every earlier day's price comes from an answer of its own period.
 * Raw prices are rounded to Yahoo's `priceHint` decimals (the tick: cents for a share over $1): Yahoo sends 32-bit
 * floats (129.0399932861328 for 129.04) and the product of one with a split ratio is a price to the tick.
 * `adj_close` is Yahoo's adjclose as it is.
 */
export function dailyHistory(chart: ChartResultObject, ceiling: Ceiling): DailyHistory {
  const { meta } = chart;
  const timeZone = meta.exchangeTimezoneName;
  const timestamps = chart.timestamp ?? [];
  const quote = chart.indicators.quote[0];
  const adjclose = chart.indicators.adjclose?.[0]?.adjclose;
  if (timestamps.length > 0 && quote === undefined) throw new MalformedChart(`${timestamps.length} dates and no prices`);
  for (const [name, values] of Object.entries({ open: quote?.open, high: quote?.high, low: quote?.low, close: quote?.close, volume: quote?.volume, adjclose })) {
    if (values !== undefined && values.length !== timestamps.length) {
      throw new MalformedChart(`${values.length} values of ${name} for ${timestamps.length} dates`);
    }
  }
  const splits = Object.values(chart.events?.splits ?? {}).map((split) => {
    const ratio = split.numerator / split.denominator;
    if (!Number.isFinite(ratio) || ratio <= 0) throw new MalformedChart(`a split of ${split.numerator}:${split.denominator}`);
    return { date: exchangeDate(split.date, timeZone), ratio };
  });
  const dividends = Object.values(chart.events?.dividends ?? {}).map((dividend) => exchangeDate(dividend.date, timeZone));
  const decimals = Number.isInteger(meta.priceHint) && meta.priceHint >= 0 && meta.priceHint <= 8 ? meta.priceHint : 4;
  const scale = 10 ** decimals;
  const tick = (value: number): number => Math.round(value * scale) / scale;

  const byDate = new Map<string, DailyBar>();
  let skipped = 0;
  for (let k = 0; k < timestamps.length; k++) {
    const date = exchangeDate(new Date(timestamps[k]! * 1000), timeZone);
    const close = quote!.close[k];
    if (close === null || close === undefined || close <= 0) {
      skipped++;
      continue;
    }
    let factor = 1;
    for (const split of splits) if (split.date > date) factor *= split.ratio;
    const price = (value: number | null | undefined, field: string): number | null => {
      if (value === null || value === undefined || value <= 0) return null;
      const raw = tick(value * factor);
      if (!Number.isFinite(raw) || raw > ceiling.max) throw new MalformedChart(`${field} ${raw} on ${date} is more than ${ceiling.max.toLocaleString('en-US')}, the most taken for ${ceiling.of}`);
      return raw;
    };
    const volume = quote!.volume[k];
    const adjusted = adjclose?.[k];
    // a later timestamp of the same date (Yahoo's live bar beside the day's) replaces the earlier one
    byDate.set(date, {
      date,
      open: price(quote!.open[k], 'open'),
      high: price(quote!.high[k], 'high'),
      low: price(quote!.low[k], 'low'),
      close: price(close, 'close')!,
      adjClose: adjusted === null || adjusted === undefined || adjusted <= 0 ? null : adjusted,
      volume: volume === null || volume === undefined || volume < 0 ? null : Math.round(volume / factor),
    });
  }
  const bars = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const session = meta.currentTradingPeriod?.regular;
  let sessionOpen = false;
  if (session !== undefined && bars.length > 0 && meta.regularMarketTime < session.end) {
    if (bars.at(-1)!.date === exchangeDate(session.start, timeZone)) {
      bars.pop();
      sessionOpen = true;
    }
  }
  return { bars, skipped, eventDates: [...splits.map((s) => s.date), ...dividends], sessionOpen };
}
