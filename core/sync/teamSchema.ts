import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { TeamDatabaseError } from './teamDatabaseError.ts';

const TEAM_SQL = readFileSync(new URL('./schema/team.sql', import.meta.url), 'utf8');
const TIMESCALE_SQL = readFileSync(new URL('./schema/timescale.sql', import.meta.url), 'utf8');

/** The tables and indexes team.sql creates, and the hypertables timescale.sql makes: what "up to date" means. */
const TEAM_RELATIONS = [...TEAM_SQL.matchAll(/CREATE (?:TABLE|INDEX) IF NOT EXISTS (?:jessica\.)?(\w+)/g)].map((m) => m[1]!);
export const HYPERTABLES = [...TIMESCALE_SQL.matchAll(/create_hypertable\('jessica\.(\w+)'/g)].map((m) => m[1]!);

/** Two stores' first syncs create the schema at once: CREATE … IF NOT EXISTS is not safe against itself, so they take turns. */
const SCHEMA_LOCK_KEY = 'jessica team schema';

/** TimescaleDB as the server offers it (pg_available_extensions): its version, and whether this database has it yet. */
export interface TimescaleOffer {
  version: string;
  installed: boolean;
}

export type TimescaleDetection = (client: pg.Client) => Promise<TimescaleOffer | null>;

export const detectTimescale: TimescaleDetection = async (client) => {
  const { rows } = await client.query<{ default_version: string; installed_version: string | null }>(
    "SELECT default_version, installed_version FROM pg_available_extensions WHERE name = 'timescaledb'",
  );
  const row = rows[0];
  return row === undefined ? null : { version: row.installed_version ?? row.default_version, installed: row.installed_version !== null };
};

/** The SQL that sets the team database up: team.sql, then where the server offers TimescaleDB the extension and timescale.sql. */
export function schemaStatements(timescaleOffered: boolean): { plain: string; extension: string | null; timescale: string | null } {
  return timescaleOffered
    ? { plain: TEAM_SQL, extension: 'CREATE EXTENSION IF NOT EXISTS timescaledb', timescale: TIMESCALE_SQL }
    : { plain: TEAM_SQL, extension: null, timescale: null };
}

export interface SchemaOutcome {
  /** the TimescaleDB version in use (hypertables and compression), or null: plain tables */
  timescale: string | null;
  /** why TimescaleDB is not used although the server lists it (no privilege to create it, not preloaded), else null */
  timescaleRefused: string | null;
  /** whether this sync ran any DDL (false: everything was there already) */
  applied: boolean;
}

/**
 * Brings the schema `jessica` up to date on every sync, so a release's new tables appear on the next one. Where the
 * server lists TimescaleDB the extension is created (if it is not yet) and timescale.sql makes the price and index
 * series hypertables; where CREATE EXTENSION is refused (the library not preloaded, no privilege) the tables stay
 * plain and the reason is returned, rather than failing every sync.
 *
 * Nothing runs when every relation of team.sql (and every hypertable, with TimescaleDB) is there already: CREATE
 * INDEX IF NOT EXISTS takes its table's SHARE lock before it finds the index exists, so it would wait for another
 * store's sync writing that table (measured: it does, until that scope commits).
 */
export async function applyTeamSchema(client: pg.Client, detect: TimescaleDetection = detectTimescale): Promise<SchemaOutcome> {
  const offer = await detect(client);
  const plainReady = await relationsExist(client);
  const timescaleReady = offer === null || (offer.installed && (await hypertablesExist(client)));
  if (plainReady && timescaleReady) return { timescale: offer?.installed ? offer.version : null, timescaleRefused: null, applied: false };
  const sql = schemaStatements(offer !== null);
  let outcome: SchemaOutcome = { timescale: null, timescaleRefused: null, applied: true };
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [SCHEMA_LOCK_KEY]);
    if (!plainReady) await client.query(sql.plain);
    if (sql.extension !== null && sql.timescale !== null) {
      await client.query('SAVEPOINT timescale');
      try {
        await client.query(sql.extension);
      } catch (error) {
        await client.query('ROLLBACK TO SAVEPOINT timescale');
        outcome = { ...outcome, timescaleRefused: `the server lists TimescaleDB ${offer!.version} but CREATE EXTENSION failed: ${(error as Error).message}` };
      }
      if (outcome.timescaleRefused === null) {
        await client.query(sql.timescale);
        const { rows } = await client.query<{ v: string }>("SELECT extversion AS v FROM pg_extension WHERE extname = 'timescaledb'");
        outcome = { ...outcome, timescale: rows[0]?.v ?? offer!.version };
      }
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw new TeamDatabaseError(`setting up the schema jessica failed: ${(error as Error).message.split('\n')[0]}`);
  }
  return outcome;
}

async function relationsExist(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'jessica' AND c.relname = ANY($1::text[])",
    [TEAM_RELATIONS],
  );
  return rows[0]!.n === new Set(TEAM_RELATIONS).size;
}

async function hypertablesExist(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM timescaledb_information.hypertables WHERE hypertable_schema = 'jessica' AND hypertable_name = ANY($1::text[])",
    [HYPERTABLES],
  );
  return rows[0]!.n === HYPERTABLES.length;
}
