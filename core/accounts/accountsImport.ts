import type { AccountsImportSummary } from '../../api/book.ts';
import { bookSummary } from './bookSummary.ts';
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
  return bookSummary(args.book, accounts, lots, warnings);
}
