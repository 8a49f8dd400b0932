import { mirroredTable } from './mirroredTable.ts';
import type { EntityKind, TeamTable } from './teamTables.ts';

/** A book's tables: an import replaces the book whole (accounts import, accounts demo), so a changed book is resent whole. */
export const bookKind: EntityKind = {
  entity: 'book',
  exists: (s) => s.number('SELECT count(*) FROM books WHERE name = ?', s.scope) > 0,
  label: (scope) => scope,
};

export const bookTables: readonly TeamTable[] = [
  mirroredTable({
    name: 'books',
    entity: 'book',
    scopeColumn: 'name',
    from: 'books',
    fromScope: 'name',
    columns: [
      ['name', 'name', 'text'], ['imported_at', 'imported_at', 'text'], ['accounts_file', 'accounts_file', 'text'], ['holdings_file', 'holdings_file', 'text'],
      ['account_count', 'account_count', 'number'], ['lot_count', 'lot_count', 'number'], ['total_value', 'total_value', 'number'],
    ],
  }),
  mirroredTable({
    name: 'accounts',
    entity: 'book',
    scopeColumn: 'book',
    from: 'accounts',
    fromScope: 'book',
    columns: [
      ['book', 'book', 'text'], ['account_id', 'account_id', 'text'], ['position', 'position', 'number'], ['strategy', 'strategy', 'text'],
      ['value', 'value', 'number'], ['tax_status', 'tax_status', 'text'], ['exclude', 'exclude', 'text'], ['cash', 'cash', 'number'],
    ],
  }),
  mirroredTable({
    name: 'account_lots',
    entity: 'book',
    scopeColumn: 'book',
    from: 'account_lots',
    fromScope: 'book',
    columns: [
      ['book', 'book', 'text'], ['account_id', 'account_id', 'text'], ['position', 'position', 'number'], ['ticker', 'ticker', 'text'],
      ['shares', 'shares', 'number'], ['cost_basis', 'cost_basis', 'number'], ['acquired', 'acquired', 'text'],
    ],
  }),
];
