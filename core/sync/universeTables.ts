import { copyLineSql } from './copyTextSql.ts';
import { mirroredTable } from './mirroredTable.ts';
import type { EntityKind, TeamTable } from './teamTables.ts';

/**
 * A universe's tables. A universe is written whole by a CSV import or the demo market (a `replace`: its rows resent
 * whole) and grown by the Yahoo import (an `update`, whose price rows carry its change's seq as `revision`): then
 * only those price rows are sent, upserted; its members and index closes, a few thousand rows, are resent whole.
 */
export const universeKind: EntityKind = {
  entity: 'universe',
  exists: (s) => s.number('SELECT count(*) FROM universes WHERE name = ?', s.scope) > 0,
  label: (scope) => scope,
};

const PRICE_LINE = copyLineSql([
  ['universe', 'text'], ['ticker', 'text'], ['date', 'text'], ['open', 'number'], ['high', 'number'], ['low', 'number'],
  ['close', 'number'], ['adj_close', 'number'], ['volume', 'number'],
]);

export const universeTables: readonly TeamTable[] = [
  mirroredTable({
    name: 'universes',
    entity: 'universe',
    scopeColumn: 'name',
    from: 'universes',
    fromScope: 'name',
    columns: [
      ['name', 'name', 'text'], ['created_at', 'created_at', 'text'], ['source', 'source', 'text'], ['member_count', 'member_count', 'number'],
      ['ticker_count', 'ticker_count', 'number'], ['price_rows', 'price_rows', 'number'], ['first_date', 'first_date', 'text'], ['last_date', 'last_date', 'text'],
      ['trading_days', 'trading_days', 'number'], ['index_rows', 'index_rows', 'number'],
    ],
  }),
  mirroredTable({
    name: 'universe_members',
    entity: 'universe',
    scopeColumn: 'universe',
    from: 'universe_members',
    fromScope: 'universe',
    columns: [
      ['universe', 'universe', 'text'], ['ticker', 'ticker', 'text'], ['name', 'name', 'text'], ['sector', 'sector', 'text'], ['industry', 'industry', 'text'],
      ['market_cap', 'market_cap', 'number'], ['shares_outstanding', 'shares_outstanding', 'number'], ['weight', 'weight', 'number'],
    ],
  }),
  mirroredTable({
    name: 'index_closes',
    entity: 'universe',
    scopeColumn: 'universe',
    from: 'index_closes',
    fromScope: 'universe',
    columns: [['universe', 'universe', 'text'], ['date', 'date', 'text'], ['close', 'close', 'number']],
  }),
  {
    name: 'prices',
    entity: 'universe',
    columns: ['store_id', 'universe', 'ticker', 'date', 'open', 'high', 'low', 'close', 'adj_close', 'volume'],
    scopeColumn: 'universe',
    upsertKey: ['store_id', 'universe', 'ticker', 'date'],
    // In the team database's key order (ticker, date), not the store's (date, ticker): PostgreSQL then appends to its
    // key's b-tree instead of inserting all over it (measured on the S&P 500: COPY of 1.1 M rows 4.1 s sorted, 11.2 s
    // in date order), which pays for SQLite's sort many times over.
    lines: (s, since) =>
      since === null
        ? s.lines(`SELECT ${PRICE_LINE} FROM prices WHERE universe = ? ORDER BY ticker, date`, s.scope)
        : s.lines(`SELECT ${PRICE_LINE} FROM prices WHERE universe = ? AND revision > ? ORDER BY ticker, date`, s.scope, since),
    estimate: (s, since) =>
      since === null
        ? s.number('SELECT count(*) FROM prices WHERE universe = ?', s.scope)
        : s.number('SELECT count(*) FROM prices WHERE universe = ? AND revision > ?', s.scope, since),
    countAll: (s) => s.number('SELECT count(*) FROM prices WHERE universe = ?', s.scope),
  },
];
