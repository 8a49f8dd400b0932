import { stringify } from 'csv-stringify/sync';
import type { Holding, OptimizeResult } from '../../api/domain.ts';
import { finiteNumberCells } from './finiteNumbers.ts';

const COLUMNS = ['ticker', 'weight', 'shares', 'price', 'value'];

/**
 * portfolio.csv of DESIGN section 5: `ticker,weight,shares,price,value`, one row per name held, largest first,
 * plus a CASH row (shares empty, price 1, value = cash) when the portfolio is for an account value. `file` names the
 * file in the error that refuses a non-finite number.
 */
export function portfolioCsv(holdings: readonly Holding[], cash: { weight: number; value: number } | null, file = 'portfolio.csv'): string {
  const rows: (string | number)[][] = holdings.map((h) => [
    h.ticker,
    round(h.weight, 10),
    h.shares == null ? '' : Number.isInteger(h.shares) ? h.shares : round(h.shares, 6),
    h.price,
    h.value == null ? '' : round(h.value, 2),
  ]);
  if (cash) rows.push(['CASH', round(cash.weight, 10), '', 1, round(cash.value, 2)]);
  return stringify(rows, { header: true, columns: COLUMNS, cast: finiteNumberCells(file, COLUMNS) });
}

/**
 * The portfolio.csv of an optimize result: what `optimize --out` writes, and what runs/portfolioCsv
 * rebuilds from the stored run (the same text, since the run keeps the result's holdings and cash).
 */
export function resultPortfolioCsv(result: Pick<OptimizeResult, 'holdings' | 'accountValue' | 'cash' | 'cashWeight'>, file = 'portfolio.csv'): string {
  return portfolioCsv(result.holdings, result.accountValue ? { weight: result.cashWeight, value: result.cash ?? 0 } : null, file);
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
