import type { AccountsImportSummary } from '../../api/book.ts';
import { DEMO_UNIVERSE, ensureDemoMarket } from '../market/demoMarket.ts';
import { bookSummary } from './bookSummary.ts';
import type { Database } from '../store/database.ts';
import { bookWarnings } from './accountBook.ts';
import { storeBook } from './bookStore.ts';
import { generateDemoBook, type RestrictionMode } from './demoBook.ts';
import { bookMembers } from './demoBookFiles.ts';

export interface AccountsDemoArgs {
  count: number;
  seed: number;
  book: string;
  universe: string;
  restrictions: RestrictionMode;
}

/**
 * accounts/demo: the demo book `accounts generate` would write (same seed, same accounts, same lots), stored
 * under `book` without passing through files, so a fresh machine runs the book job with nothing to pick or
 * write first. It replaces a stored book of that name in one transaction, as accounts/import does.
 */
export function storeDemoBook(db: Database, args: AccountsDemoArgs): AccountsImportSummary {
  if (args.universe === DEMO_UNIVERSE) ensureDemoMarket(db);
  const { members, asOf } = bookMembers(db, args.universe);
  const { accounts, lots } = generateDemoBook(members, { count: args.count, seed: args.seed, universe: args.universe, asOf, restrictions: args.restrictions });
  const source = `demo book: ${args.count} accounts, seed ${args.seed}, ${args.restrictions} restrictions, on ${args.universe}`;
  storeBook(db, args.book, accounts, lots, { accountsFile: source, holdingsFile: null });
  return bookSummary(args.book, accounts, lots, bookWarnings(accounts, lots));
}
