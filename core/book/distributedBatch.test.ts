import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchResult } from '../../api/book.ts';
import { generateAccounts } from '../accounts/demoBookFiles.ts';
import { createCore, type Core } from '../createCore.ts';
import { BatchStore } from '../distributed/batchStore.ts';
import { ensureDemoMarket } from '../market/demoMarket.ts';
import { openServices } from '../services.ts';
import { createScratchDatabase, queryRows } from '../sync/testing/scratchDatabase.ts';
import { fastFailover } from './testing/distributedSettings.ts';
import { startJessica, type JessicaProcess } from './testing/jessicaProcess.ts';

/**
 * The distributed batch against a local one on the same book: two `jessica worker` processes on loopback, the team
 * database a scratch PostgreSQL database. The book: 1,500 demo accounts, each with restrictions of its own, large
 * enough that every band holds every name, so every cluster model is an LP whose optimum HiGHS reaches the same way
 * wherever it runs (a max-names model's heuristic works against the clock and need not give the same target twice):
 * the files can be compared byte for byte. Faults: a worker killed mid-chunk, a delivery twice, the coordinator
 * killed and resumed, a chunk whose job exhausts its retries.
 */
let home: string;
let core: Core;
let pg: Awaited<ReturnType<typeof createScratchDatabase>>;
let workers: JessicaProcess[] = [];
let local: BatchResult;
const FILES = ['clusters.csv', 'allocations.csv', 'trades.csv', 'accounts.csv'];
// a killed worker's job goes to another after 15 s (a chunk on a loaded machine, its threads starting, takes a few), found by maintenance every second
const env = () => ({ JESSICA_HOME: home, ...settings!.env });
const book = () => ({ accountsFile: path.join(home, 'big.csv'), holdingsFile: path.join(home, 'lots.csv'), universe: 'demo', useCase: 'index-tracking' });

async function call<T>(method: string, args: unknown): Promise<T> {
  const envelope = await core.dispatch(method, args);
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value as T;
}

function startWorker(): JessicaProcess {
  const w = startJessica(['worker', '--pg', pg.url, '--concurrency', '1', '--verbose'], env());
  workers.push(w);
  return w;
}

function expectSameFiles(dir: string): void {
  for (const file of FILES) {
    const a = readFileSync(path.join(home, 'local', file));
    const b = readFileSync(path.join(dir, file));
    expect(b.equals(a), `${file} of ${path.basename(dir)} against the local batch's`).toBe(true);
  }
}

/** The chunk jobs of a batch in pg-boss's table, by the coordinator's round, with the largest retry count. */
async function chunkJobs(batchId: string): Promise<{ round: string; jobs: number; retried: number }[]> {
  const rows = await queryRows(
    pg.url,
    `SELECT data->>'round', count(*), max(retry_count) FROM jessica_boss.job WHERE name = 'jessica-batch-chunk' AND data->>'batchId' = $1 GROUP BY 1 ORDER BY min(created_on)`,
    [batchId],
  );
  return rows.map(([round, jobs, retried]) => ({ round: round!, jobs: Number(jobs), retried: Number(retried) }));
}

let settings: ReturnType<typeof fastFailover> | undefined;

beforeAll(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-distributed-'));
  // the coordinators this file runs in its own process set the queues' expiry as the workers' environment does
  settings = fastFailover();
  core = createCore(openServices({ home, highsWorkers: 2 }));
  ensureDemoMarket(core.services.db);
  generateAccounts(core.services.db, { count: 1500, seed: 9, universe: 'demo', out: path.join(home, 'book.csv'), holdingsOut: path.join(home, 'lots.csv'), restrictions: 'individual' });
  // the same accounts and lots, 40 times the value: every band saturated (see above)
  const rows = parse(readFileSync(path.join(home, 'book.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
  writeFileSync(path.join(home, 'big.csv'), stringify(rows.map((r) => ({ ...r, value: (Number(r.value) * 40).toFixed(2) })), { header: true }));
  pg = await createScratchDatabase();
  local = await call<BatchResult>('book/batch', { ...book(), out: path.join(home, 'local') });
  startWorker();
  startWorker();
}, 300_000);

afterAll(async () => {
  settings?.restore();
  for (const w of workers) w.child.kill('SIGKILL');
  await core?.services.close();
  await pg?.drop();
  // JESSICA_KEEP_TEST_HOME=1 keeps the files to compare by hand
  if (!process.env.JESSICA_KEEP_TEST_HOME) rmSync(home, { recursive: true, force: true });
  else console.log(`kept ${home}`);
});

describe('a distributed batch', () => {
  it('on two worker processes writes the same files as the local batch, every model an LP', async () => {
    expect(new Set(local.clusters.map((c) => c.solveStatus.split(' ')[0]))).toEqual(new Set(['optimal']));
    const dist = await call<BatchResult>('book/batch', { ...book(), distributed: true, pg: pg.url, out: path.join(home, 'dist') });
    expectSameFiles(path.join(home, 'dist'));
    expect({ ...dist.trackingError, accounts: dist.accounts }).toEqual({ ...local.trackingError, accounts: local.accounts });
    expect(dist.spans.map((s) => s.name)).toContain('distribute');
    // both workers did chunks and models
    for (const w of workers) expect(w.output()).toMatch(/jessica-batch-chunk job \S+ done/);
    expect(workers.map((w) => w.output()).join('')).toMatch(/jessica-batch-model job \S+ done/);
    // the team database keeps the batch's row, done, not its inputs and results
    const rows = await queryRows(pg.url, 'SELECT status, (SELECT count(*) FROM jessica_dist.inputs), (SELECT count(*) FROM jessica_dist.results) FROM jessica_dist.batches');
    expect(rows).toEqual([['done', '0', '0']]);
  }, 180_000);

  it('with a worker killed in the middle of a chunk: another maps it after its expiry, and the files are the same', async () => {
    const victim = workers[0]!;
    const from = victim.output().length;
    const running = call<BatchResult>('book/batch', { ...book(), distributed: true, pg: pg.url, out: path.join(home, 'killed-worker') });
    await victim.waitForLine(/jessica-batch-chunk job \S+ started/, 120_000, from);
    victim.child.kill('SIGKILL');
    const result = await running;
    expectSameFiles(path.join(home, 'killed-worker'));
    expect(result.accounts).toBe(1500);
    const batchId = (result.spans.find((s) => s.name === 'distribute')?.attrs as { batch: string }).batch;
    // the job the killed worker held was delivered again (a kill between jobs would prove nothing)
    expect((await chunkJobs(batchId)).some((r) => r.retried >= 1)).toBe(true);
    workers = workers.filter((w) => w !== victim);
    startWorker();
  }, 180_000);

  it('stores a chunk delivered twice once: the second delivery writes nothing', async () => {
    const store = await BatchStore.open(pg.url);
    try {
      await store.createBatch('twice', { args: book() });
      const first = await store.putResult('twice', 'chunk', 0, Buffer.from('mapped'), 'worker-a', 0);
      const second = await store.putResult('twice', 'chunk', 0, Buffer.from('mapped again'), 'worker-b', 1);
      expect([first, second]).toEqual([true, false]);
      const rows = [];
      for await (const r of store.readResults('twice', 'chunk')) rows.push({ key: r.key, body: r.body.toString(), worker: r.worker });
      expect(rows).toEqual([{ key: 0, body: 'mapped', worker: 'worker-a' }]);
    } finally {
      await store.dropBatch('twice');
      await store.close();
    }
  });

  it('with its coordinator killed: --resume finishes it with the same files, asking only for the chunks not yet mapped', async () => {
    const out = path.join(home, 'resumed');
    const coordinator = startJessica(['batch', '--accounts', book().accountsFile, '--holdings', book().holdingsFile, '--universe', 'demo', '--use-case', 'index-tracking', '--distributed', '--pg', pg.url, '--out', out], env());
    const line = await coordinator.waitForLine(/^distributed batch \S+ on /, 120_000);
    const batchId = /^distributed batch (\S+)/.exec(line)![1]!;
    // killed once the first chunk is mapped: the models are solved, some chunks done, the files not written
    for (let t = 0; Number((await queryRows(pg.url, "SELECT count(*) FROM jessica_dist.results WHERE batch_id = $1 AND kind = 'chunk'", [batchId]))[0]![0]) === 0; t++) {
      if (t > 600) throw new Error(`no chunk of ${batchId} was mapped in 60 s:\n${coordinator.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    coordinator.child.kill('SIGKILL');
    await coordinator.exited;
    // the workers stopped (gracefully: the chunks in hand are finished), so that what is mapped stays as counted
    for (const w of workers) w.child.kill('SIGTERM');
    for (const w of workers) expect((await w.exited).code, w.output()).toBe(0);
    workers = [];
    const mappedBefore = Number((await queryRows(pg.url, "SELECT count(*) FROM jessica_dist.results WHERE batch_id = $1 AND kind = 'chunk'", [batchId]))[0]![0]);
    expect(await queryRows(pg.url, 'SELECT status FROM jessica_dist.batches WHERE batch_id = $1', [batchId])).toEqual([['running']]);

    startWorker();
    startWorker();
    const resumed = startJessica(['batch', '--accounts', book().accountsFile, '--holdings', book().holdingsFile, '--universe', 'demo', '--use-case', 'index-tracking', '--resume', batchId, '--pg', pg.url, '--out', out], env());
    const exit = await resumed.exited;
    expect(exit.code, resumed.output()).toBe(0);
    expect(resumed.output()).toContain(`distributed batch ${batchId} on `);
    expectSameFiles(out);
    const rounds = await chunkJobs(batchId);
    expect(rounds[0]!.jobs).toBe(3);
    // the resume asked again only for what was not mapped when it started
    expect(rounds.slice(1).reduce((n, r) => n + r.jobs, 0)).toBe(3 - mappedBefore);
  }, 240_000);

  it('a chunk whose job exhausts its retries fails the batch naming the chunk and its accounts; a resume completes it', async () => {
    const out = path.join(home, 'retried');
    const running = core.dispatch('book/batch', { ...book(), distributed: true, pg: pg.url, out });
    // the second chunk's input taken away once the batch sent it: every delivery of its job fails
    let batchId = '';
    for (let t = 0; !batchId; t++) {
      if (t > 600) throw new Error('the batch sent no inputs in 60 s');
      const rows = await queryRows(pg.url, "SELECT batch_id FROM jessica_dist.inputs WHERE name = 'chunk-1' AND batch_id NOT IN (SELECT batch_id FROM jessica_dist.batches WHERE status <> 'running')");
      if (rows.length > 0) batchId = rows[0]![0]!;
      else await new Promise((r) => setTimeout(r, 50));
    }
    await queryRows(pg.url, "DELETE FROM jessica_dist.inputs WHERE batch_id = $1 AND name = 'chunk-1'", [batchId]);
    const failed = await running;
    expect(failed.ok).toBe(false);
    const message = !failed.ok ? failed.error.message : '';
    expect(message).toMatch(new RegExp(`chunk 2 of distributed batch ${batchId} \\(500 accounts, A000501 to A001000\\) was not mapped: its job failed 4 times; last: .*chunk-1`));
    expect(message).toContain(`--resume ${batchId}`);
    const resumed = await call<BatchResult>('book/batch', { ...book(), resume: batchId, pg: pg.url, out });
    expect(resumed.accounts).toBe(1500);
    expectSameFiles(out);
  }, 240_000);
});
