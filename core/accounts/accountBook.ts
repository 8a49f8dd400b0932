import type { Account, AccountLot } from '../../api/book.ts';
import type { Database } from '../store/database.ts';
import { readAccountsCsv } from './accountsCsv.ts';
import { readBookHoldingsCsv } from './bookHoldingsCsv.ts';
import { storedAccounts, storedLots } from './bookStore.ts';
import { excludedSector, isGicsSector } from './exclusions.ts';

/** A book of accounts and their legacy lots, as read from files or the store. */
export interface AccountBook {
  accounts: Account[];
  lots: AccountLot[];
  warnings: string[];
}

/**
 * Reads a book from its accounts CSV and, when given, its holdings CSV (gzip or plain): accounts in
 * file order, lots in file order. Bad rows are one InputError per file naming the file and every bad
 * row's line and field (see readAccountsCsv, readBookHoldingsCsv); nothing is returned then.
 */
export async function readAccountBook(accountsFile: string, holdingsFile?: string): Promise<AccountBook> {
  const { accounts } = await readAccountsCsv(accountsFile);
  const lots = holdingsFile === undefined ? [] : (await readBookHoldingsCsv(holdingsFile, new Set(accounts.map((a) => a.accountId)))).lots;
  return { accounts, lots, warnings: bookWarnings(accounts, lots) };
}

/** The book stored under `book` by accounts/import, in file order; NotFoundError naming the stored books when there is none. */
export function loadStoredBook(db: Database, book: string): AccountBook {
  const accounts = storedAccounts(db, book);
  const lots = storedLots(db, book);
  return { accounts, lots, warnings: bookWarnings(accounts, lots) };
}

/**
 * What is valid but worth a look: lots of a ticker the account excludes (a batch sells them), and
 * sector exclusions that name none of the 11 GICS sectors (they exclude nothing unless the universe
 * spells its sectors that way: likely a typo).
 */
export function bookWarnings(accounts: readonly Account[], lots: readonly AccountLot[]): string[] {
  const warnings: string[] = [];
  const excludedTickers = new Map<string, Set<string>>();
  const oddSectors = new Map<string, number>();
  for (const a of accounts) {
    for (const entry of a.exclude) {
      const sector = excludedSector(entry);
      if (sector === null) {
        let set = excludedTickers.get(a.accountId);
        if (set === undefined) excludedTickers.set(a.accountId, (set = new Set()));
        set.add(entry);
      } else if (!isGicsSector(sector)) {
        oddSectors.set(sector, (oddSectors.get(sector) ?? 0) + 1);
      }
    }
  }
  const holdsExcluded = new Map<string, string>();
  for (const lot of lots) {
    if (excludedTickers.get(lot.accountId)?.has(lot.ticker) && !holdsExcluded.has(lot.accountId)) holdsExcluded.set(lot.accountId, lot.ticker);
  }
  if (holdsExcluded.size > 0) {
    const [accountId, ticker] = holdsExcluded.entries().next().value!;
    warnings.push(
      `${holdsExcluded.size} account${holdsExcluded.size === 1 ? ' holds a ticker it excludes' : 's hold tickers they exclude'} ` +
        `(e.g. ${accountId} holds ${ticker}): those lots are sold`,
    );
  }
  for (const [sector, count] of oddSectors) {
    warnings.push(`sector:${sector} (${count} account${count === 1 ? '' : 's'}) is not a GICS sector: it excludes only a universe whose sectors are spelled so`);
  }
  return warnings;
}
