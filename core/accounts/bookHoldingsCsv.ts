import type { AccountLot } from '../../api/book.ts';
import { InputError } from '../errors.ts';
import { optionalNonNegative, optionalPastDate, requiredLabel, requiredPositive, requiredTicker } from '../market/csvFields.ts';
import { streamCsv } from '../market/csvFile.ts';
import { latestDateNow } from '../market/isoDate.ts';
import { MAX_LOT_SHARES, MAX_PRICE } from '../market/plausibility.ts';
import { escapeText } from '../quotedText.ts';
import { MAX_ACCOUNT_ID_LENGTH } from './accountsCsv.ts';
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
 * one row per tax lot: the account must be one of `accountIds` (the book's accounts file), a ticker
 * (tickerSymbol.ts), shares > 0 and at most MAX_LOT_SHARES (long only; fractional shares are kept as
 * given), cost_basis ≥ 0 dollars per share (at most MAX_PRICE), acquired yyyy-mm-dd and not in the
 * future; empty optional fields are absent. An account may hold several lots of one ticker.
 * Bad rows are collected and reported together, as for the accounts file.
 */
export async function readBookHoldingsCsv(file: string, accountIds: ReadonlySet<string>): Promise<BookHoldingsFile> {
  const lots: AccountLot[] = [];
  const lines: number[] = [];
  const errors = new RowErrors(file);
  const latest = latestDateNow();
  await streamCsv(file, bookHoldingsColumns, (col) => (record, line) => {
    errors.check(line, () => {
      const accountId = requiredLabel(record[col.account_id], file, line, 'account_id', MAX_ACCOUNT_ID_LENGTH);
      if (!accountIds.has(accountId)) {
        throw new InputError(`account ${accountId} is not in the accounts file`, { file, line, field: 'account_id' });
      }
      const ticker = requiredTicker(record[col.ticker], file, line, 'ticker', true);
      const shares = sharesOf(record[col.shares], file, line);
      const costBasis = col.cost_basis >= 0 ? optionalNonNegative(record[col.cost_basis]?.trim(), file, line, 'cost_basis', MAX_PRICE) : null;
      const acquired = col.acquired >= 0 ? optionalPastDate(record[col.acquired], file, line, 'acquired', latest) : null;
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
    throw new InputError(`${escapeText(trimmed)} is negative: a lot holds shares (short positions are not supported)`, { file, line, field: 'shares' });
  }
  return requiredPositive(trimmed, file, line, 'shares', MAX_LOT_SHARES);
}
