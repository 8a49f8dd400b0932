import type { AccountsImportSummary } from '../../api/book.ts';
import type { Database } from '../store/database.ts';
import { readAccountBook } from './accountBook.ts';
import { storeBook } from './bookStore.ts';

export interface AccountsImportArgs {
  file: string;
  holdingsFile?: string | undefined;
  book: string;
}

/**
 * accounts/import: reads and validates the whole book first (every bad row reported, nothing
 * written), then replaces the stored book of that name in one transaction.
 */
export async function importAccounts(db: Database, args: AccountsImportArgs): Promise<AccountsImportSummary> {
  const { accounts, lots, warnings } = await readAccountBook(args.file, args.holdingsFile);
  storeBook(db, args.book, accounts, lots, { accountsFile: args.file, holdingsFile: args.holdingsFile ?? null });
  return {
    book: args.book,
    accounts: accounts.length,
    lots: lots.length,
    strategies: [...new Set(accounts.map((a) => a.strategy))].sort(),
    taxable: accounts.filter((a) => a.taxStatus === 'taxable').length,
    deferred: accounts.filter((a) => a.taxStatus === 'deferred').length,
    totalValue: accounts.reduce((sum, a) => sum + a.value, 0),
    warnings,
  };
}
