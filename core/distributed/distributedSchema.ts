import pg from 'pg';

/** The schema of the batches, their inputs and their results, beside pg-boss's own (`jessica_boss`). */
export const DISTRIBUTED_SCHEMA = 'jessica_dist';

/**
 * The statements, each `IF NOT EXISTS`, so running them again changes nothing. They run in one transaction after a
 * transaction-scoped advisory lock: two processes starting at once on an empty database would otherwise both pass
 * `IF NOT EXISTS` and one would fail on the catalog's unique index (CREATE SCHEMA / CREATE TABLE are not atomic
 * against each other). The lock key is a hash of a fixed text, so it is the same in every process.
 */
const STATEMENTS = [
  `SELECT pg_advisory_xact_lock(hashtextextended('${DISTRIBUTED_SCHEMA} schema', 0))`,
  `CREATE SCHEMA IF NOT EXISTS ${DISTRIBUTED_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${DISTRIBUTED_SCHEMA}.batches (
     batch_id text PRIMARY KEY,
     created_at timestamptz NOT NULL DEFAULT now(),
     spec jsonb NOT NULL,
     status text NOT NULL DEFAULT 'running',
     finished_at timestamptz
   )`,
  // the blobs every worker of a batch reads (market data, a chunk of the book, the targets): through PostgreSQL, so
  // workers on other machines need no shared disk
  `CREATE TABLE IF NOT EXISTS ${DISTRIBUTED_SCHEMA}.inputs (
     batch_id text NOT NULL REFERENCES ${DISTRIBUTED_SCHEMA}.batches ON DELETE CASCADE,
     name text NOT NULL,
     body bytea NOT NULL,
     PRIMARY KEY (batch_id, name)
   )`,
  // one row per (batch, kind, key): the primary key is what makes a retried or duplicated job write its result once
  `CREATE TABLE IF NOT EXISTS ${DISTRIBUTED_SCHEMA}.results (
     batch_id text NOT NULL REFERENCES ${DISTRIBUTED_SCHEMA}.batches ON DELETE CASCADE,
     kind text NOT NULL,
     key integer NOT NULL,
     body bytea NOT NULL,
     worker text NOT NULL,
     attempt integer NOT NULL,
     created_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (batch_id, kind, key)
   )`,
];

/** Creates the schema `jessica_dist` and its tables where they are missing; safe to run from many processes at once. */
export async function ensureDistributedSchema(database: pg.Pool | string): Promise<void> {
  const owned = typeof database === 'string';
  const client = owned ? new pg.Client({ connectionString: database, application_name: 'jessica distributed schema' }) : await database.connect();
  // a connection lost while idle is reported by the next query; without a listener node would end the process
  const ignore = () => {};
  client.on('error', ignore);
  try {
    if (owned) await client.connect();
    await client.query('BEGIN');
    try {
      // IF NOT EXISTS on an object that exists sends a notice per statement
      await client.query('SET LOCAL client_min_messages = warning');
      for (const statement of STATEMENTS) await client.query(statement);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw new Error(`creating the schema ${DISTRIBUTED_SCHEMA} failed: ${(error as Error).message}`, { cause: error });
    }
  } finally {
    client.off('error', ignore);
    if (owned) await client.end().catch(() => {});
    else (client as pg.PoolClient).release();
  }
}
