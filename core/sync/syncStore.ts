import os from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { JobProgress } from '../../api/jobs.ts';
import type { SyncSummary, SyncTableResult } from '../../api/sync.ts';
import { Cancelled, throwIfCancelled } from '../errors.ts';
import { recordedJob } from '../jobs/recordedJob.ts';
import { runEnvironment } from '../runs/runEnvironment.ts';
import type { RunRecorder } from '../runs/runRecorder.ts';
import type { Database } from '../store/database.ts';
import { saveRun } from '../store/runStore.ts';
import { copyChunks, copyField } from './copyText.ts';
import { cursorKey, entityKinds, latestChanges, readCursors, snapshotSeq, stepMode, tablesBehind, type Cursors, type ScopeChange, type StepMode } from './syncPlan.ts';
import { inReadTransaction, openStoreReader, storeId as readStoreId } from './storeReader.ts';
import { connectTeamDatabase } from './teamConnection.ts';
import { isConnectionLoss, scopeStopped, scrubbed, TeamDatabaseError } from './teamDatabaseError.ts';
import { requireTeamDatabase, type TeamDatabaseTarget } from './teamDatabaseUrl.ts';
import { applyTeamSchema, type TimescaleDetection } from './teamSchema.ts';
import { ScopeSource, type TeamTable } from './teamTables.ts';

export interface SyncOptions {
  /** the URL argument (sync/run's `url`); else JESSICA_PG_URL, else the stored setting */
  url?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  /** what the server offers (tests inject TimescaleDB's presence) */
  detectTimescale?: TimescaleDetection;
}

/** A second sync of the same store into the same database waits this long for the first, then says so. */
const STORE_LOCK_WAIT = '15s';
/** progress events at most this often: a million rows are thousands of chunks */
const PROGRESS_EVERY_MS = 200;

/**
 * `jessica sync` (sync/run): sends the store's changes since the last sync to the team database.
 *
 * Per (table, scope) the team database keeps a cursor: the newest change of the store (sync_changes.seq) its rows
 * cover. A scope (a universe, a book, a run) whose newest change is after a table's cursor is sent again; nothing
 * new is one query on each side. Each scope is one read transaction of the store (one snapshot) and one transaction
 * of the team database holding its rows and their cursors, so a sync killed or cut off midway leaves every scope as
 * it was or as it is now, never half of it, and the next sync sends exactly the scopes still behind.
 *
 * The sync is a run of kind `sync` (connect, schema, lock, plan, then per scope each table sent with its rows), sent
 * along at its end (sendOwnRun); a failed or cancelled sync is stored as such, and sent by the next one.
 */
export async function syncStore(store: { db: Database; home: string }, options: SyncOptions = {}): Promise<SyncSummary> {
  const started = performance.now();
  const target = requireTeamDatabase(store.db, options.url, options.env);
  const storeId = readStoreId(store.db);
  const progress = progressReporter(options.onProgress);
  const job = { kind: 'sync', options: { target: target.redacted, source: target.source }, stageMessages: {}, storeFailures: true };
  // the sync reports its own progress (by table, with rows): the run's stages are not told
  return recordedJob(store.db, job, {}, async (rec) => {
    progress.stage('connect', 0, `connecting to ${target.redacted}`);
    const client = await rec.span('connect', () => connectTeamDatabase(target), { target: target.redacted });
    const reader = openStoreReader(store.db);
    try {
      const schema = await rec.span('schema', () => applyTeamSchema(client, options.detectTimescale));
      rec.annotate('schema', { timescale: schema.timescale, applied: schema.applied });
      await rec.span('lock', () => lockStore(client, storeId, target));
      const { cursors, pending } = await rec.span('plan', async () => {
        await client.query(
          `INSERT INTO jessica.stores (store_id, host, home, first_synced_at, last_synced_at) VALUES ($1, $2, $3, now(), now())
           ON CONFLICT (store_id) DO UPDATE SET host = excluded.host, home = excluded.home`,
          [storeId, os.hostname(), store.home],
        );
        const known = await rec.span('cursors', () => readCursors(client, storeId));
        const changes = rec.spanSync('changes', () => latestChanges(reader));
        return { cursors: known, pending: changes.filter((change) => tablesBehind(change, known).length > 0) };
      });
      rec.annotate('plan', { scopes: pending.length });
      const results = new Map<string, SyncTableResult>();
      if (pending.length > 0) {
        await rec.span('send', async () => {
          const total = estimateRows(reader, pending, cursors);
          let sent = 0;
          for (const change of pending) {
            throwIfCancelled(options.signal);
            const ctx: ScopeSync = { client, reader, storeId, target, change, cursors, results, signal: options.signal, rec };
            // `universe demo`, `book demo`, `run 12`: a universe and a book may share a name
            const scopeLabel = entityKinds[change.entity].label(change.scope);
            await rec.span(scopeLabel.startsWith(`${change.entity} `) ? scopeLabel : `${change.entity} ${scopeLabel}`, () =>
              syncScope(ctx, (rows, table, label) => {
                sent += rows;
                progress.stage(table, total > 0 ? Math.min(1, sent / total) : null, `${table} (${label}): ${sent.toLocaleString('en-US')} of about ${total.toLocaleString('en-US')} rows`);
              }),
            );
          }
          rec.annotate('send', { rows: sent });
        });
      }
      await client.query('UPDATE jessica.stores SET last_synced_at = now() WHERE store_id = $1', [storeId]);
      const tables = [...results.values()];
      const rows = tables.reduce((sum, t) => sum + t.rows, 0);
      const seconds = (performance.now() - started) / 1000;
      const summary: SyncSummary = {
        target: target.redacted,
        storeId,
        timescale: schema.timescale,
        tables,
        rows,
        rowsPerSecond: seconds > 0 ? rows / seconds : 0,
        upToDate: pending.length === 0,
        seconds,
        warnings: schema.timescaleRefused === null ? [] : [`${schema.timescaleRefused}; the tables are plain PostgreSQL tables`],
      };
      rec.stopSampling();
      const runId = saveRun(store.db, { kind: 'sync', status: 'done', options: job.options, result: summary, machine: runEnvironment(), spans: rec.spans, samples: rec.samples });
      await sendOwnRun(store.db, runId, { client, storeId, target, cursors });
      progress.stage('done', 1, `${rows.toLocaleString('en-US')} rows sent`, true);
      return summary;
    } catch (error) {
      // the connection lost or a statement refused outside a scope (the schema, the lock, the cursors): one line naming the database
      if (error instanceof pg.DatabaseError || isConnectionLoss(error)) {
        throw new TeamDatabaseError(scrubbed(`team database ${target.redacted}: ${(error as Error).message}`, target));
      }
      throw error;
    } finally {
      reader.close();
      await client.end().catch(() => {});
    }
  });
}

/**
 * The sync's own run, stored once its work is done, and sent last in a transaction of its own, outside the summary
 * (which says what of the analyst's work was sent) and outside the run's spans (which end before it is stored).
 *
 * Why here and not by the next sync: a run is a change like any other (the runs_inserted trigger records it), so a
 * sync run left for the next sync would make every sync send one run, and a store could never be up to date in the
 * team database: the next idle sync would find the last one's run, store its own, and so on. Sent here, an idle sync
 * stays idle (nothing pending, up to date), and the team database holds every sync run with its spans for Grafana.
 * A failed or cancelled sync's run cannot be sent by itself; the next sync sends it as any pending change. If this
 * last step fails the data is already sent: the run stays pending for the next sync, and the sync is not failed.
 */
async function sendOwnRun(db: Database, runId: number, ctx: Pick<ScopeSync, 'client' | 'storeId' | 'target' | 'cursors'>): Promise<void> {
  // a reader of its own: an in-memory store's reader is a copy taken at the start, without this run
  const reader = openStoreReader(db);
  try {
    const scope = String(runId);
    const seq = db.prepare("SELECT max(seq) FROM sync_changes WHERE entity = 'run' AND scope = ?").pluck().get(scope) as number;
    await syncScope({ ...ctx, reader, change: { entity: 'run', scope, seq }, results: new Map(), signal: undefined }, () => undefined);
  } catch {
    // pending: the next sync sends it
  } finally {
    reader.close();
  }
}

/**
 * One sync of a store at a time: two at once would both delete and copy the same scope. A session lock, so it goes
 * with the connection of a sync that was killed.
 */
async function lockStore(client: pg.Client, storeId: string, target: TeamDatabaseTarget): Promise<void> {
  try {
    await client.query(`SET lock_timeout = '${STORE_LOCK_WAIT}'`);
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [`jessica store ${storeId}`]);
    await client.query('SET lock_timeout = 0');
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') {
      throw new TeamDatabaseError(`another sync of this store into ${target.redacted} has been running for over ${STORE_LOCK_WAIT}: run jessica sync again when it has finished`);
    }
    throw error;
  }
}

/** Rows the pending scopes will send, for the progress fraction (read outside the scopes' snapshots: an estimate). */
function estimateRows(reader: Database, pending: readonly ScopeChange[], cursors: Cursors): number {
  let total = 0;
  for (const change of pending) {
    const source = new ScopeSource(reader, change.entity, change.scope);
    const exists = entityKinds[change.entity].exists(source);
    for (const table of tablesBehind(change, cursors)) {
      const mode = stepMode(source, table, cursors.get(cursorKey(table.name, change.scope)), exists);
      if (mode.kind !== 'gone') total += table.estimate(source, mode.kind === 'upsert' ? mode.since : null);
    }
  }
  return total;
}

interface ScopeSync {
  client: pg.Client;
  reader: Database;
  storeId: string;
  target: TeamDatabaseTarget;
  change: ScopeChange;
  cursors: Cursors;
  results: Map<string, SyncTableResult>;
  signal: AbortSignal | undefined;
  /** the sync's run: a span per table sent, with its rows and how it was sent */
  rec?: RunRecorder;
}

/**
 * One scope in one snapshot of the store and one transaction of the team database: for each table behind, its rows
 * (all of them, or those after the cursor, or none when the scope is gone) and its cursor at the snapshot's change.
 */
async function syncScope(ctx: ScopeSync, onRows: (rows: number, table: string, label: string) => void): Promise<void> {
  const { client, reader, storeId, change, cursors } = ctx;
  const kind = entityKinds[change.entity];
  const label = kind.label(change.scope);
  let current = tablesBehind(change, cursors)[0]!.name;
  const done: { table: TeamTable; rows: number; seconds: number; seq: number; cursorRows: number }[] = [];
  await inReadTransaction(reader, async () => {
    const source = new ScopeSource(reader, change.entity, change.scope);
    // the change this snapshot includes: later ones (the app writing now) are after the cursor, for the next sync
    const seq = snapshotSeq(source);
    const exists = kind.exists(source);
    const steps = tablesBehind({ ...change, seq }, cursors).map((table) => ({
      table,
      mode: stepMode(source, table, cursors.get(cursorKey(table.name, change.scope)), exists),
    }));
    try {
      await client.query('BEGIN');
      for (const { table, mode } of steps) {
        current = table.name;
        const t0 = performance.now();
        const write = () => writeStep(ctx, source, table, mode, (n) => onRows(n, table.name, label));
        const rows = ctx.rec ? await ctx.rec.span(table.name, write, { mode: mode.kind }) : await write();
        ctx.rec?.annotate(table.name, { rows });
        const cursorRows = mode.kind === 'gone' ? 0 : mode.kind === 'upsert' ? table.countAll!(source) : rows;
        await client.query(
          `INSERT INTO jessica.sync_cursors (store_id, table_name, scope, seq, rows, synced_at) VALUES ($1, $2, $3, $4, $5, now())
           ON CONFLICT (store_id, table_name, scope) DO UPDATE SET seq = excluded.seq, rows = excluded.rows, synced_at = excluded.synced_at`,
          [storeId, table.name, change.scope, seq, cursorRows],
        );
        done.push({ table, rows, seconds: (performance.now() - t0) / 1000, seq, cursorRows });
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      if (error instanceof Cancelled) throw error;
      throw scopeStopped(error, current, label, ctx.target);
    }
  });
  const syncedAt = new Date().toISOString();
  for (const d of done) {
    cursors.set(cursorKey(d.table.name, change.scope), { seq: d.seq, rows: d.cursorRows, syncedAt });
    const r = ctx.results.get(d.table.name) ?? { table: d.table.name, scopes: 0, rows: 0, seconds: 0 };
    ctx.results.set(d.table.name, { ...r, scopes: r.scopes + 1, rows: r.rows + d.rows, seconds: r.seconds + d.seconds });
  }
}

/** Writes one table's rows of the scope inside the open transaction; answers the rows sent. */
async function writeStep(ctx: ScopeSync, source: ScopeSource, table: TeamTable, mode: StepMode, onRows: (rows: number) => void): Promise<number> {
  const { client, storeId } = ctx;
  const columns = table.columns.join(', ');
  if (mode.kind !== 'upsert') {
    await client.query(`DELETE FROM jessica.${table.name} WHERE store_id = $1 AND ${table.scopeColumn} = $2`, [storeId, source.scope]);
    if (mode.kind === 'gone') return 0;
    return copy(ctx, `COPY jessica.${table.name} (${columns}) FROM STDIN`, table.lines(source, null), onRows);
  }
  // rows added or corrected after the cursor: into a scratch table, then upserted on the key, so a row sent twice
  // (a sync stopped after its COPY) lands once
  const scratch = `sync_${table.name}`;
  await client.query(`CREATE TEMP TABLE ${scratch} (LIKE jessica.${table.name}) ON COMMIT DROP`);
  const rows = await copy(ctx, `COPY ${scratch} (${columns}) FROM STDIN`, table.lines(source, mode.since), onRows);
  const key = new Set(table.upsertKey);
  const updates = table.columns.filter((c) => !key.has(c)).map((c) => `${c} = excluded.${c}`);
  await client.query(
    `INSERT INTO jessica.${table.name} (${columns}) SELECT ${columns} FROM ${scratch}
     ON CONFLICT (${table.upsertKey!.join(', ')}) DO UPDATE SET ${updates.join(', ')}`,
  );
  return rows;
}

/** COPY FROM STDIN of `rows`, streamed: the store is read as fast as the server takes it, never all at once. */
async function copy(ctx: ScopeSync, sql: string, lines: Iterable<string>, onRows: (rows: number) => void): Promise<number> {
  let count = 0;
  const chunks = copyChunks(copyField(ctx.storeId), lines, (n) => {
    throwIfCancelled(ctx.signal);
    count += n;
    onRows(n);
  });
  await pipeline(Readable.from(chunks), ctx.client.query(copyFrom(sql)));
  return count;
}

/** Job progress, at most every PROGRESS_EVERY_MS, with the stage's first and the last report always sent. */
function progressReporter(onProgress: SyncOptions['onProgress']) {
  let last = 0;
  let lastStage = '';
  return {
    stage(stage: string, fraction: number | null, message: string, force = false) {
      if (!onProgress) return;
      const now = performance.now();
      if (!force && stage === lastStage && now - last < PROGRESS_EVERY_MS) return;
      last = now;
      lastStage = stage;
      onProgress({ stage, fraction, message });
    },
  };
}
