import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../core/store/database.ts';
import { loadDemoSlice } from '../core/sync/testing/demoSlice.ts';
import { createScratchDatabase } from '../core/sync/testing/scratchDatabase.ts';
import { repoRoot } from './testing/runJessica.ts';

let home: string;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
/** the store's price rows as the CLI prints a count (1,234) */
let priceRows: string;

/** `jessica ...args` as a user runs it, JESSICA_PG_URL as given (never the caller's). */
function jessica(args: string[], pgUrl?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, JESSICA_HOME: home };
  delete env.JESSICA_PG_URL;
  if (pgUrl !== undefined) env.JESSICA_PG_URL = pgUrl;
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/jessica.mjs'), ...args], { env, encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-cli-sync-'));
  scratch = await createScratchDatabase();
  // the demo market cut to every 5th name over its last 300 days (30k price rows, not 400k: the commands print what
  // they print at any size), written into the store as the demo market is on first use
  const db = openDatabase(path.join(home, 'jessica.sqlite'));
  try {
    loadDemoSlice(db, 5, 300);
    priceRows = (db.prepare('SELECT count(*) FROM prices').pluck().get() as number).toLocaleString('en-US');
  } finally {
    db.close();
  }
}, 180_000);

afterAll(async () => {
  await scratch?.drop();
  rmSync(home, { recursive: true, force: true });
});

describe('jessica sync and jessica settings', () => {
  it('documents --pg, --status and --test in its help', () => {
    const help = jessica(['sync', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--pg <url>', '--status', '--test', '--json', 'JESSICA_PG_URL']) expect(help.stdout).toContain(option);
  });

  it('says how to set a team database when none is set (exit 1), and refuses a malformed URL without echoing its password (exit 1)', () => {
    const none = jessica(['sync']);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe(
      'jessica: no team database is set: give one with --pg postgres://user:password@host:5432/database, set JESSICA_PG_URL, or set it in the Settings screen (or `jessica settings set pg-url URL`)\n',
    );
    const malformed = jessica(['sync', '--pg', 'postgres://analyst:hunter2@[::1/x']);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toBe('jessica: the team database URL "postgres://analyst:***@[::1/x" is not a URL; expected a URL such as postgres://user:password@host:5432/database\n');
    const notPostgres = jessica(['sync', '--pg', 'mysql://analyst:hunter2@db/x']);
    expect(notPostgres.code).toBe(1);
    expect(notPostgres.stderr).not.toContain('hunter2');
    const badSetting = jessica(['settings', 'set', 'pg-url', 'postgres://analyst:hunter2@[x']);
    expect(badSetting.code).toBe(1);
    expect(badSetting.stderr).not.toContain('hunter2');
  });

  it('syncs to the URL stored by `settings set`, which JESSICA_PG_URL and then --pg override', () => {
    const stored = new URL(scratch.url);
    stored.password = 'hunter2';
    const set = jessica(['settings', 'set', 'pg-url', stored.toString()]);
    expect(set.code).toBe(0);
    expect(set.stdout).toBe(`pg-url: ${stored.toString().replace(':hunter2@', ':***@')}\n`);
    expect(jessica(['settings', 'get']).stdout).toBe(set.stdout);

    const first = jessica(['sync']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).not.toContain('hunter2');
    expect(first.stdout).toMatch(/^synced store [0-9a-f-]{36} to postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:5432\/jessica_test_\w+: plain PostgreSQL, no TimescaleDB\n/);
    expect(first.stdout).toMatch(new RegExp(`\\nprices +1 +${priceRows} +\\d+\\.\\d\\d +[\\d,]+\\n`));
    expect(first.stdout).toMatch(/\ntotal +[\d,]+ +\d+\.\d\d +[\d,]+\n$/);
    expect(jessica(['sync']).stdout).toMatch(/^up to date: nothing new for postgres:\/\/postgres:\*\*\*@.*; checked in \d+\.\d\d s\n$/);

    // JESSICA_PG_URL over the setting: a closed port fails, exit 2, one line
    const closed = 'postgres://analyst:hunter2@127.0.0.1:9/team';
    const fromEnv = jessica(['sync'], closed);
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toBe('jessica: team database postgres://analyst:***@127.0.0.1:9/team: connection refused at 127.0.0.1:9 (is PostgreSQL running there, listening on that port?)\n');
    // --pg over JESSICA_PG_URL
    expect(jessica(['sync', '--pg', scratch.url], closed).code).toBe(0);

    expect(jessica(['settings', 'unset', 'pg-url']).stdout).toBe('pg-url: (not set)\n');
  });

  it('--status shows per table what the team database holds and what is pending; --test what answered', () => {
    const status = jessica(['sync', '--status', '--pg', scratch.url]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/: reachable\n/);
    expect(status.stdout).toMatch(new RegExp(`\\nprices +${priceRows} +0 +\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\n`));
    // the store holds no book: nothing of one was ever sent (its runs are, since an import and a sync store runs)
    expect(status.stdout).toMatch(/\nbooks +0 +0 +never\n/);
    const test = jessica(['sync', '--test', '--pg', scratch.url]);
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/^ok: .*: connected to PostgreSQL \d+\.\d+ as postgres, database jessica_test_\w+; no TimescaleDB: plain tables \(\d+ ms\)\n$/);
    const unreachable = jessica(['sync', '--status', '--pg', 'postgres://x@127.0.0.1:9/y']);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stdout).toContain('not reachable\nteam database postgres://x@127.0.0.1:9/y: connection refused at 127.0.0.1:9');
    const failed = jessica(['sync', '--test', '--pg', 'postgres://x@127.0.0.1:9/y']);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe('jessica: team database postgres://x@127.0.0.1:9/y: connection refused at 127.0.0.1:9 (is PostgreSQL running there, listening on that port?)\n');
    expect(jessica(['sync', '--status', '--test']).code).toBe(1);
  });
});
