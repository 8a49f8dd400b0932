import type { SyncStatus, SyncTableStatus } from '../../api/sync.ts';
import type { Database } from '../store/database.ts';
import { latestChanges, readCursors, tablesBehind, teamTables, type Cursors } from './syncPlan.ts';
import { storeId as readStoreId } from './storeReader.ts';
import { connectTeamDatabase } from './teamConnection.ts';
import { TeamDatabaseError } from './teamDatabaseError.ts';
import { configuredTeamDatabase, HOW_TO_SET_A_URL } from './teamDatabaseUrl.ts';

/**
 * What the team database holds of this store, per table (its rows, when it was last sent) and what is waiting to be
 * sent (scopes with a change after the table's cursor). When the team database cannot be reached (or none is set)
 * the answer still comes, unreachable with the reason, every scope counted as pending: without the cursors the
 * store cannot tell what the team database already has.
 */
export async function syncStatus(store: { db: Database }, options: { url?: string; env?: NodeJS.ProcessEnv } = {}): Promise<SyncStatus> {
  const { db } = store;
  const target = configuredTeamDatabase(db, options.url, options.env);
  const storeId = readStoreId(db);
  const changes = latestChanges(db);
  const status = (cursors: Cursors, reachable: boolean, message: string | null): SyncStatus => ({
    target: target?.redacted ?? null,
    storeId,
    reachable,
    message,
    tables: teamTables.map((table): SyncTableStatus => {
      let syncedRows = 0;
      let lastSyncedAt: string | null = null;
      let pendingScopes = 0;
      for (const change of changes) {
        if (change.entity !== table.entity) continue;
        if (tablesBehind(change, cursors).includes(table)) pendingScopes++;
        const cursor = cursors.get(`${table.name}\u0000${change.scope}`);
        if (cursor) {
          syncedRows += cursor.rows;
          if (lastSyncedAt === null || cursor.syncedAt > lastSyncedAt) lastSyncedAt = cursor.syncedAt;
        }
      }
      return { table: table.name, syncedRows, pendingScopes, lastSyncedAt };
    }),
  });
  if (target === null) return status(new Map(), false, `no team database is set: ${HOW_TO_SET_A_URL}`);
  let client;
  try {
    client = await connectTeamDatabase(target);
  } catch (error) {
    if (error instanceof TeamDatabaseError) return status(new Map(), false, error.message);
    throw error;
  }
  try {
    const { rows } = await client.query<{ ready: boolean }>("SELECT to_regclass('jessica.sync_cursors') IS NOT NULL AS ready");
    if (!rows[0]!.ready) return status(new Map(), true, `${target.redacted} has no schema jessica yet: the first jessica sync creates it`);
    return status(await readCursors(client, storeId), true, null);
  } catch (error) {
    return status(new Map(), false, `team database ${target.redacted}: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    await client.end().catch(() => {});
  }
}
