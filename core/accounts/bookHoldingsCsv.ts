import type { AccountLot } from '../../api/book.ts';
import { InputError } from '../errors.ts';
import { optionalNonNegative, optionalText, requiredPositive, requiredText } from '../market/csvFields.ts';
import { streamCsv } from '../market/csvFile.ts';
import { isCalendarDate } from '../market/isoDate.ts';
import { RowErrors } from './rowErrors.ts';

const bookHoldingsColumns = { required: ['account_id', 'ticker', 'shares'], optional: ['cost_basis', 'acquired'] } as const;

/** The lots of a book's holdings file, and the file line of each. */
export interface BookHoldingsFile {
  file: string;
  lots: AccountLot[];
  /** lines[k] is the line of lots[k] (1 is the header) */
  lines: number[];
}

/**
 * Reads a book's legacy holdings, `account_id,ticker,shares[,cost_basis,acquired]` (gzip or plain),
 * one row per tax lot: the account must be one of `accountIds` (the book's accounts file), shares > 0
 * (long only; fractional shares are kept as given), cost_basis ≥ 0 dollars per share, acquired
 * yyyy-mm-dd; empty optional fields are absent. An account may hold several lots of one ticker.
 * Bad rows are collected and reported together, as for the accounts file.
 */
export async function readBookHoldingsCsv(file: string, accountIds: ReadonlySet<string>): Promise<BookHoldingsFile> {
  const lots: AccountLot[] = [];
  const lines: number[] = [];
  const errors = new RowErrors(file);
  await streamCsv(file, bookHoldingsColumns, (col) => (record, line) => {
    errors.check(line, () => {
      const accountId = requiredText(record[col.account_id], file, line, 'account_id').trim();
      if (!accountIds.has(accountId)) {
        throw new InputError(`account ${accountId} is not in the accounts file`, { file, line, field: 'account_id' });
      }
      const ticker = requiredText(record[col.ticker], file, line, 'ticker').trim().toUpperCase();
      const shares = sharesOf(record[col.shares], file, line);
      const costBasis = col.cost_basis >= 0 ? optionalNonNegative(record[col.cost_basis]?.trim(), file, line, 'cost_basis') : null;
      const acquired = col.acquired >= 0 ? optionalText(record[col.acquired]?.trim()) : null;
      if (acquired !== null && !isCalendarDate(acquired)) {
        throw new InputError(`"${acquired}" is not a date (yyyy-mm-dd)`, { file, line, field: 'acquired' });
      }
      lots.push({ accountId, ticker, shares, costBasis, acquired });
      lines.push(line);
    });
  });
  errors.throwIfAny();
  return { file, lots, lines };
}

function sharesOf(text: string | undefined, file: string, line: number): number {
  const trimmed = text?.trim();
  if (trimmed !== undefined && trimmed !== '' && Number(trimmed) < 0) {
    throw new InputError(`${trimmed} is negative: a lot holds shares (short positions are not supported)`, { file, line, field: 'shares' });
  }
  return requiredPositive(trimmed, file, line, 'shares');
}
