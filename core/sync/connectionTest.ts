import type { ConnectionTest } from '../../api/sync.ts';
import type { Database } from '../store/database.ts';
import { connectTeamDatabase } from './teamConnection.ts';
import { TeamDatabaseError } from './teamDatabaseError.ts';
import { requireTeamDatabase } from './teamDatabaseUrl.ts';
import { detectTimescale } from './teamSchema.ts';

/**
 * The Settings screen's test button and `jessica sync --test`: connects as a sync would and says what answered (the
 * server's version, TimescaleDB where it is offered), or in one line what failed. A failure is an answer, not an error.
 */
export async function testConnection(store: { db: Database }, options: { url?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ConnectionTest> {
  const target = requireTeamDatabase(store.db, options.url, options.env);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let client;
  try {
    client = await connectTeamDatabase(target);
  } catch (error) {
    if (!(error instanceof TeamDatabaseError)) throw error;
    return { ok: false, target: target.redacted, server: null, timescale: null, message: error.reason, milliseconds: elapsed() };
  }
  try {
    const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version.split(' ')[0];
    const offer = await detectTimescale(client);
    const timescale = offer?.version ?? null;
    const server = `PostgreSQL ${version}`;
    return {
      ok: true,
      target: target.redacted,
      server,
      timescale,
      message: `connected to ${server} as ${target.user}, database ${target.database}; ${offer === null ? 'no TimescaleDB: plain tables' : `TimescaleDB ${offer.version} ${offer.installed ? 'in use' : 'offered (a sync creates the extension)'}: hypertables and compression`}`,
      milliseconds: elapsed(),
    };
  } catch (error) {
    return { ok: false, target: target.redacted, server: null, timescale: null, message: (error as Error).message.split('\n')[0]!, milliseconds: elapsed() };
  } finally {
    await client.end().catch(() => {});
  }
}
