import type { RecentSale } from '../../solver/tracking/accountHoldings.ts';
import { InputError } from '../errors.ts';
import { optionalPositive, requiredPastDate, requiredSigned, requiredTicker } from '../market/csvFields.ts';
import { streamCsv } from '../market/csvFile.ts';
import { latestDateNow } from '../market/isoDate.ts';
import { MAX_LOT_SHARES, MAX_REALIZED_GAIN } from '../market/plausibility.ts';

const salesColumns = { required: ['ticker', 'date', 'realized_gain'], optional: ['shares'] } as const;

/**
 * Reads an account's recent sales, for the wash-sale rule, from a realized gain/loss report:
 * `ticker,date,realized_gain[,shares]` (gzip or plain), one row per sale: a ticker (tickerSymbol.ts),
 * date yyyy-mm-dd, not after the as-of date nor today (a sale that has not happened yet is a mistake
 * in the file, not a plan); realized_gain in dollars, negative for a loss, at most MAX_REALIZED_GAIN
 * either way; shares > 0 when given, at most MAX_LOT_SHARES. A name sold at a loss within
 * 30 days of the as-of date is not bought (con.wash-sale). Every bad row is an InputError naming the
 * file, line and field.
 */
export async function readRecentSalesCsv(file: string, asOf: string): Promise<RecentSale[]> {
  const sales: RecentSale[] = [];
  const latest = latestDateNow();
  await streamCsv(file, salesColumns, (col) => (record, line) => {
    const ticker = requiredTicker(record[col.ticker], file, line, 'ticker', true);
    const date = requiredPastDate(record[col.date], file, line, 'date', latest);
    if (date > asOf) throw new InputError(`the sale of ${ticker} on ${date} is after the as-of date ${asOf}`, { file, line, field: 'date' });
    const sale: RecentSale = { ticker, date, realizedGain: requiredSigned(record[col.realized_gain], file, line, 'realized_gain', MAX_REALIZED_GAIN) };
    const shares = col.shares >= 0 ? optionalPositive(record[col.shares]?.trim(), file, line, 'shares', MAX_LOT_SHARES) : null;
    if (shares !== null) sale.shares = shares;
    sales.push(sale);
  });
  return sales;
}
