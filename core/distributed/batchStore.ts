import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { binaryCopyRows, timestampOf } from './binaryCopyRows.ts';
import { DISTRIBUTED_SCHEMA, ensureDistributedSchema } from './distributedSchema.ts';

const S = DISTRIBUTED_SCHEMA;
/** A result's key is a PostgreSQL `integer`. */
const KEY_MIN = -2_147_483_648;
const KEY_MAX = 2_147_483_647;
/** Rows a page of readResults asks for: 50 results of 1 MB are 50 MB in hand, never the whole batch. */
export const RESULT_PAGE_ROWS = 50;

export interface BatchRow {
  batchId: string;
  createdAt: Date;
  spec: unknown;
  status: string;
  finishedAt: Date | null;
}

export interface StoredResult {
  key: number;
  body: Buffer;
  /** the worker that wrote it (hostname:pid) */
  worker: string;
  /** the job's retry count when it wrote it: 0 on the first delivery */
  attempt: number;
  createdAt: Date;
}

export interface BatchStoreOptions {
  /** rows per query of readResults */
  pageRows?: number;
}

export interface OpenBatchStoreOptions extends BatchStoreOptions {
  /** an idle connection the server ended (a restart): reported here, never an uncaught 'error' that ends the process */
  onError?: (error: Error) => void;
  /** connections in the pool */
  max?: number;
}

/** A PostgreSQL SQLSTATE on a failed query. */
function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function checkKey(batchId: string, kind: string, key: number): void {
  if (!Number.isInteger(key) || key < KEY_MIN || key > KEY_MAX) {
    throw new Error(`result key ${key} of kind "${kind}" in batch "${batchId}" is not a 32-bit integer`);
  }
}

/**
 * The batches, their inputs and their results in the schema `jessica_dist` of one PostgreSQL database: what a
 * coordinator writes before it enqueues jobs and reads after, and what the workers read and write in between.
 */
export class BatchStore {
  readonly #pool: pg.Pool;
  #owned = false;
  readonly #pageRows: number;

  /** Over a pool the caller owns (and keeps an 'error' listener on); the schema must exist (ensureDistributedSchema). */
  constructor(pool: pg.Pool, options: BatchStoreOptions = {}) {
    this.#pool = pool;
    this.#pageRows = options.pageRows ?? RESULT_PAGE_ROWS;
    if (!Number.isInteger(this.#pageRows) || this.#pageRows < 1) throw new Error(`pageRows must be a positive integer, got ${options.pageRows}`);
  }

  /** A store with a pool of its own on `url`, the schema created where it is missing; close() ends the pool. */
  static async open(url: string, options: OpenBatchStoreOptions = {}): Promise<BatchStore> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 4,
      application_name: 'jessica batch store',
      // a host that drops packets fails a query's connect within this instead of the system's minutes
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
    });
    pool.on('error', (error) => options.onError?.(error));
    try {
      await ensureDistributedSchema(pool);
    } catch (error) {
      await pool.end().catch(() => {});
      throw error;
    }
    const store = new BatchStore(pool, options);
    store.#owned = true;
    return store;
  }

  async close(): Promise<void> {
    if (this.#owned) await this.#pool.end();
  }

  /** A new batch; a batch id already stored is refused (ids are meant to be unique, e.g. a run id). */
  async createBatch(batchId: string, spec: unknown): Promise<void> {
    const { rowCount } = await this.#pool.query(`INSERT INTO ${S}.batches (batch_id, spec) VALUES ($1, $2::jsonb) ON CONFLICT DO NOTHING`, [batchId, JSON.stringify(spec ?? null)]);
    if (rowCount !== 1) throw new Error(`batch "${batchId}" already exists in ${S}.batches`);
  }

  async getBatch(batchId: string): Promise<BatchRow | null> {
    const { rows } = await this.#pool.query<{ batch_id: string; created_at: Date; spec: unknown; status: string; finished_at: Date | null }>(
      `SELECT batch_id, created_at, spec, status, finished_at FROM ${S}.batches WHERE batch_id = $1`,
      [batchId],
    );
    const row = rows[0];
    return row ? { batchId: row.batch_id, createdAt: row.created_at, spec: row.spec, status: row.status, finishedAt: row.finished_at } : null;
  }

  /** Stores (or replaces) one input blob of a batch, as given: compressing it is the caller's choice. */
  async putInput(batchId: string, name: string, body: Buffer): Promise<void> {
    try {
      await this.#pool.query(`INSERT INTO ${S}.inputs (batch_id, name, body) VALUES ($1, $2, $3) ON CONFLICT (batch_id, name) DO UPDATE SET body = excluded.body`, [batchId, name, body]);
    } catch (error) {
      if (sqlState(error) === '23503') throw new Error(`input "${name}" cannot be stored: batch "${batchId}" does not exist (createBatch first)`, { cause: error });
      throw error;
    }
  }

  async getInput(batchId: string, name: string): Promise<Buffer> {
    const { rows } = await this.#pool.query<{ body: Buffer }>(`SELECT body FROM ${S}.inputs WHERE batch_id = $1 AND name = $2`, [batchId, name]);
    if (rows.length === 0) {
      const batch = await this.getBatch(batchId);
      throw new Error(batch ? `input "${name}" of batch "${batchId}" is not stored` : `input "${name}" cannot be read: batch "${batchId}" does not exist`);
    }
    return rows[0]!.body;
  }

  /**
   * Stores the result of one job once: a second write of the same (batch, kind, key) (a retried job, a job delivered
   * twice after its worker was thought dead) changes nothing and answers false; the first answers true.
   */
  async putResult(batchId: string, kind: string, key: number, body: Buffer, worker: string, attempt: number): Promise<boolean> {
    checkKey(batchId, kind, key);
    try {
      const { rowCount } = await this.#pool.query(
        `INSERT INTO ${S}.results (batch_id, kind, key, body, worker, attempt) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (batch_id, kind, key) DO NOTHING`,
        [batchId, kind, key, body, worker, attempt],
      );
      return rowCount === 1;
    } catch (error) {
      if (sqlState(error) === '23503') throw new Error(`result ${key} of kind "${kind}" cannot be stored: batch "${batchId}" does not exist (dropped?)`, { cause: error });
      throw error;
    }
  }

  async resultKeys(batchId: string, kind: string): Promise<Set<number>> {
    const { rows } = await this.#pool.query<{ key: number }>(`SELECT key FROM ${S}.results WHERE batch_id = $1 AND kind = $2`, [batchId, kind]);
    return new Set(rows.map((r) => r.key));
  }

  async countResults(batchId: string, kind: string): Promise<number> {
    const { rows } = await this.#pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${S}.results WHERE batch_id = $1 AND kind = $2`, [batchId, kind]);
    return rows[0]!.n;
  }

  /**
   * The results of one kind in key order (only `keys` when given), read `pageRows` at a time by key range, so a
   * coordinator gathering thousands of large results holds one page at once.
   */
  async *readResults(batchId: string, kind: string, keys?: Iterable<number>): AsyncGenerator<StoredResult> {
    const columns = 'key, body, worker, attempt, created_at';
    type Row = { key: number; body: Buffer; worker: string; attempt: number; created_at: Date };
    const toResult = (r: Row): StoredResult => ({ key: r.key, body: r.body, worker: r.worker, attempt: r.attempt, createdAt: r.created_at });
    if (keys !== undefined) {
      const wanted = [...new Set(keys)].sort((a, b) => a - b);
      for (const key of wanted) checkKey(batchId, kind, key);
      for (let start = 0; start < wanted.length; start += this.#pageRows) {
        yield* await this.#copyResults(batchId, kind, wanted.slice(start, start + this.#pageRows));
      }
      return;
    }
    // `key > after` on the primary key (batch_id, kind, key): each page is an index range scan, never an OFFSET
    let after = KEY_MIN - 1;
    for (;;) {
      const { rows } = await this.#pool.query<Row>(`SELECT ${columns} FROM ${S}.results WHERE batch_id = $1 AND kind = $2 AND key > $3::bigint ORDER BY key LIMIT $4`, [
        batchId,
        kind,
        after,
        this.#pageRows,
      ]);
      for (const row of rows) yield toResult(row);
      if (rows.length < this.#pageRows) return;
      after = rows.at(-1)!.key;
    }
  }

  /**
   * The results of `keys` in key order through a binary COPY (binaryCopyRows.ts): the bodies as their bytes, where a
   * SELECT would bring each as hex text twice its size, which PostgreSQL writes and this process parses (measured on a
   * coordinator gathering 100,000 accounts: 1.5 s of its 15.5 s of CPU went to the hex of 280 MB of results).
   * COPY takes no parameters: the batch id and kind go in as escaped literals, the keys as checked integers.
   */
  async #copyResults(batchId: string, kind: string, keys: readonly number[]): Promise<StoredResult[]> {
    const client = await this.#pool.connect();
    let failed = false;
    try {
      const sql = `COPY (SELECT key, body, worker, attempt, created_at FROM ${S}.results WHERE batch_id = ${client.escapeLiteral(batchId)} AND kind = ${client.escapeLiteral(kind)} AND key = ANY('{${keys.join(',')}}'::int[]) ORDER BY key) TO STDOUT (FORMAT binary)`;
      const parts: Buffer[] = [];
      await pipeline(
        client.query(copyTo(sql)),
        new Writable({
          write(part: Buffer, _encoding, done) {
            parts.push(part);
            done();
          },
        }),
      );
      return binaryCopyRows(Buffer.concat(parts)).map(([key, body, worker, attempt, createdAt]) => ({
        key: key!.readInt32BE(0),
        body: body!,
        worker: worker!.toString('utf8'),
        attempt: attempt!.readInt32BE(0),
        createdAt: timestampOf(createdAt!),
      }));
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      // a connection whose copy broke off is not given to the next query
      client.release(failed);
    }
  }

  async finishBatch(batchId: string, status: string): Promise<void> {
    const { rowCount } = await this.#pool.query(`UPDATE ${S}.batches SET status = $2, finished_at = now() WHERE batch_id = $1`, [batchId, status]);
    if (rowCount !== 1) throw new Error(`batch "${batchId}" cannot be finished as "${status}": it does not exist`);
  }

  /** Deletes a batch's inputs and results, keeping its row (its spec and status) as a record that it ran. */
  async dropInputsAndResults(batchId: string): Promise<void> {
    await this.#pool.query(`DELETE FROM ${S}.results WHERE batch_id = $1`, [batchId]);
    await this.#pool.query(`DELETE FROM ${S}.inputs WHERE batch_id = $1`, [batchId]);
  }

  /** Deletes a batch with its inputs and results; answers whether it existed. */
  async dropBatch(batchId: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query(`DELETE FROM ${S}.batches WHERE batch_id = $1`, [batchId]);
    return rowCount === 1;
  }
}
