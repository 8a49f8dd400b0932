import type { AccountHoldings, TaxLot } from '../../solver/tracking/accountHoldings.ts';
import { InputError } from '../errors.ts';
import { optionalNonNegative, optionalPastDate, optionalPositive, requiredPositive, requiredTicker } from '../market/csvFields.ts';
import { streamCsv } from '../market/csvFile.ts';
import { latestDateNow } from '../market/isoDate.ts';
import { MAX_LOT_SHARES, MAX_PRICE } from '../market/plausibility.ts';
import { escapeText } from '../quotedText.ts';

const holdingsColumns = { required: ['ticker', 'shares'], optional: ['cost_basis', 'acquired', 'price'] } as const;

/** An account's holdings as read from its file, and the file line of each lot (for messages that point at a row). */
export interface HoldingsFile {
  file: string;
  holdings: AccountHoldings;
  /** lines[k] is the line of holdings.lots[k] (1 is the header) */
  lines: number[];
}

/**
 * Reads an account's tax lots from `ticker,shares[,cost_basis,acquired,price]` (gzip or plain), one
 * row per lot: a ticker (tickerSymbol.ts), shares > 0 (at most MAX_LOT_SHARES), cost_basis in dollars
 * per share ≥ 0, acquired yyyy-mm-dd and not in the future, price in dollars per share > 0 at the as-of date (needed only for names outside the universe: see
 * priceHoldingsOnUniverse); empty optional fields are absent. Every bad row is an InputError naming
 * the file, line and field. Dollars per share are at most MAX_PRICE. Cash is not in the file: the caller sets it (`--cash`), 0 by default.
 * Whether a lot was acquired after the as-of date is the caller's check (the file does not know the
 * date); the tax components report it by lot.
 */
export async function readHoldingsCsv(file: string): Promise<HoldingsFile> {
  const lots: TaxLot[] = [];
  const lines: number[] = [];
  const latest = latestDateNow();
  await streamCsv(file, holdingsColumns, (col) => (record, line) => {
    const ticker = requiredTicker(record[col.ticker], file, line, 'ticker', true);
    const lot: TaxLot = { ticker, shares: sharesOf(record[col.shares], file, line) };
    const basis = col.cost_basis >= 0 ? optionalNonNegative(record[col.cost_basis]?.trim(), file, line, 'cost_basis', MAX_PRICE) : null;
    if (basis !== null) lot.costBasis = basis;
    const acquired = col.acquired >= 0 ? optionalPastDate(record[col.acquired], file, line, 'acquired', latest) : null;
    if (acquired !== null) lot.acquired = acquired;
    const price = col.price >= 0 ? optionalPositive(record[col.price]?.trim(), file, line, 'price', MAX_PRICE) : null;
    if (price !== null) lot.price = price;
    lots.push(lot);
    lines.push(line);
  });
  return { file, holdings: { cash: 0, lots }, lines };
}

function sharesOf(text: string | undefined, file: string, line: number): number {
  const trimmed = text?.trim();
  if (trimmed !== undefined && trimmed !== '' && Number(trimmed) < 0) {
    throw new InputError(`${escapeText(trimmed)} is negative: a lot holds shares (short positions are not supported)`, { file, line, field: 'shares' });
  }
  return requiredPositive(trimmed, file, line, 'shares', MAX_LOT_SHARES);
}
