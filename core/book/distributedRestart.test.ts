import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchResult } from '../../api/book.ts';
import { generateAccounts } from '../accounts/demoBookFiles.ts';
import { createCore, type Core } from '../createCore.ts';
import { ensureDemoMarket } from '../market/demoMarket.ts';
import { openServices } from '../services.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../sync/testing/privatePostgres.ts';
import { queryRows } from '../sync/testing/scratchDatabase.ts';
import { fastFailover } from './testing/distributedSettings.ts';
import { startJessica, type JessicaProcess } from './testing/jessicaProcess.ts';

/**
 * PostgreSQL restarted in the middle of a distributed batch (a server of the test's own: the shared one must not go
 * away under other test files): the workers reconnect and go on, the coordinator waits the outage out, and the batch
 * completes with the local batch's files. The book as in distributedBatch.test.ts: every cluster model an LP.
 */
let home: string;
let core: Core;
let server: PrivatePostgres;
let local: BatchResult;
const workers: JessicaProcess[] = [];
const FILES = ['clusters.csv', 'allocations.csv', 'trades.csv', 'accounts.csv'];
let settings: ReturnType<typeof fastFailover> | undefined;
const book = () => ({ accountsFile: path.join(home, 'big.csv'), holdingsFile: path.join(home, 'lots.csv'), universe: 'demo', useCase: 'index-tracking' });

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-distributed-restart-'));
  settings = fastFailover();
  core = createCore(openServices({ home, highsWorkers: 2 }));
  ensureDemoMarket(core.services.db);
  generateAccounts(core.services.db, { count: 2500, seed: 13, universe: 'demo', out: path.join(home, 'book.csv'), holdingsOut: path.join(home, 'lots.csv'), restrictions: 'individual' });
  const rows = parse(readFileSync(path.join(home, 'book.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  writeFileSync(path.join(home, 'big.csv'), stringify(rows.map((r) => ({ ...r, value: (Number(r.value) * 100).toFixed(2) })), { header: true }));
  const envelope = await core.dispatch('book/batch', { ...book(), out: path.join(home, 'local') });
  if (!envelope.ok) throw new Error(envelope.error.message);
  local = envelope.value as BatchResult;
  server = await startPrivatePostgres();
  for (let k = 0; k < 2; k++) {
    workers.push(startJessica(['worker', '--pg', server.adminUrl, '--verbose'], { JESSICA_HOME: home, ...settings!.env }));
  }
}, 300_000);

afterAll(async () => {
  settings?.restore();
  for (const w of workers) w.child.kill('SIGKILL');
  await core?.services.close();
  server?.stop();
  if (!process.env.JESSICA_KEEP_TEST_HOME) rmSync(home, { recursive: true, force: true });
  else console.log(`kept ${home}`);
});

describe('a distributed batch through a PostgreSQL restart', () => {
  it('completes with the local files: the workers reconnect, the coordinator waits', async () => {
    expect(new Set(local.clusters.map((c) => c.solveStatus.split(' ')[0]))).toEqual(new Set(['optimal']));
    const running = core.dispatch('book/batch', { ...book(), distributed: true, pg: server.adminUrl, out: path.join(home, 'dist') });
    // restarted once the first chunk is mapped: models solved, chunks in flight
    for (let t = 0; ; t++) {
      const rows = await queryRows(server.adminUrl, "SELECT count(*) FROM jessica_dist.results WHERE kind = 'chunk'").catch(() => [['0']]);
      if (Number(rows[0]![0]) > 0) break;
      if (t > 1200) throw new Error('no chunk was mapped in 120 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    server.restart();
    const envelope = await running;
    if (!envelope.ok) throw new Error(envelope.error.message);
    expect((envelope.value as BatchResult).accounts).toBe(2500);
    for (const file of FILES) expect(readFileSync(path.join(home, 'dist', file)).equals(readFileSync(path.join(home, 'local', file))), file).toBe(true);
    // neither worker died with the connections
    for (const w of workers) expect(w.child.exitCode, w.output()).toBeNull();
    const said = workers.map((w) => w.output()).join('');
    expect(said).toMatch(/jessica-batch-chunk job \S+ done/);
    // the restart reached them (its connections ended mid-batch), and they went on
    expect(said).toMatch(/database: .*(terminat|ECONNRESET|ECONNREFUSED|Connection terminated)/i);
  }, 240_000);
});
