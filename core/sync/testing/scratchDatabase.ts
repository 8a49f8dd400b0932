import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL every test machine has (setup/testMachine.sh starts it): trust auth, database `test`. */
export const TEST_PG_URL = process.env.JESSICA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** `url` with its database replaced by `database`. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs one statement on `url` and answers its rows (every value as PostgreSQL's text, so nothing is rounded on the way). */
export async function queryRows(url: string, sql: string, params: unknown[] = []): Promise<string[][]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query({ text: sql, values: params, rowMode: 'array', types: { getTypeParser: () => (v: string) => v } });
    return result.rows as string[][];
  } finally {
    await client.end();
  }
}

/**
 * A database of its own for one test file (CREATE DATABASE jessica_test_<random>), so test files running at once on the
 * shared server never see each other's rows; `drop` removes it, closing whatever connections a killed sync left.
 */
export async function createScratchDatabase(base: string = TEST_PG_URL): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `jessica_test_${randomBytes(6).toString('hex')}`;
  await queryRows(base, `CREATE DATABASE ${name}`);
  return {
    url: withDatabase(base, name),
    name,
    drop: async () => {
      await queryRows(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
