import { hash } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../store/database.ts';

/**
 * Count and checksum of every team table, computed on each side independently of the sync's own code: in SQLite by
 * queries written here (the derived tables by json_each over the stored JSON, where the sync parses it in JavaScript),
 * in PostgreSQL by SQL written here that builds each synced row's canonical text and hashes it in the server, so the
 * million-row tables never cross the wire. A row's canonical text compares doubles by their bits, timestamps by their
 * instant and JSON by its parsed value, so two sides agree exactly when they hold the same rows.
 */
type Kind = 'text' | 'int' | 'float' | 'date' | 'ts' | 'json' | 'bool';

interface TableCheck {
  table: string;
  columns: readonly (readonly [column: string, kind: Kind])[];
  /** the same columns from the store, in order */
  sqlite: string;
}

const t = (s: string) => s.replace(/\s+/g, ' ');

export const TABLE_CHECKS: readonly TableCheck[] = [
  {
    table: 'universes',
    columns: [['name', 'text'], ['created_at', 'ts'], ['source', 'text'], ['member_count', 'int'], ['ticker_count', 'int'], ['price_rows', 'int'], ['first_date', 'date'], ['last_date', 'date'], ['trading_days', 'int'], ['index_rows', 'int']],
    sqlite: 'SELECT name, created_at, source, member_count, ticker_count, price_rows, first_date, last_date, trading_days, index_rows FROM universes',
  },
  {
    table: 'universe_members',
    columns: [['universe', 'text'], ['ticker', 'text'], ['name', 'text'], ['sector', 'text'], ['industry', 'text'], ['market_cap', 'float'], ['shares_outstanding', 'float'], ['weight', 'float']],
    sqlite: 'SELECT universe, ticker, name, sector, industry, market_cap, shares_outstanding, weight FROM universe_members',
  },
  {
    table: 'prices',
    columns: [['universe', 'text'], ['ticker', 'text'], ['date', 'date'], ['open', 'float'], ['high', 'float'], ['low', 'float'], ['close', 'float'], ['adj_close', 'float'], ['volume', 'int']],
    sqlite: 'SELECT universe, ticker, date, open, high, low, close, adj_close, volume FROM prices',
  },
  { table: 'index_closes', columns: [['universe', 'text'], ['date', 'date'], ['close', 'float']], sqlite: 'SELECT universe, date, close FROM index_closes' },
  {
    table: 'books',
    columns: [['name', 'text'], ['imported_at', 'ts'], ['accounts_file', 'text'], ['holdings_file', 'text'], ['account_count', 'int'], ['lot_count', 'int'], ['total_value', 'float']],
    sqlite: 'SELECT name, imported_at, accounts_file, holdings_file, account_count, lot_count, total_value FROM books',
  },
  {
    table: 'accounts',
    columns: [['book', 'text'], ['account_id', 'text'], ['position', 'int'], ['strategy', 'text'], ['value', 'float'], ['tax_status', 'text'], ['exclude', 'text'], ['cash', 'float']],
    sqlite: 'SELECT book, account_id, position, strategy, value, tax_status, exclude, cash FROM accounts',
  },
  {
    table: 'account_lots',
    columns: [['book', 'text'], ['account_id', 'text'], ['position', 'int'], ['ticker', 'text'], ['shares', 'float'], ['cost_basis', 'float'], ['acquired', 'date']],
    sqlite: 'SELECT book, account_id, position, ticker, shares, cost_basis, acquired FROM account_lots',
  },
  {
    table: 'runs',
    columns: [['run_id', 'int'], ['created_at', 'ts'], ['kind', 'text'], ['status', 'text'], ['universe', 'text'], ['use_case', 'text'], ['solver', 'text'], ['duration_ms', 'float'], ['options', 'json'], ['result', 'json'], ['machine', 'json']],
    sqlite: t(`SELECT id, created_at, kind, status, universe, use_case, solver,
      (SELECT max(s.start_ms + s.duration_ms) FROM spans s WHERE s.run_id = r.id), options, result, machine FROM runs r`),
  },
  {
    table: 'spans',
    columns: [['run_id', 'int'], ['span_id', 'int'], ['parent', 'int'], ['name', 'text'], ['start_ms', 'float'], ['duration_ms', 'float'], ['attrs', 'json']],
    sqlite: 'SELECT run_id, id, parent, name, start_ms, duration_ms, attrs FROM spans',
  },
  {
    table: 'run_samples',
    columns: [['run_id', 'int'], ['t_ms', 'float'], ['cpu_percent', 'float'], ['rss_mib', 'float'], ['heap_used_mib', 'float'], ['child_cpu_percent', 'float'], ['child_rss_mib', 'float']],
    sqlite: 'SELECT run_id, t_ms, cpu_percent, rss_mib, heap_used_mib, child_cpu_percent, child_rss_mib FROM run_samples',
  },
  {
    table: 'run_portfolios',
    columns: [['run_id', 'int'], ['ticker', 'text'], ['sector', 'text'], ['weight', 'float'], ['benchmark_weight', 'float'], ['shares', 'float'], ['price', 'float'], ['value', 'float']],
    sqlite: t(`SELECT r.id, h.value ->> '$.ticker', h.value ->> '$.sector', h.value ->> '$.weight', h.value ->> '$.benchmarkWeight',
      h.value ->> '$.shares', h.value ->> '$.price', h.value ->> '$.value'
      FROM runs r, json_each(r.result, '$.holdings') h WHERE json_type(r.result, '$.holdings') = 'array'`),
  },
  {
    table: 'batch_clusters',
    columns: [['cluster_id', 'text'], ['run_id', 'int'], ['strategy', 'text'], ['tax_status', 'text'], ['exclude', 'text'], ['min_value', 'float'], ['max_value', 'float'], ['max_names', 'int'], ['min_weight', 'float'],
      ['accounts', 'int'], ['tracking_error', 'float'], ['names', 'int'], ['account_minimum', 'float'], ['below_minimum', 'int'], ['solve_status', 'text']],
    sqlite: t(`SELECT c.value ->> '$.clusterId', r.id, c.value ->> '$.key.strategy', c.value ->> '$.key.taxStatus',
      coalesce((SELECT group_concat(e.value, ';') FROM json_each(c.value, '$.key.exclude') e), ''),
      c.value ->> '$.band.minValue', c.value ->> '$.band.maxValue', c.value ->> '$.band.maxNames', c.value ->> '$.band.minWeight',
      c.value ->> '$.accounts', c.value ->> '$.trackingError', c.value ->> '$.names', c.value ->> '$.accountMinimum', c.value ->> '$.belowMinimum', c.value ->> '$.solveStatus'
      FROM runs r, json_each(r.result, '$.clusters') c WHERE r.kind = 'batch'`),
  },
  {
    table: 'batch_accounts',
    columns: [['run_id', 'int'], ['account_id', 'text'], ['cluster_id', 'text'], ['value', 'float'], ['cash', 'float'], ['names', 'int'], ['tracking_error', 'float'], ['trades', 'int'],
      ['below_minimum', 'bool'], ['status', 'text'], ['target', 'text'], ['reason', 'text']],
    // a batch's accounts are rows of their own (its result no longer lists them)
    sqlite: `SELECT run_id, account_id, cluster_id, value, cash, names, tracking_error, trades, below_minimum, status, target, reason FROM batch_outcomes`,
  },
  {
    table: 'batch_holdings',
    columns: [['run_id', 'int'], ['account_id', 'text'], ['ticker', 'text'], ['shares', 'float'], ['price', 'float']],
    sqlite: t(`SELECT a.run_id, a.account_id, b.ticker, a.allocation ->> ('$.shares[' || n.key || ']'), b.price
      FROM batch_allocations a, json_each(a.allocation, '$.names') n JOIN batch_names b ON b.run_id = a.run_id AND b.position = n.value`),
  },
  {
    table: 'batch_trades',
    columns: [['run_id', 'int'], ['account_id', 'text'], ['ticker', 'text'], ['shares', 'float'], ['price', 'float']],
    // the stored trades, or (an account that held nothing) its holdings bought from cash; then the names sold whole
    sqlite: t(`SELECT a.run_id, a.account_id, b.ticker, a.allocation ->> ('$.tradeShares[' || p.key || ']'), b.price
        FROM batch_allocations a, json_each(a.allocation, '$.trades') p JOIN batch_names b ON b.run_id = a.run_id AND b.position = p.value
      UNION ALL
      SELECT a.run_id, a.account_id, b.ticker, a.allocation ->> ('$.shares[' || p.key || ']'), b.price
        FROM batch_allocations a, json_each(a.allocation, '$.names') p JOIN batch_names b ON b.run_id = a.run_id AND b.position = p.value
        WHERE json_type(a.allocation, '$.trades') IS NULL
      UNION ALL
      SELECT a.run_id, a.account_id, s.value ->> '$[0]', -(s.value ->> '$[1]'), NULL FROM batch_allocations a, json_each(a.allocation, '$.sold') s`),
  },
];

export interface TableSum {
  rows: number;
  /** the first two 32-bit words of every row's MD5, each summed mod 2^32: the same multiset of rows, the same sums */
  checksum: string;
}

/*
 * The canonical text of a row: its values in column order joined by U+001F, each `N` for NULL or `V` and the value's
 * text: a double as the 16 hex digits of its IEEE 754 bits (big-endian, as PostgreSQL's float8send writes them), a
 * timestamp as integer milliseconds since 1970, a date as YYYY-MM-DD, a boolean as true/false, JSON with its keys
 * sorted. The prefix keeps NULL apart from every text (PostgreSQL's text cannot hold U+0000, the marker before).
 */
const SEPARATOR = '\u001f';
const NULL_FIELD = 'N';

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${sortedJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const floatBits = new DataView(new ArrayBuffer(8));
const hex8 = (word: number) => word.toString(16).padStart(8, '0');

/** One value of the store (SQLite's own types) as its canonical field. */
function field(value: unknown, kind: Kind): string {
  if (value === null || value === undefined) return NULL_FIELD;
  switch (kind) {
    case 'text':
    case 'date':
      return `V${String(value)}`;
    case 'int':
      return `V${typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : BigInt(value as string | number).toString()}`;
    case 'float':
      floatBits.setFloat64(0, Number(value));
      return `V${hex8(floatBits.getUint32(0))}${hex8(floatBits.getUint32(4))}`;
    case 'ts':
      return `V${String(typeof value === 'string' && !/^\d+$/.test(value) ? Date.parse(value) : Number(value))}`;
    case 'json':
      return `V${sortedJson(typeof value === 'string' ? JSON.parse(value) : value)}`;
    case 'bool':
      return `V${value === true || value === 1 || value === 't' || value === 'true' ? 'true' : 'false'}`;
  }
}

/** The same field computed by PostgreSQL from the team table's column (JSON excepted: see teamSums). */
function sqlField(column: string, kind: Exclude<Kind, 'json'>): string {
  const text = {
    text: column,
    date: `to_char(${column}, 'YYYY-MM-DD')`,
    int: `${column}::text`,
    float: `encode(float8send(${column}::float8), 'hex')`,
    ts: `round(extract(epoch FROM ${column}) * 1000)::bigint::text`,
    bool: `CASE WHEN ${column} THEN 'true' WHEN NOT ${column} THEN 'false' END`,
  }[kind];
  // || with NULL is NULL: the prefix goes only on a value
  return `coalesce('V' || ${text}, '${NULL_FIELD}')`;
}

const TWO_32 = 2 ** 32;

class RowSum {
  rows = 0;
  private high = 0;
  private low = 0;

  /** adds a row by its canonical text, hashed as PostgreSQL's md5(text) hashes it in a UTF8 database: MD5 of its UTF-8 */
  add(text: string): void {
    const digest = hash('md5', text);
    this.high = (this.high + parseInt(digest.slice(0, 8), 16)) % TWO_32;
    this.low = (this.low + parseInt(digest.slice(8, 16), 16)) % TWO_32;
    this.rows++;
  }

  result(): TableSum {
    return { rows: this.rows, checksum: `${this.high.toString(16)}.${this.low.toString(16)}` };
  }
}

/** Count and checksum of every team table from the store. */
export function storeSums(db: Database): Record<string, TableSum> {
  const sums: Record<string, TableSum> = {};
  for (const check of TABLE_CHECKS) {
    const sum = new RowSum();
    const { columns } = check;
    for (const row of db.prepare(check.sqlite).raw(true).iterate() as Iterable<unknown[]>) {
      let text = field(row[0], columns[0]![1]);
      for (let k = 1; k < columns.length; k++) text += SEPARATOR + field(row[k], columns[k]![1]);
      sum.add(text);
    }
    sums[check.table] = sum.result();
  }
  return sums;
}

/**
 * Count and checksum of every team table's rows of `storeId` in the team database. A table without JSON columns is
 * summed by one aggregate in the server (count, and the two words of each row's md5 summed mod 2^32). JSON has no
 * canonical text in SQL that matches the sorted one here (jsonb orders keys by length and keeps numbers' digits as
 * written), so a table with JSON columns (runs and spans, a few rows each) has its other fields built by the server
 * and its JSON read back as text and sorted here.
 */
export async function teamSums(url: string, storeId: string): Promise<Record<string, TableSum>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const sums: Record<string, TableSum> = {};
  const asText = { getTypeParser: () => (v: string) => v };
  try {
    for (const check of TABLE_CHECKS) {
      const hasJson = check.columns.some(([, kind]) => kind === 'json');
      if (!hasJson) {
        const row = check.columns.map(([column, kind]) => sqlField(column, kind as Exclude<Kind, 'json'>)).join(` || chr(31) || `);
        const word = (from: number) => `coalesce(sum(('x' || lpad(substr(h, ${from}, 8), 16, '0'))::bit(64)::bigint), 0) % ${TWO_32}`;
        const { rows } = await client.query({
          text: `SELECT count(*), ${word(1)}, ${word(9)} FROM (SELECT md5(${row}) AS h FROM jessica.${check.table} WHERE store_id = $1) hashed`,
          values: [storeId],
          rowMode: 'array',
          types: asText,
        });
        const [count, high, low] = (rows as string[][])[0]!;
        sums[check.table] = { rows: Number(count), checksum: `${BigInt(high!).toString(16)}.${BigInt(low!).toString(16)}` };
        continue;
      }
      const select = check.columns.map(([column, kind]) => (kind === 'json' ? `${column}::text` : sqlField(column, kind))).join(', ');
      const { rows } = await client.query({ text: `SELECT ${select} FROM jessica.${check.table} WHERE store_id = $1`, values: [storeId], rowMode: 'array', types: asText });
      const sum = new RowSum();
      for (const row of rows as (string | null)[][]) {
        sum.add(row.map((value, k) => (check.columns[k]![1] === 'json' ? field(value, 'json') : value)).join(SEPARATOR));
      }
      sums[check.table] = sum.result();
    }
  } finally {
    await client.end();
  }
  return sums;
}
