import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../createCore.ts';
import { DEMO_END_DATE } from '../market/demoMarket.ts';
import { openServices } from '../services.ts';
import { listRuns } from '../store/runStore.ts';

/** What portfolio/optimize and the book jobs refuse before any work, through the core's dispatch and jobs (any shell). */

let home: string;
let core: Core;
beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-optimize-args-'));
  core = createCore(openServices({ home, highsWorkers: 1 }));
});
afterAll(async () => {
  await core.services.close();
  rmSync(home, { recursive: true, force: true });
});

const base = { universe: 'demo', useCase: 'index-tracking' };

async function refusal(method: string, args: Record<string, unknown>) {
  const r = await core.dispatch(method, args);
  if (r.ok) throw new Error(`${method} was not refused`);
  return r.error;
}

describe('arguments refused before any work, no run stored', () => {
  it('dollar figures above $1e12: account value, cash, withdrawal', async () => {
    expect(await refusal('portfolio/optimize', { ...base, accountValue: 1e308 })).toMatchObject({ code: 'bad-input', where: { field: 'accountValue' }, message: expect.stringMatching(/^--account-value: \$1\.000e\+308 is above \$1,000,000,000,000/) });
    expect(await refusal('portfolio/optimize', { ...base, cash: 2e12 })).toMatchObject({ code: 'bad-input', where: { field: 'cash' } });
    expect(await refusal('portfolio/optimize', { ...base, withdraw: 5e12 })).toMatchObject({ code: 'bad-input', where: { field: 'withdraw' } });
    expect(await refusal('book/minimums', { ...base, teTarget: 0.01, sizes: [25_000, 1e15] })).toMatchObject({ code: 'bad-input', where: { field: 'sizes' } });
  });

  it('an account value beside holdings: the holdings make the value, so which option to use instead', async () => {
    const holdingsFile = path.join(home, 'lots.csv');
    writeFileSync(holdingsFile, 'ticker,shares\nIDNU,10\n');
    const e = await refusal('portfolio/optimize', { ...base, accountValue: 100_000, holdingsFile });
    expect(e).toMatchObject({ code: 'bad-input', where: { field: 'accountValue' } });
    expect(e.message).toBe(
      "--account-value with --holdings: the holdings (and --cash) already make the account's value; use --cash to add cash to them, or drop --holdings for a new account of $100000",
    );
  });

  it('an as-of date after the last price or before the first, for optimize, batch and minimums, naming the date the universe has', async () => {
    const after = await refusal('portfolio/optimize', { ...base, asOf: '2030-01-01' });
    expect(after).toMatchObject({ code: 'bad-input', where: { field: 'asOf' } });
    expect(after.message).toBe(`--as-of 2030-01-01: after the last date with prices in universe demo, ${DEMO_END_DATE}: give ${DEMO_END_DATE} or earlier (or leave --as-of out)`);
    expect((await refusal('portfolio/optimize', { ...base, asOf: '2001-01-02' })).message).toMatch(/^--as-of 2001-01-02: before the first date with prices in universe demo, \d{4}-\d{2}-\d{2}$/);
    expect((await refusal('book/minimums', { ...base, teTarget: 0.01, asOf: '2030-01-01' })).message).toMatch(/after the last date with prices/);
    expect((await refusal('book/batch', { ...base, book: 'none', asOf: '2030-01-01' })).message).toMatch(/after the last date with prices/);
  });

  it('the same refusals when the job runs through jobs/start', async () => {
    const started = await core.dispatch('jobs/start', { method: 'book/batch', args: { ...base, book: 'none', out: path.join(home, 'lots.csv') } });
    expect(started.ok).toBe(true);
    const jobId = (started as { value: { id: string } }).value.id;
    let job: { state: string; outcome: { ok: boolean; error?: { code: string; message: string } } | null };
    do {
      await new Promise((resolve) => setTimeout(resolve, 20));
      job = (await core.dispatch('jobs/show', { jobId }) as { value: typeof job }).value;
    } while (job.state === 'running');
    expect(job.outcome?.error).toMatchObject({ code: 'bad-input', message: expect.stringMatching(/^--out .*lots\.csv: is a file, not a directory/) });
  });

  it('stored no run for any of them', () => {
    expect(listRuns(core.services.db, { limit: 10 })).toEqual([]);
  });
});
