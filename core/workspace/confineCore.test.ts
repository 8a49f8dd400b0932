import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fail, ok, type Envelope } from '../../api/envelope.ts';
import type { Job } from '../../api/jobs.ts';
import { confineCore, type CoreCalls } from './confineCore.ts';
import { openWorkspace } from './workspaceDirectory.ts';

let root: string;
let workspace: string;
let prices: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'jessica-confined-core-'));
  workspace = openWorkspace(path.join(root, 'workspace'));
  prices = path.join(workspace, 'prices.csv');
  writeFileSync(prices, 'date,ticker,close\n2024-01-02,AAA,job-secret-42\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A core whose import fails on line 2 quoting its value, as a reader that is not careful would. */
function leakyCore() {
  const events = new EventEmitter();
  const calls: { method: string; args: unknown }[] = [];
  const failure = (file: string): Envelope<never> =>
    fail({ code: 'bad-input', message: `${file} line 2, field close: "job-secret-42" is not a number`, where: { file, line: 2, field: 'close' } });
  let job: Job | undefined;
  const core: CoreCalls = {
    async dispatch(method, args) {
      calls.push({ method, args });
      if (method === 'data/import') return failure((args as { pricesFile: string }).pricesFile);
      if (method === 'jobs/start') {
        job = { id: 'job-1', method: 'data/import', state: 'running', startedAt: 't0', finishedAt: null, progress: null, outcome: null };
        const file = ((args as { args: { pricesFile: string } }).args).pricesFile;
        setImmediate(() => {
          job = { ...job!, state: 'failed', finishedAt: 't1', outcome: failure(file) };
          events.emit('jobs/finished', { job });
        });
        return ok({ ...job });
      }
      if (method === 'jobs/show' || method === 'jobs/cancel') return ok({ ...job! });
      if (method === 'jobs/list') return ok([{ ...job! }]);
      return ok(null);
    },
    subscribe(event, handler) {
      events.on(event, handler);
      return () => events.off(event, handler);
    },
  };
  return { core, calls, events };
}

describe('confineCore', () => {
  it('refuses a path outside the workspace as bad-input, without calling the core', async () => {
    const { core, calls } = leakyCore();
    const envelope = await confineCore(core, { workspace }).dispatch('data/import', { universe: 'x', pricesFile: '/etc/shadow' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'bad-input', where: { field: 'pricesFile' }, message: expect.stringContaining('/etc/shadow is outside the workspace') } });
    expect(calls).toEqual([]);
  });

  it("gives the core resolved paths and answers its failure without the file's data, in the user's spelling", async () => {
    const { core, calls } = leakyCore();
    const envelope = await confineCore(core, { workspace }).dispatch('data/import', { universe: 'x', pricesFile: 'prices.csv' });
    expect(calls).toEqual([{ method: 'data/import', args: { universe: 'x', pricesFile: prices } }]);
    expect(envelope).toEqual(fail({ code: 'bad-input', message: 'prices.csv line 2, field close: "…" is not a number', where: { file: 'prices.csv', line: 2, field: 'close' } }));
  });

  it("cleans a job's outcome on every way out: jobs/finished, jobs/show, jobs/cancel, jobs/list", async () => {
    const { core } = leakyCore();
    const confined = confineCore(core, { workspace });
    const finished = new Promise<unknown>((resolve) => confined.subscribe('jobs/finished', resolve));
    const started = await confined.dispatch('jobs/start', { method: 'data/import', args: { universe: 'x', pricesFile: 'prices.csv' } });
    expect(started).toMatchObject({ ok: true, value: { id: 'job-1', state: 'running' } });
    const answers = [await finished, ...(await Promise.all(['jobs/show', 'jobs/cancel', 'jobs/list'].map((m) => confined.dispatch(m, { jobId: 'job-1' }))))];
    for (const answer of answers) {
      const text = JSON.stringify(answer);
      expect(text).not.toContain('job-secret-42');
      expect(text).toContain('prices.csv line 2, field close: \\"…\\" is not a number');
    }
  });

  it('passes other events and unconfined methods through unchanged', async () => {
    const { core, calls, events } = leakyCore();
    const confined = confineCore(core, { workspace });
    expect(await confined.dispatch('usecases/show', { id: '/etc/passwd' })).toEqual(ok(null));
    expect(calls).toEqual([{ method: 'usecases/show', args: { id: '/etc/passwd' } }]);
    const seen: unknown[] = [];
    const off = confined.subscribe('data/progress', (p) => seen.push(p));
    const progress = { universe: 'x', rows: 100_000 };
    events.emit('data/progress', progress);
    off();
    events.emit('data/progress', { universe: 'x', rows: 200_000 });
    expect(seen).toEqual([progress]);
  });
});
