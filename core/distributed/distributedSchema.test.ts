import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase, queryRows } from '../sync/testing/scratchDatabase.ts';
import { DISTRIBUTED_SCHEMA, ensureDistributedSchema } from './distributedSchema.ts';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
beforeAll(async () => {
  scratch = await createScratchDatabase();
});
afterAll(async () => {
  await scratch?.drop();
});

/** Every column of the schema with its type, nullability and default, and every constraint: what "the same tables" means. */
async function shape(url: string): Promise<string[]> {
  const columns = await queryRows(
    url,
    `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '-')
       FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
    [DISTRIBUTED_SCHEMA],
  );
  const constraints = await queryRows(
    url,
    `SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = $1::regnamespace ORDER BY 1`,
    [DISTRIBUTED_SCHEMA],
  );
  return [...columns, ...constraints].map((r) => r[0]!);
}

describe('ensureDistributedSchema', () => {
  it('creates the three tables, and running it again, or from two clients at once, changes nothing', async () => {
    await ensureDistributedSchema(scratch.url);
    const first = await shape(scratch.url);
    expect(first).toContain('batches.spec jsonb NO -');
    expect(first).toContain("batches.status text NO 'running'::text");
    expect(first).toContain('results.attempt integer NO -');
    expect(first).toContain('jessica_dist.results PRIMARY KEY (batch_id, kind, key)');
    expect(first).toContain('jessica_dist.inputs FOREIGN KEY (batch_id) REFERENCES jessica_dist.batches(batch_id) ON DELETE CASCADE');

    await ensureDistributedSchema(scratch.url);
    const a = new pg.Pool({ connectionString: scratch.url });
    const b = new pg.Pool({ connectionString: scratch.url });
    try {
      await Promise.all([ensureDistributedSchema(a), ensureDistributedSchema(b), ensureDistributedSchema(a), ensureDistributedSchema(b)]);
    } finally {
      await a.end();
      await b.end();
    }
    expect(await shape(scratch.url)).toEqual(first);
  });

  it('two processes creating it at once on an empty database both succeed (the advisory lock serializes them)', async () => {
    const other = await createScratchDatabase();
    try {
      // without the lock, one of two concurrent CREATE SCHEMA IF NOT EXISTS fails on pg_namespace's unique index
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => ensureDistributedSchema(other.url)));
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(await shape(other.url)).toEqual(await shape(scratch.url));
    } finally {
      await other.drop();
    }
  });
});
