import type { Account, TaxStatus } from '../../api/book.ts';
import { InputError } from '../errors.ts';
import { optionalNonNegative, requiredLabel, requiredPositive, requiredText } from '../market/csvFields.ts';
import { streamCsv } from '../market/csvFile.ts';
import { MAX_ACCOUNT_DOLLARS } from '../market/plausibility.ts';
import { quoted } from '../quotedText.ts';
import { parseExclusions } from './exclusions.ts';
import { RowErrors } from './rowErrors.ts';

const accountsColumns = { required: ['account_id', 'strategy', 'value', 'tax_status'], optional: ['exclude', 'cash'] } as const;
const taxStatuses: readonly TaxStatus[] = ['taxable', 'deferred'];

/** Characters of an account id: custodians' account numbers run to 20, UUIDs to 36. */
export const MAX_ACCOUNT_ID_LENGTH = 64;

/** Characters of a strategy label: a name, not a description. */
export const MAX_STRATEGY_LENGTH = 64;

/** The accounts of a book file, and the file line of each (for messages that point at a row). */
export interface AccountsFile {
  file: string;
  accounts: Account[];
  /** lines[k] is the line of accounts[k] (1 is the header) */
  lines: number[];
}

/**
 * Reads `account_id,strategy,value,tax_status[,exclude,cash]` (gzip or plain), one row per account:
 * account_id unique in the file (at most MAX_ACCOUNT_ID_LENGTH characters), strategy a label (at most
 * MAX_STRATEGY_LENGTH), neither with control characters; value > 0 dollars (holdings at market plus cash),
 * tax_status taxable or deferred (any case), exclude a semicolon list of tickers and sector:NAME
 * (see parseExclusions; empty: none), cash ≥ 0 dollars and at most the value (empty: the value not
 * held in shares); dollars at most MAX_ACCOUNT_DOLLARS. Every bad row is collected (up to MAX_ROW_ERRORS) and reported in one InputError
 * naming the file, and each row's line and field.
 */
export async function readAccountsCsv(file: string): Promise<AccountsFile> {
  const accounts: Account[] = [];
  const lines: number[] = [];
  const firstLine = new Map<string, number>();
  const errors = new RowErrors(file);
  await streamCsv(file, accountsColumns, (col) => (record, line) => {
    errors.check(line, () => {
      const accountId = requiredLabel(record[col.account_id], file, line, 'account_id', MAX_ACCOUNT_ID_LENGTH);
      const seen = firstLine.get(accountId);
      if (seen !== undefined) throw new InputError(`account ${accountId} is already on line ${seen}`, { file, line, field: 'account_id' });
      const strategy = requiredLabel(record[col.strategy], file, line, 'strategy', MAX_STRATEGY_LENGTH);
      const value = requiredPositive(record[col.value]?.trim(), file, line, 'value', MAX_ACCOUNT_DOLLARS);
      const taxStatus = taxStatusOf(record[col.tax_status], file, line);
      const exclude = col.exclude >= 0 ? parseExclusions(record[col.exclude], { file, line, field: 'exclude' }) : [];
      const cash = col.cash >= 0 ? cashOf(record[col.cash], value, file, line) : null;
      firstLine.set(accountId, line);
      accounts.push({ accountId, strategy, value, taxStatus, exclude, cash });
      lines.push(line);
    });
  });
  errors.throwIfAny();
  return { file, accounts, lines };
}

function taxStatusOf(text: string | undefined, file: string, line: number): TaxStatus {
  const status = requiredText(text, file, line, 'tax_status').trim().toLowerCase();
  if (!(taxStatuses as readonly string[]).includes(status)) {
    throw new InputError(`${quoted(text!)} is not a tax status (${taxStatuses.join(' or ')})`, { file, line, field: 'tax_status' });
  }
  return status as TaxStatus;
}

function cashOf(text: string | undefined, value: number, file: string, line: number): number | null {
  const cash = optionalNonNegative(text?.trim(), file, line, 'cash', MAX_ACCOUNT_DOLLARS);
  if (cash !== null && cash > value) {
    throw new InputError(`${cash} is more than the account's value ${value}: cash is part of the value`, { file, line, field: 'cash' });
  }
  return cash;
}
