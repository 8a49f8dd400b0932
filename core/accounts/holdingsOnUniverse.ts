import type { AccountHoldings, TaxLot } from '../../solver/tracking/accountHoldings.ts';
import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';
import { InputError } from '../errors.ts';
import type { HoldingsFile } from './holdingsCsv.ts';

/** A given price this far from the market's close (relative) is worth a warning that it was not used. */
const PRICE_TOLERANCE = 0.01;

const dollars = (v: number): string => `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/**
 * The holdings file's prices checked against the universe at the as-of date:
 *   a name in the universe is valued at the market's as-of close: a price the file gives for it is
 *     dropped, with a warning when it is more than 1 % away from the close (a stale or mistyped file);
 *   a name outside the universe (a legacy position) is valued at the file's price and sold whole
 *     (var.lot-sales), with a warning saying so; without a price it is an InputError naming the file,
 *     the lot's line and the field `price`, since such a lot can be neither valued nor sold.
 */
export function priceHoldingsOnUniverse(read: HoldingsFile, problem: TrackingProblem): { holdings: AccountHoldings; warnings: string[] } {
  const { file, holdings, lines } = read;
  const close = new Map(problem.tickers.map((t, i) => [t.toUpperCase(), problem.prices[i]!]));
  const warnings: string[] = [];
  const sold = new Map<string, { shares: number; value: number; price: number; lines: number[] }>();
  const lots = holdings.lots.map((lot, k): TaxLot => {
    const line = lines[k]!;
    const ticker = lot.ticker.trim().toUpperCase();
    const p = close.get(ticker);
    const { price, ...rest } = lot;
    if (p !== undefined) {
      if (price !== undefined && Math.abs(price / p - 1) > PRICE_TOLERANCE) {
        warnings.push(
          `${file} line ${line}: the price ${price} of ${ticker} is not used: ${ticker} is in universe ${problem.universe} ` +
            `and valued at its ${problem.asOf} close ${p} (${((price / p - 1) * 100).toFixed(1)} % apart)`,
        );
      }
      return rest;
    }
    if (price === undefined) {
      throw new InputError(
        `${ticker} is not in universe ${problem.universe} on ${problem.asOf}, so the file must give its price per share at that date ` +
          '(a price column): a name outside the universe is valued at that price and sold',
        { file, line, field: 'price' },
      );
    }
    const entry = sold.get(ticker) ?? { shares: 0, value: 0, price, lines: [] };
    entry.shares += lot.shares;
    entry.value += lot.shares * price;
    entry.lines.push(line);
    sold.set(ticker, entry);
    return lot;
  });
  for (const [ticker, s] of sold) {
    warnings.push(
      `${ticker} (${file} line${s.lines.length > 1 ? 's' : ''} ${s.lines.join(', ')}) is not in universe ${problem.universe}: ` +
        `its ${s.shares} shares are sold at the given price${s.lines.length > 1 ? 's' : ` ${s.price}`}, ${dollars(s.value)} to cash`,
    );
  }
  return { holdings: { ...holdings, lots }, warnings };
}
