import type { Account, AccountLot, AccountRow, TaxStatus } from '../../api/book.ts';
import { NotFoundError } from '../errors.ts';
import type { Database } from '../store/database.ts';

/** Where a stored book came from. */
export interface BookSource {
  accountsFile: string;
  holdingsFile: string | null;
}

interface AccountRecord {
  account_id: string;
  strategy: string;
  value: number;
  tax_status: string;
  exclude: string;
  cash: number | null;
}

interface LotRecord {
  account_id: string;
  ticker: string;
  shares: number;
  cost_basis: number | null;
  acquired: string | null;
}

/**
 * Stores a validated book under `book`, replacing any book of that name, in ONE transaction: a reader
 * sees the old book or the new one, and a failure leaves the store as it was.
 */
export function storeBook(db: Database, book: string, accounts: readonly Account[], lots: readonly AccountLot[], source: BookSource): void {
  const totalValue = accounts.reduce((sum, a) => sum + a.value, 0);
  const insertBook = db.prepare(
    `INSERT INTO books (name, imported_at, accounts_file, holdings_file, account_count, lot_count, total_value)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAccount = db.prepare(
    'INSERT INTO accounts (book, account_id, position, strategy, value, tax_status, exclude, cash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertLot = db.prepare(
    'INSERT INTO account_lots (book, account_id, position, ticker, shares, cost_basis, acquired) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    db.prepare('DELETE FROM books WHERE name = ?').run(book);
    insertBook.run(book, new Date().toISOString(), source.accountsFile, source.holdingsFile, accounts.length, lots.length, totalValue);
    accounts.forEach((a, k) => insertAccount.run(book, a.accountId, k, a.strategy, a.value, a.taxStatus, a.exclude.join(';'), a.cash));
    lots.forEach((l, k) => insertLot.run(book, l.accountId, k, l.ticker, l.shares, l.costBasis, l.acquired));
  }).immediate();
}

export function bookNames(db: Database): string[] {
  return db.prepare('SELECT name FROM books ORDER BY name').pluck().all() as string[];
}

/** NotFoundError naming the book and the stored ones, unless `book` is stored. */
export function requireBook(db: Database, book: string): void {
  if (db.prepare('SELECT 1 FROM books WHERE name = ?').get(book) !== undefined) return;
  const names = bookNames(db);
  throw new NotFoundError(`unknown book "${book}" (known: ${names.length === 0 ? 'none; import one with accounts import' : names.join(', ')})`, {
    field: 'book',
  });
}

/** A stored book's accounts in file order; `limit` caps the rows read. */
export function storedAccounts(db: Database, book: string, limit = -1): Account[] {
  requireBook(db, book);
  const rows = db
    .prepare('SELECT account_id, strategy, value, tax_status, exclude, cash FROM accounts WHERE book = ? ORDER BY position LIMIT ?')
    .all(book, limit) as AccountRecord[];
  return rows.map(accountOf);
}

/** A stored book's lots in file order. */
export function storedLots(db: Database, book: string): AccountLot[] {
  requireBook(db, book);
  const rows = db
    .prepare('SELECT account_id, ticker, shares, cost_basis, acquired FROM account_lots WHERE book = ? ORDER BY position')
    .all(book) as LotRecord[];
  return rows.map((r) => ({ accountId: r.account_id, ticker: r.ticker, shares: r.shares, costBasis: r.cost_basis, acquired: r.acquired }));
}

/** accounts/list: the first `limit` accounts of a stored book in file order, each with its lot count. */
export function listBookAccounts(db: Database, book: string, limit: number): AccountRow[] {
  requireBook(db, book);
  const rows = db
    .prepare(
      `SELECT a.account_id, a.strategy, a.value, a.tax_status, a.exclude, a.cash,
              (SELECT count(*) FROM account_lots l WHERE l.book = a.book AND l.account_id = a.account_id) AS lots
       FROM accounts a WHERE a.book = ? ORDER BY a.position LIMIT ?`,
    )
    .all(book, limit) as (AccountRecord & { lots: number })[];
  return rows.map((r) => ({ ...accountOf(r), lots: r.lots }));
}

function accountOf(r: AccountRecord): Account {
  return {
    accountId: r.account_id,
    strategy: r.strategy,
    value: r.value,
    taxStatus: r.tax_status as TaxStatus,
    exclude: r.exclude === '' ? [] : r.exclude.split(';'),
    cash: r.cash,
  };
}
