import { stringify } from 'csv-stringify/sync';
import type { Holding } from '../../api/domain.ts';

/**
 * portfolio.csv of DESIGN section 5: `ticker,weight,shares,price,value`, one row per name held, largest first,
 * plus a CASH row (shares empty, price 1, value = cash) when the portfolio is for an account value.
 */
export function portfolioCsv(holdings: readonly Holding[], cash: { weight: number; value: number } | null): string {
  const rows: (string | number)[][] = holdings.map((h) => [
    h.ticker,
    round(h.weight, 10),
    h.shares == null ? '' : Number.isInteger(h.shares) ? h.shares : round(h.shares, 6),
    h.price,
    h.value == null ? '' : round(h.value, 2),
  ]);
  if (cash) rows.push(['CASH', round(cash.weight, 10), '', 1, round(cash.value, 2)]);
  return stringify(rows, { header: true, columns: ['ticker', 'weight', 'shares', 'price', 'value'] });
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
