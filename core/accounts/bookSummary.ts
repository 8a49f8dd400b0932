import type { Account, AccountLot, AccountsImportSummary } from '../../api/book.ts';

/** What a stored book holds, as accounts/import and accounts/demo answer it. */
export function bookSummary(book: string, accounts: readonly Account[], lots: readonly AccountLot[], warnings: string[]): AccountsImportSummary {
  return {
    book,
    accounts: accounts.length,
    lots: lots.length,
    strategies: [...new Set(accounts.map((a) => a.strategy))].sort(),
    taxable: accounts.filter((a) => a.taxStatus === 'taxable').length,
    deferred: accounts.filter((a) => a.taxStatus === 'deferred').length,
    totalValue: accounts.reduce((sum, a) => sum + a.value, 0),
    warnings,
  };
}
