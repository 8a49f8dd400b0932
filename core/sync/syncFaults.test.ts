import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncSummary } from '../../api/sync.ts';
import { startPrivatePostgres, type PrivatePostgres } from './testing/privatePostgres.ts';
import { createScratchDatabase, queryRows } from './testing/scratchDatabase.ts';
import { storeSums, teamSums } from './testing/tableChecksums.ts';

/**
 * `jessica sync` when things go wrong, as a user meets it: the real command in its own process, the real S&P 500
 * (1.1 M price rows, so a sync copies for seconds), killed with SIGKILL or cut off by a PostgreSQL restart in the
 * middle of its COPY, or pointed at a wrong port, password or database.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const data = path.resolve(repoRoot, '../shared/data/sp500');
const SP500_ROWS = 1_136_986;
const PASSWORD = 'correct horse battery';

let home: string;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let server: PrivatePostgres;
let storeId: string;

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
 * Waits until the demo universe is committed and a COPY into jessica.prices of `url`'s database has taken `rows` rows:
 * the S&P 500's, midway (fails if the sync ends first).
 */
async function sp500CopyUnderWay(url: string, rows: number, child: ReturnType<typeof spawn>): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the sync ended (exit ${child.exitCode}) before its COPY of the S&P 500's prices reached ${rows} rows`);
    // one statement: the demo's cursor from its snapshot, the COPY's progress read after it, so a COPY counted here
    // began after the demo universe was committed
    const [[demo, done]] = (await queryRows(
      url,
      `SELECT (SELECT count(*) FROM jessica.sync_cursors WHERE store_id = $1 AND table_name = 'prices' AND scope = 'demo'),
              coalesce((SELECT max(tuples_processed) FROM pg_stat_progress_copy WHERE datname = current_database() AND relid = to_regclass('jessica.prices')), 0)`,
      [storeId],
    ).catch(() => [['0', '0']])) as [[string, string]];
    if (demo === '1' && Number(done) >= rows) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function localSums() {
  const db = new BetterSqlite3(path.join(home, 'jessica.sqlite'), { readonly: true });
  try {
    return storeSums(db);
  } finally {
    db.close();
  }
}

const summaryOf = (exit: Exit) => JSON.parse(exit.stdout) as SyncSummary;
const rowsOf = (s: SyncSummary, table: string) => s.tables.find((t) => t.table === table)?.rows ?? 0;

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-sync-faults-'));
  const env = { ...process.env, JESSICA_HOME: home };
  // the demo market (loaded on first use) and the S&P 500: two scopes, the small one synced first
  for (const args of [['data', 'list'], ['data', 'import', '--universe', 'sp500', '--prices', `${data}/prices.csv.gz`, '--constituents', `${data}/constituents.csv`, '--index', `${data}/index.csv`]]) {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/jessica.mjs'), ...args], { env, encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) throw new Error(`jessica ${args.join(' ')}: ${r.stderr}`);
  }
  const db = new BetterSqlite3(path.join(home, 'jessica.sqlite'), { readonly: true });
  storeId = db.prepare('SELECT store_id FROM store_identity').pluck().get() as string;
  db.close();
  scratch = await createScratchDatabase();
  server = await startPrivatePostgres();
  await queryRows(server.adminUrl, `CREATE ROLE analyst LOGIN PASSWORD '${PASSWORD}'`);
  await queryRows(server.adminUrl, 'CREATE DATABASE team OWNER analyst');
}, 600_000);

afterAll(async () => {
  server?.stop();
  await scratch?.drop();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('jessica sync killed or cut off midway', () => {
  it('kill -9 during the COPY of prices keeps nothing of that scope; the rerun sends exactly what is missing', async () => {
    const killed = await jessica(['sync', '--pg', scratch.url], async (child) => {
      await sp500CopyUnderWay(scratch.url, 200_000, child);
      child.kill('SIGKILL');
    });
    expect(killed.signal).toBe('SIGKILL');
    // the demo universe was committed before; of the S&P 500, no row and no cursor
    const [[sp500Rows, sp500Cursors, demoRows]] = (await queryRows(
      scratch.url,
      `SELECT (SELECT count(*) FROM jessica.prices WHERE store_id = $1 AND universe = 'sp500') + (SELECT count(*) FROM jessica.universes WHERE store_id = $1 AND name = 'sp500'),
              (SELECT count(*) FROM jessica.sync_cursors WHERE store_id = $1 AND scope = 'sp500'),
              (SELECT count(*) FROM jessica.prices WHERE store_id = $1 AND universe = 'demo')`,
      [storeId],
    )) as [[string, string, string]];
    expect([sp500Rows, sp500Cursors]).toEqual(['0', '0']);
    expect(Number(demoRows)).toBeGreaterThan(0);

    const rerun = await jessica(['sync', '--pg', scratch.url, '--json']);
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    const s = summaryOf(rerun);
    expect(rowsOf(s, 'prices')).toBe(SP500_ROWS);
    expect(s.tables.find((t) => t.table === 'universes')).toMatchObject({ scopes: 1, rows: 1 });
    expect(await teamSums(scratch.url, storeId)).toEqual(localSums());
    expect(summaryOf(await jessica(['sync', '--pg', scratch.url, '--json'])).upToDate).toBe(true);
  }, 600_000);

  it('a PostgreSQL restart during the COPY: one line naming the table, exit 2; the retry succeeds with every row once', async () => {
    const url = server.url('analyst', PASSWORD, 'team');
    const admin = server.adminUrl.replace(/\/postgres$/, '/team');
    const cut = await jessica(['sync', '--pg', url], async (child) => {
      await sp500CopyUnderWay(admin, 200_000, child);
      server.restart();
    });
    expect(cut.code).toBe(2);
    expect(cut.stdout).toBe('');
    expect(cut.stderr).toMatch(/^jessica: sync of prices \(sp500\) stopped: [^\n]+; nothing of it was kept; run jessica sync again\n$/);
    expect(cut.stderr).not.toContain(PASSWORD);
    console.info(`what the user saw: ${cut.stderr.trim()}`);
    const retry = await jessica(['sync', '--pg', url, '--json']);
    expect(retry.stderr).toBe('');
    expect(retry.code).toBe(0);
    expect(rowsOf(summaryOf(retry), 'prices')).toBe(SP500_ROWS);
    expect(await teamSums(admin, storeId)).toEqual(localSums());
  }, 600_000);
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

  it('a host that takes the connection and never answers: no answer within the connect timeout', async () => {
    // a firewall that drops packets, or another service on the port: the socket opens, the login never completes
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const exit = await jessica(['sync', '--pg', `postgres://analyst:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/team`]);
      expect(oneLine(exit)).toBe(`jessica: team database postgres://analyst:***@127.0.0.1:${port}/team: no answer from 127.0.0.1:${port} within 5 s`);
      expect(sockets.length).toBeGreaterThan(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('a right password: --test says what answered', async () => {
    const exit = await jessica(['sync', '--test', '--pg', server.url('analyst', PASSWORD, 'team')]);
    expect(exit.code).toBe(0);
    expect(exit.stdout).toMatch(new RegExp(`^ok: postgres://analyst:\\*\\*\\*@127\\.0\\.0\\.1:${server.port}/team: connected to PostgreSQL \\d+\\.\\d+ as analyst, database team; no TimescaleDB: plain tables \\(\\d+ ms\\)\\n$`));
  });
});
