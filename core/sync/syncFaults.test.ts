import { spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncSummary } from '../../api/sync.ts';
import { createCore } from '../createCore.ts';
import { openServices } from '../services.ts';
import { applyTeamSchema } from './teamSchema.ts';
import { startPrivatePostgres, type PrivatePostgres } from './testing/privatePostgres.ts';
import { createScratchDatabase, queryRows } from './testing/scratchDatabase.ts';
import { sp500Tickers, writeSp500Slices } from './testing/sp500Slice.ts';
import { storeSums, teamSums, type TableSum } from './testing/tableChecksums.ts';

/**
 * `jessica sync` when things go wrong, as a user meets it: the real command in its own process, killed with SIGKILL
 * or cut off by a PostgreSQL restart in the middle of its COPY, or pointed at a wrong port, password or database.
 *
 * The store holds two universes of real S&P 500 data: `first` (3 names), synced first (scopes go in name order), and
 * `sp500` (30 names, every day: about 68k price rows). The COPY of sp500's prices is stopped in its middle by a row
 * the test holds uncommitted in the team database: PostgreSQL makes an insert of the same key (store, universe,
 * ticker, date) wait for the holder's transaction, and the sync sends its rows in (ticker, date) order, so the COPY
 * waits at the 16th name's first day, every row of the 15 names before it taken, until the fault lands: midway every
 * time, however fast or loaded the machine.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = 'correct horse battery';

let home: string;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let server: PrivatePostgres;
let storeId: string;
/** the sp500 universe's price rows, and those of its first 15 names (sent before the held row) */
let sp500Rows: number;
let rowsBeforeHeld: number;
/** the row the test holds: the 16th name's first day */
let held: { ticker: string; date: string };
/** The store's sums now: each sync stores its own run (and a failed one its failure), so they change with every sync. */
function localSums(): Record<string, TableSum> {
  const db = new BetterSqlite3(path.join(home, 'jessica.sqlite'), { readonly: true });
  try {
    return storeSums(db);
  } finally {
    db.close();
  }
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `jessica ...args` on the test's store, without JESSICA_PG_URL; `whileRunning` may stop it. */
function jessica(args: string[], whileRunning?: (child: ReturnType<typeof spawn>) => Promise<void>): Promise<Exit> {
  const started = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env, JESSICA_HOME: home };
  delete env.JESSICA_PG_URL;
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/jessica.mjs'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started })));
  return (whileRunning ? whileRunning(child) : Promise.resolve()).then(() => exited);
}

/**
 * The schema the sync would create, created beforehand as `url`'s user (the sync finds it and goes on), so the held
 * row can be there before the sync starts.
 */
async function createTeamSchema(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await applyTeamSchema(client);
  } finally {
    await client.end();
  }
}

/** Inserts the held row in a transaction left open on `url` (a user who may write jessica.prices); `release` rolls it back. */
async function holdPriceRow(url: string): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  // a restart of the server ends this connection too: that is its release
  client.on('error', () => {});
  await client.connect();
  await client.query('BEGIN');
  await client.query("INSERT INTO jessica.prices (store_id, universe, ticker, date, close) VALUES ($1, 'sp500', $2, $3, 1)", [storeId, held.ticker, held.date]);
  return {
    release: async () => {
      await client.query('ROLLBACK').catch(() => {});
      await client.end().catch(() => {});
    },
  };
}

/**
 * Waits until the `first` universe is committed and the COPY into jessica.prices of `url`'s database waits on the
 * held row (fails if the sync ends first); answers the rows that COPY has taken.
 */
async function copyWaitingOnHeldRow(url: string, child: ReturnType<typeof spawn>): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the sync ended (exit ${child.exitCode}) before its COPY of the S&P 500's prices reached the held row`);
    // one statement: the first universe's cursor from its snapshot, and a COPY into prices waiting for another
    // transaction to end (the held row's: nothing else inserts into prices)
    const [[first, taken]] = (await queryRows(
      url,
      `SELECT (SELECT count(*) FROM jessica.sync_cursors WHERE store_id = $1 AND table_name = 'prices' AND scope = 'first'),
              (SELECT max(c.tuples_processed) FROM pg_stat_progress_copy c JOIN pg_stat_activity a ON a.pid = c.pid
                WHERE c.datname = current_database() AND c.relid = to_regclass('jessica.prices') AND a.wait_event = 'transactionid')`,
      [storeId],
    ).catch(() => [['0', null]])) as [[string, string | null]];
    if (first === '1' && taken !== null) return Number(taken);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const summaryOf = (exit: Exit) => JSON.parse(exit.stdout) as SyncSummary;
const rowsOf = (s: SyncSummary, table: string) => s.tables.find((t) => t.table === table)?.rows ?? 0;

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-sync-faults-'));
  const tickers = sp500Tickers();
  const sp500 = tickers.slice(0, 30);
  held = { ticker: sp500[15]!, date: '' };
  const slices = writeSp500Slices(home, { first: tickers.slice(-3), sp500 });
  // the store as `jessica data import` writes it, through the core in this process (a command's start is a second or more)
  const core = createCore(openServices({ home, highsWorkers: 1 }));
  try {
    for (const [name, { pricesFile, constituentsFile, indexFile }] of Object.entries(slices)) {
      const imported = await core.dispatch('data/import', { universe: name, pricesFile, constituentsFile, indexFile });
      if (!imported.ok) throw new Error(`data/import ${name}: ${imported.error.message}`);
    }
  } finally {
    await core.services.close();
  }
  const db = new BetterSqlite3(path.join(home, 'jessica.sqlite'), { readonly: true });
  try {
    storeId = db.prepare('SELECT store_id FROM store_identity').pluck().get() as string;
    sp500Rows = db.prepare("SELECT count(*) FROM prices WHERE universe = 'sp500'").pluck().get() as number;
    rowsBeforeHeld = db.prepare("SELECT count(*) FROM prices WHERE universe = 'sp500' AND ticker < ?").pluck().get(held.ticker) as number;
    held.date = db.prepare("SELECT min(date) FROM prices WHERE universe = 'sp500' AND ticker = ?").pluck().get(held.ticker) as string;
  } finally {
    db.close();
  }
  if (sp500Rows !== slices.sp500.rows) throw new Error(`the import kept ${sp500Rows} of the slice's ${slices.sp500.rows} price rows`);
  scratch = await createScratchDatabase();
  server = await startPrivatePostgres();
  await queryRows(server.adminUrl, `CREATE ROLE analyst LOGIN PASSWORD '${PASSWORD}'`);
  await queryRows(server.adminUrl, 'CREATE DATABASE team OWNER analyst');
}, 300_000);

afterAll(async () => {
  server?.stop();
  await scratch?.drop();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('jessica sync killed or cut off midway', () => {
  it('kill -9 during the COPY of prices keeps nothing of that scope; the rerun sends exactly what is missing', async () => {
    await createTeamSchema(scratch.url);
    const hold = await holdPriceRow(scratch.url);
    let taken = 0;
    let killed: Exit;
    try {
      killed = await jessica(['sync', '--pg', scratch.url], async (child) => {
        taken = await copyWaitingOnHeldRow(scratch.url, child);
        child.kill('SIGKILL');
      });
    } finally {
      // the killed sync's server session goes on once the held row is gone, reads the end of its socket and rolls back
      await hold.release();
    }
    expect(killed.signal).toBe('SIGKILL');
    // midway: past the 15 names before the held row, short of the end
    expect(taken).toBeGreaterThanOrEqual(rowsBeforeHeld);
    expect(taken).toBeLessThan(sp500Rows);
    // the first universe was committed before; of the S&P 500, no row and no cursor
    const [[sp500Left, sp500Cursors, firstRows]] = (await queryRows(
      scratch.url,
      `SELECT (SELECT count(*) FROM jessica.prices WHERE store_id = $1 AND universe = 'sp500') + (SELECT count(*) FROM jessica.universes WHERE store_id = $1 AND name = 'sp500'),
              (SELECT count(*) FROM jessica.sync_cursors WHERE store_id = $1 AND scope = 'sp500'),
              (SELECT count(*) FROM jessica.prices WHERE store_id = $1 AND universe = 'first')`,
      [storeId],
    )) as [[string, string, string]];
    expect([sp500Left, sp500Cursors]).toEqual(['0', '0']);
    expect(Number(firstRows)).toBeGreaterThan(0);

    const rerun = await jessica(['sync', '--pg', scratch.url, '--json']);
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    const s = summaryOf(rerun);
    expect(rowsOf(s, 'prices')).toBe(sp500Rows);
    expect(s.tables.find((t) => t.table === 'universes')).toMatchObject({ scopes: 1, rows: 1 });
    expect(await teamSums(scratch.url, storeId)).toEqual(localSums());
    expect(summaryOf(await jessica(['sync', '--pg', scratch.url, '--json'])).upToDate).toBe(true);
  }, 300_000);

  it('a PostgreSQL restart during the COPY: one line naming the table, exit 2; the retry succeeds with every row once', async () => {
    const url = server.url('analyst', PASSWORD, 'team');
    const admin = server.adminUrl.replace(/\/postgres$/, '/team');
    await createTeamSchema(url);
    const hold = await holdPriceRow(admin);
    let taken = 0;
    let cut: Exit;
    try {
      cut = await jessica(['sync', '--pg', url], async (child) => {
        taken = await copyWaitingOnHeldRow(admin, child);
        // ends every connection, the held row's with it
        server.restart();
      });
    } finally {
      await hold.release();
    }
    expect(taken).toBeGreaterThanOrEqual(rowsBeforeHeld);
    expect(taken).toBeLessThan(sp500Rows);
    expect(cut.code).toBe(2);
    expect(cut.stdout).toBe('');
    expect(cut.stderr).toMatch(/^jessica: sync of prices \(sp500\) stopped: [^\n]+; nothing of it was kept; run jessica sync again\n$/);
    expect(cut.stderr).not.toContain(PASSWORD);
    console.info(`what the user saw: ${cut.stderr.trim()}`);
    const retry = await jessica(['sync', '--pg', url, '--json']);
    expect(retry.stderr).toBe('');
    expect(retry.code).toBe(0);
    expect(rowsOf(summaryOf(retry), 'prices')).toBe(sp500Rows);
    expect(await teamSums(admin, storeId)).toEqual(localSums());
  }, 300_000);
});

describe('jessica sync pointed at the wrong place', () => {
  const oneLine = (exit: Exit) => {
    expect(exit.code).toBe(2);
    expect(exit.stdout).toBe('');
    expect(exit.stderr.split('\n')).toHaveLength(2);
    expect(exit.stderr).not.toMatch(/\n\s+at /);
    // a refusal comes within seconds, not after a system timeout
    expect(exit.ms).toBeLessThan(30_000);
    return exit.stderr.trimEnd();
  };

  // a firewall that drops packets, or another service on the port: the socket opens, the login never completes
  const sockets: Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket));
  let silentPort: number;
  // the command pointed at it waits out its 5 s connect timeout while the other cases run, one process at a time
  let silentExit: Promise<Exit>;

  beforeAll(async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as { port: number }).port;
    silentExit = jessica(['sync', '--pg', `postgres://analyst:${encodeURIComponent(PASSWORD)}@127.0.0.1:${silentPort}/team`]);
  });

  afterAll(async () => {
    await silentExit;
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('a wrong password: the server\'s reason, the URL redacted', async () => {
    const exit = await jessica(['sync', '--pg', server.url('analyst', 'wrong horse', 'team')]);
    expect(oneLine(exit)).toBe(`jessica: team database postgres://analyst:***@127.0.0.1:${server.port}/team: password authentication failed for user "analyst"`);
  });

  it('no password where the server asks for one', async () => {
    const exit = await jessica(['sync', '--pg', `postgres://analyst@127.0.0.1:${server.port}/team`]);
    expect(oneLine(exit)).toBe(`jessica: team database postgres://analyst@127.0.0.1:${server.port}/team: 127.0.0.1:${server.port} asks for a password for user "analyst" and the URL gives none`);
  });

  it('a port nothing listens on, and a database that does not exist', async () => {
    const closed = await jessica(['sync', '--pg', `postgres://analyst:${encodeURIComponent(PASSWORD)}@127.0.0.1:9/team`]);
    expect(oneLine(closed)).toBe('jessica: team database postgres://analyst:***@127.0.0.1:9/team: connection refused at 127.0.0.1:9 (is PostgreSQL running there, listening on that port?)');
    const missing = await jessica(['sync', '--pg', server.url('analyst', PASSWORD, 'nope')]);
    expect(oneLine(missing)).toBe(
      `jessica: team database postgres://analyst:***@127.0.0.1:${server.port}/nope: database "nope" does not exist on 127.0.0.1:${server.port} (create it, or name another database in the URL)`,
    );
  });

  it('a right password: --test says what answered', async () => {
    const exit = await jessica(['sync', '--test', '--pg', server.url('analyst', PASSWORD, 'team')]);
    expect(exit.code).toBe(0);
    expect(exit.stdout).toMatch(new RegExp(`^ok: postgres://analyst:\\*\\*\\*@127\\.0\\.0\\.1:${server.port}/team: connected to PostgreSQL \\d+\\.\\d+ as analyst, database team; no TimescaleDB: plain tables \\(\\d+ ms\\)\\n$`));
  });

  it('a host that takes the connection and never answers: no answer within the connect timeout', async () => {
    const exit = await silentExit;
    expect(oneLine(exit)).toBe(`jessica: team database postgres://analyst:***@127.0.0.1:${silentPort}/team: no answer from 127.0.0.1:${silentPort} within 5 s`);
    expect(sockets.length).toBeGreaterThan(0);
  });
});
