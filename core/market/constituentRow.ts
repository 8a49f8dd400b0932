import type { ColumnPositions } from './csvFile.ts';
import { optionalLabel, optionalNonNegative, optionalPositive } from './csvFields.ts';
import { MAX_MARKET_CAP, MAX_MEMBER_WEIGHT, MAX_NAME_LENGTH, MAX_SHARES_OUTSTANDING } from './plausibility.ts';
import type { MemberRow } from './universeWriter.ts';

/** The columns of a constituents file; `data import` and `data yahoo --constituents` read the same file. */
export const constituentColumns = {
  required: ['ticker'],
  optional: ['name', 'sector', 'industry', 'market_cap', 'shares_outstanding', 'weight'],
} as const;

/** Where each column sits in the file's header (-1: absent), as csvFile.ts resolves them. */
export type ConstituentColumnPositions = ColumnPositions<(typeof constituentColumns)['required' | 'optional'][number]>;

/**
 * One member from its constituents row, every field held to the same plausibility limits whichever import reads it
 * (an error names the file, line and field). The ticker is read by the caller, whose rules for it differ.
 */
export function constituentRow(ticker: string, record: readonly string[], column: ConstituentColumnPositions, file: string, line: number): MemberRow {
  const text = (position: number): string | undefined => (position < 0 ? undefined : record[position]);
  return {
    ticker,
    name: optionalLabel(text(column.name), file, line, 'name', MAX_NAME_LENGTH),
    sector: optionalLabel(text(column.sector), file, line, 'sector', MAX_NAME_LENGTH),
    industry: optionalLabel(text(column.industry), file, line, 'industry', MAX_NAME_LENGTH),
    marketCap: optionalPositive(text(column.market_cap), file, line, 'market_cap', MAX_MARKET_CAP),
    sharesOutstanding: optionalPositive(text(column.shares_outstanding), file, line, 'shares_outstanding', MAX_SHARES_OUTSTANDING),
    weight: optionalNonNegative(text(column.weight), file, line, 'weight', MAX_MEMBER_WEIGHT),
  };
}
