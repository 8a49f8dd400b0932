import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createScratchDatabase, queryRows } from '../sync/testing/scratchDatabase.ts';
import { BatchStore } from './batchStore.ts';

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let store: BatchStore;
beforeAll(async () => {
  scratch = await createScratchDatabase();
  store = await BatchStore.open(scratch.url, { pageRows: 50 });
});
afterAll(async () => {
  await store?.close();
  await scratch?.drop();
});

describe('BatchStore', () => {
  it('creates a batch once, refusing the same id again, and finishes it', async () => {
    await store.createBatch('b-create', { accounts: 3 });
    await expect(store.createBatch('b-create', {})).rejects.toThrow('batch "b-create" already exists');
    await store.finishBatch('b-create', 'done');
    const batch = await store.getBatch('b-create');
    expect(batch).toMatchObject({ batchId: 'b-create', spec: { accounts: 3 }, status: 'done' });
    expect(batch!.finishedAt).toBeInstanceOf(Date);
    await expect(store.finishBatch('b-none', 'done')).rejects.toThrow('batch "b-none" cannot be finished as "done": it does not exist');
  });

  it('stores inputs as given, replaces them, and names the batch and input when one is missing', async () => {
    await store.createBatch('b-inputs', {});
    const blob = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256));
    await store.putInput('b-inputs', 'market', blob);
    expect((await store.getInput('b-inputs', 'market')).equals(blob)).toBe(true);
    await store.putInput('b-inputs', 'market', Buffer.from('second'));
    expect((await store.getInput('b-inputs', 'market')).toString()).toBe('second');
    await expect(store.getInput('b-inputs', 'targets')).rejects.toThrow('input "targets" of batch "b-inputs" is not stored');
    await expect(store.getInput('b-none', 'market')).rejects.toThrow('input "market" cannot be read: batch "b-none" does not exist');
    await expect(store.putInput('b-none', 'market', blob)).rejects.toThrow('batch "b-none" does not exist (createBatch first)');
  });

  it('writes a result once: a duplicated delivery answers false and leaves the first row', async () => {
    await store.createBatch('b-dup', {});
    expect(await store.putResult('b-dup', 'fit', 7, Buffer.from('first'), 'host:1', 0)).toBe(true);
    expect(await store.putResult('b-dup', 'fit', 7, Buffer.from('second'), 'host:2', 1)).toBe(false);
    const rows = await queryRows(scratch.url, `SELECT key, convert_from(body, 'UTF8'), worker, attempt FROM jessica_dist.results WHERE batch_id = 'b-dup'`);
    expect(rows).toEqual([['7', 'first', 'host:1', '0']]);
    // another kind with the same key is another result
    expect(await store.putResult('b-dup', 'model', 7, Buffer.from('m'), 'host:1', 0)).toBe(true);
    expect(await store.countResults('b-dup', 'fit')).toBe(1);
    await expect(store.putResult('b-dup', 'fit', 2 ** 31, Buffer.from(''), 'h', 0)).rejects.toThrow('result key 2147483648 of kind "fit" in batch "b-dup" is not a 32-bit integer');
    await expect(store.putResult('b-gone', 'fit', 1, Buffer.from(''), 'h', 0)).rejects.toThrow('batch "b-gone" does not exist (dropped?)');
  });

  it('reads 120 results in key order, 50 rows a query, all of them or the keys asked for', async () => {
    await store.createBatch('b-pages', {});
    // written out of order, with negative keys, so the order comes from the query
    const keys = Array.from({ length: 120 }, (_, i) => ((i * 37) % 120) - 10);
    for (const key of keys) await store.putResult('b-pages', 'fit', key, Buffer.from(`r${key}`), 'w', 0);
    await store.putResult('b-pages', 'other', 1000, Buffer.from('x'), 'w', 0);

    // a store over a pool of the test's own, to count the queries and the rows each one brought
    const pool = new pg.Pool({ connectionString: scratch.url });
    const paged = new BatchStore(pool, { pageRows: 50 });
    const query = vi.spyOn(pool, 'query');
    try {
      const read: number[] = [];
      for await (const result of paged.readResults('b-pages', 'fit')) {
        expect(result.body.toString()).toBe(`r${result.key}`);
        expect(result).toMatchObject({ worker: 'w', attempt: 0 });
        read.push(result.key);
      }
      expect(read).toEqual(Array.from({ length: 120 }, (_, i) => i - 10));
      const pages = await Promise.all(query.mock.results.map(async (r) => ((await r.value) as pg.QueryResult).rowCount));
      expect(pages).toEqual([50, 50, 20]);
    } finally {
      query.mockRestore();
      await pool.end();
    }
    const read = Array.from({ length: 120 }, (_, i) => i - 10);
    expect(await store.resultKeys('b-pages', 'fit')).toEqual(new Set(read));
    expect(await store.countResults('b-pages', 'fit')).toBe(120);

    const some = [105, -10, 3, 3, 49, 50, 51, 99, 100, 5000];
    const picked: number[] = [];
    for await (const result of store.readResults('b-pages', 'fit', some)) picked.push(result.key);
    expect(picked).toEqual([-10, 3, 49, 50, 51, 99, 100, 105]);
  });

  it('reads the keys asked for through a binary copy: every byte value, a quote in the batch id, the time as stored', async () => {
    const batch = "b-o'copy";
    await store.createBatch(batch, {});
    const bytes = Buffer.from(Array.from({ length: 3 * 256 }, (_, i) => (i * 7) % 256));
    await store.putResult(batch, 'chunk', 4, bytes, 'hôte-é:12', 2);
    await store.putResult(batch, 'chunk', 9, Buffer.alloc(0), 'w', 0);
    const read = [];
    for await (const r of store.readResults(batch, 'chunk', [9, 4, 4])) read.push(r);
    expect(read.map((r) => [r.key, r.worker, r.attempt])).toEqual([
      [4, 'hôte-é:12', 2],
      [9, 'w', 0],
    ]);
    expect(read[0]!.body.equals(bytes)).toBe(true);
    expect(read[1]!.body.length).toBe(0);
    // the same instant as PostgreSQL gives it through a query, to the millisecond (truncated, as a Date from node-postgres is)
    const [row] = await queryRows(scratch.url, `SELECT floor(extract(epoch FROM created_at) * 1000)::bigint FROM jessica_dist.results WHERE batch_id = $1 AND key = 4`, [batch]);
    expect(read[0]!.createdAt.getTime()).toBe(Number(row![0]));
  });

  it('drops a batch with its inputs and results', async () => {
    await store.createBatch('b-drop', {});
    await store.putInput('b-drop', 'book', Buffer.from('x'));
    await store.putResult('b-drop', 'fit', 1, Buffer.from('y'), 'w', 0);
    expect(await store.dropBatch('b-drop')).toBe(true);
    expect(await store.dropBatch('b-drop')).toBe(false);
    const left = await queryRows(scratch.url, `SELECT (SELECT count(*) FROM jessica_dist.inputs WHERE batch_id = 'b-drop') + (SELECT count(*) FROM jessica_dist.results WHERE batch_id = 'b-drop')`);
    expect(left).toEqual([['0']]);
  });
});
