import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTeamSchema, HYPERTABLES, schemaStatements, type TimescaleDetection } from './teamSchema.ts';
import { createScratchDatabase } from './testing/scratchDatabase.ts';

const TEAM_SQL = readFileSync(new URL('./schema/team.sql', import.meta.url), 'utf8');
const TIMESCALE_SQL = readFileSync(new URL('./schema/timescale.sql', import.meta.url), 'utf8');

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let client: pg.Client;
/** every SQL text the client was given, in order */
let sent: string[];

beforeAll(async () => {
  scratch = await createScratchDatabase();
  client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  (client as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (text: unknown, ...rest: unknown[]) => {
    sent.push(typeof text === 'string' ? text : (text as { text: string }).text);
    return query(text, ...rest);
  };
});

afterAll(async () => {
  await client?.end();
  await scratch?.drop();
});

const pick = (sql: string[]) => sql.filter((s) => !s.startsWith('SELECT count(*)::int') && !/pg_available_extensions|pg_extension|timescaledb_information/.test(s));

describe('the team schema', () => {
  it('on a server without TimescaleDB: team.sql only, in one transaction, then nothing on the next sync', async () => {
    sent = [];
    const none: TimescaleDetection = async () => null;
    expect(await applyTeamSchema(client, none)).toEqual({ timescale: null, timescaleRefused: null, applied: true });
    expect(pick(sent)).toEqual(['BEGIN', 'SELECT pg_advisory_xact_lock(hashtext($1))', TEAM_SQL, 'COMMIT']);
    const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'jessica'");
    expect(rows[0]!.n).toBe(17);
    sent = [];
    expect(await applyTeamSchema(client, none)).toEqual({ timescale: null, timescaleRefused: null, applied: false });
    expect(pick(sent)).toEqual([]);
    // team.sql itself is idempotent, for a release that runs it again
    await client.query(TEAM_SQL);
  });

  it('runs team.sql again when one of its relations is missing (a release that adds a table or an index)', async () => {
    await client.query('DROP INDEX jessica.runs_by_created_at');
    sent = [];
    expect((await applyTeamSchema(client, async () => null)).applied).toBe(true);
    expect(pick(sent)).toContain(TEAM_SQL);
    const { rows } = await client.query("SELECT 1 FROM pg_indexes WHERE schemaname = 'jessica' AND indexname = 'runs_by_created_at'");
    expect(rows.length).toBe(1);
  });

  it('where the server lists TimescaleDB: the extension, then timescale.sql, after team.sql', () => {
    expect(schemaStatements(true)).toEqual({ plain: TEAM_SQL, extension: 'CREATE EXTENSION IF NOT EXISTS timescaledb', timescale: TIMESCALE_SQL });
    expect(schemaStatements(false)).toEqual({ plain: TEAM_SQL, extension: null, timescale: null });
  });

  it('tries the extension when the server lists it, and keeps plain tables with the reason when CREATE EXTENSION fails', async () => {
    sent = [];
    // this server has no TimescaleDB: told it has, the sync tries and is refused, as where the library is not preloaded
    const outcome = await applyTeamSchema(client, async () => ({ version: '2.17.2', installed: false }));
    expect(pick(sent)).toEqual([
      'BEGIN',
      'SELECT pg_advisory_xact_lock(hashtext($1))',
      'SAVEPOINT timescale',
      'CREATE EXTENSION IF NOT EXISTS timescaledb',
      'ROLLBACK TO SAVEPOINT timescale',
      'COMMIT',
    ]);
    expect(outcome.timescale).toBeNull();
    expect(outcome.timescaleRefused).toMatch(/^the server lists TimescaleDB 2\.17\.2 but CREATE EXTENSION failed: .*timescaledb/);
  });

  it("timescale.sql's hypertables keep their time column in every unique key, and compress by columns their tables have", async () => {
    const hypertables = [...TIMESCALE_SQL.matchAll(/create_hypertable\('jessica\.(\w+)', by_range\('(\w+)'/g)].map((m) => ({ table: m[1]!, time: m[2]! }));
    expect(hypertables.map((h) => h.table)).toEqual(HYPERTABLES);
    expect(HYPERTABLES).toEqual(['prices', 'index_closes']);
    for (const { table, time } of hypertables) {
      // TimescaleDB refuses a unique index without the partitioning column: check every unique index of the plain table
      const { rows: keys } = await client.query<{ index: string; columns: string[] }>(
        `SELECT i.indexrelid::regclass::text AS index, array_agg(a.attname::text ORDER BY a.attnum) AS columns
         FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
         WHERE i.indrelid = $1::regclass AND i.indisunique GROUP BY i.indexrelid`,
        [`jessica.${table}`],
      );
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(key.columns, `${key.index}`).toContain(time);
      const { rows: type } = await client.query<{ t: string }>('SELECT format_type(atttypid, atttypmod) AS t FROM pg_attribute WHERE attrelid = $1::regclass AND attname = $2', [`jessica.${table}`, time]);
      expect(type[0]!.t).toBe('date');
      const settings = new RegExp(`ALTER TABLE jessica\\.${table} SET \\(timescaledb\\.compress, timescaledb\\.compress_segmentby = '([^']+)', timescaledb\\.compress_orderby = '([^']+)'\\)`).exec(TIMESCALE_SQL);
      expect(settings, `compression settings of ${table}`).not.toBeNull();
      const segmentBy = settings![1]!.split(',').map((c) => c.trim());
      const orderBy = settings![2]!.split(',').map((c) => c.trim().split(' ')[0]!);
      const { rows: cols } = await client.query<{ name: string }>('SELECT attname::text AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped', [`jessica.${table}`]);
      const names = new Set(cols.map((c) => c.name));
      for (const c of [...segmentBy, ...orderBy]) expect(names, `${table}.${c}`).toContain(c);
      // a compressed hypertable's unique key must be made of segment-by and order-by columns
      for (const key of keys) for (const c of key.columns) expect([...segmentBy, ...orderBy], `${key.index}: ${c}`).toContain(c);
      expect(orderBy).toContain(time);
    }
  });

  it('guards the compression settings so that a rerun never alters a hypertable whose chunks are compressed', () => {
    for (const table of HYPERTABLES) {
      const guard = new RegExp(
        `IF NOT EXISTS \\(SELECT 1 FROM timescaledb_information\\.hypertables\\s+WHERE hypertable_schema = 'jessica' AND hypertable_name = '${table}' AND compression_enabled\\) THEN\\s+ALTER TABLE jessica\\.${table} SET`,
      );
      expect(TIMESCALE_SQL).toMatch(guard);
      expect(TIMESCALE_SQL).toMatch(new RegExp(`add_compression_policy\\('jessica\\.${table}', INTERVAL '[^']+', if_not_exists => TRUE\\)`));
      expect(TIMESCALE_SQL).toMatch(new RegExp(`create_hypertable\\('jessica\\.${table}', by_range\\([^)]*\\), if_not_exists => TRUE, migrate_data => TRUE\\)`));
    }
  });
});
