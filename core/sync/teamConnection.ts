import pg from 'pg';
import { connectError } from './teamDatabaseError.ts';
import type { TeamDatabaseTarget } from './teamDatabaseUrl.ts';

/** A host that drops packets (a firewall, a wrong address) fails within this, not after the system's minutes. */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Opens a connection to the team database; a failure is a TeamDatabaseError of one line naming the redacted URL
 * and what went wrong (refused, not found, no answer, the password, the database).
 */
export async function connectTeamDatabase(target: TeamDatabaseTarget, timeoutMs: number = CONNECT_TIMEOUT_MS): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: target.url,
    connectionTimeoutMillis: timeoutMs,
    // a server that vanishes mid-COPY without closing the socket is noticed instead of waited on for ever
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: 'jessica sync',
  });
  // A connection lost while idle is reported by the next query; without a listener node would end the process.
  client.on('error', () => {});
  try {
    await client.connect();
    // the schema's CREATE … IF NOT EXISTS would otherwise send a notice per object on every sync
    await client.query('SET client_min_messages = warning');
  } catch (error) {
    await client.end().catch(() => {});
    throw connectError(error, target, timeoutMs);
  }
  return client;
}
