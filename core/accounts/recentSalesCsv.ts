import type { RecentSale } from '../../solver/tracking/accountHoldings.ts';
import { InputError } from '../errors.ts';
import { optionalPositive, requiredText } from '../market/csvFields.ts';
import { streamCsv } from '../market/csvFile.ts';
import { isCalendarDate } from '../market/isoDate.ts';

const salesColumns = { required: ['ticker', 'date', 'realized_gain'], optional: ['shares'] } as const;

/**
 * Reads an account's recent sales, for the wash-sale rule, from a realized gain/loss report:
 * `ticker,date,realized_gain[,shares]` (gzip or plain), one row per sale: date yyyy-mm-dd, not after
 * the as-of date (a sale that has not happened yet is a mistake in the file, not a plan);
 * realized_gain in dollars, negative for a loss; shares > 0 when given. A name sold at a loss within
 * 30 days of the as-of date is not bought (con.wash-sale). Every bad row is an InputError naming the
 * file, line and field.
 */
export async function readRecentSalesCsv(file: string, asOf: string): Promise<RecentSale[]> {
  const sales: RecentSale[] = [];
  await streamCsv(file, salesColumns, (col) => (record, line) => {
    const ticker = requiredText(record[col.ticker], file, line, 'ticker').trim().toUpperCase();
    const date = requiredText(record[col.date], file, line, 'date').trim();
    if (!isCalendarDate(date)) throw new InputError(`"${date}" is not a date (yyyy-mm-dd)`, { file, line, field: 'date' });
    if (date > asOf) throw new InputError(`the sale of ${ticker} on ${date} is after the as-of date ${asOf}`, { file, line, field: 'date' });
    const sale: RecentSale = { ticker, date, realizedGain: dollarsOf(record[col.realized_gain], file, line) };
    const shares = col.shares >= 0 ? optionalPositive(record[col.shares]?.trim(), file, line, 'shares') : null;
    if (shares !== null) sale.shares = shares;
    sales.push(sale);
  });
  return sales;
}

/** A gain in dollars: any finite number, negative for a loss. */
function dollarsOf(text: string | undefined, file: string, line: number): number {
  const trimmed = requiredText(text, file, line, 'realized_gain').trim();
  const value = Number(trimmed);
  if (!Number.isFinite(value)) throw new InputError(`"${trimmed}" is not a number of dollars`, { file, line, field: 'realized_gain' });
  return value;
}
