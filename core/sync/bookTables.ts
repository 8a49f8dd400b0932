import { copyLineSql } from './copyTextSql.ts';
import type { EntityKind, TeamTable } from './teamTables.ts';

/** A book's tables: an import replaces the book whole (accounts import, accounts demo), so a changed book is resent whole. */
export const bookKind: EntityKind = {
  entity: 'book',
  exists: (s) => s.number('SELECT count(*) FROM books WHERE name = ?', s.scope) > 0,
  label: (scope) => scope,
};

export const bookTables: readonly TeamTable[] = [
  {
    name: 'books',
    entity: 'book',
    columns: ['store_id', 'name', 'imported_at', 'accounts_file', 'holdings_file', 'account_count', 'lot_count', 'total_value'],
    scopeColumn: 'name',
    lines: (s) =>
      s.lines(
        `SELECT ${copyLineSql([
          ['name', 'text'], ['imported_at', 'text'], ['accounts_file', 'text'], ['holdings_file', 'text'], ['account_count', 'number'],
          ['lot_count', 'number'], ['total_value', 'number'],
        ])} FROM books WHERE name = ?`,
        s.scope,
      ),
    estimate: () => 1,
  },
  {
    name: 'accounts',
    entity: 'book',
    columns: ['store_id', 'book', 'account_id', 'position', 'strategy', 'value', 'tax_status', 'exclude', 'cash'],
    scopeColumn: 'book',
    lines: (s) =>
      s.lines(
        `SELECT ${copyLineSql([
          ['book', 'text'], ['account_id', 'text'], ['position', 'number'], ['strategy', 'text'], ['value', 'number'], ['tax_status', 'text'],
          ['exclude', 'text'], ['cash', 'number'],
        ])} FROM accounts WHERE book = ?`,
        s.scope,
      ),
    estimate: (s) => s.number('SELECT count(*) FROM accounts WHERE book = ?', s.scope),
  },
  {
    name: 'account_lots',
    entity: 'book',
    columns: ['store_id', 'book', 'account_id', 'position', 'ticker', 'shares', 'cost_basis', 'acquired'],
    scopeColumn: 'book',
    lines: (s) =>
      s.lines(
        `SELECT ${copyLineSql([
          ['book', 'text'], ['account_id', 'text'], ['position', 'number'], ['ticker', 'text'], ['shares', 'number'], ['cost_basis', 'number'],
          ['acquired', 'text'],
        ])} FROM account_lots WHERE book = ?`,
        s.scope,
      ),
    estimate: (s) => s.number('SELECT count(*) FROM account_lots WHERE book = ?', s.scope),
  },
];
