import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UniverseSummary } from '../../api/domain.ts';
import type { Envelope } from '../../api/envelope.ts';
import type { EventPayloads } from '../../api/events.ts';
import type { Job } from '../../api/jobs.ts';
import { createCore, type Core } from '../createCore.ts';
import { Cancelled } from '../errors.ts';
import { openServices } from '../services.ts';
import { PROGRESS_EVERY, importUniverse } from './priceImport.ts';

// A cancelled import stops its stream within CANCEL_SECONDS of the cancel, whatever the stream is doing,
// and leaves no staging file behind.

const CANCEL_SECONDS = 2;

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-cancel-'));
});
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true });
});

const stagingFiles = (): string[] => fs.readdirSync(home).filter((name) => name.includes('.staging-'));

function value<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

/** Resolves when `check` holds, looking every 10 ms. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('cancelling an import job', () => {
  let core: Core;
  beforeEach(() => {
    core = createCore(openServices({ home, highsWorkers: 1 }));
  });
  afterEach(async () => {
    core.cancelJobs();
    await core.services.close();
  });

  it('stops the stream at once even where no row reaches the import (256 MB of empty lines), and removes the staging file', async () => {
    const pricesFile = path.join(home, 'padded.csv');
    fs.writeFileSync(pricesFile, Buffer.concat([Buffer.from('date,ticker,close\n2021-01-04,AAA,1\n'), Buffer.alloc(256 * 1024 * 1024, 10)]));
    let finish: (job: Job) => void = () => undefined;
    const finished = new Promise<Job>((resolve) => (finish = resolve));
    let jobId = '';
    const off = core.subscribe('jobs/finished', (payload) => {
      const { job } = payload as EventPayloads['jobs/finished'];
      if (job.id === jobId) finish(job);
    });
    jobId = value<Job>(await core.dispatch('jobs/start', { method: 'data/import', args: { universe: 'padded', pricesFile } })).id;
    // the stream is under way once the import's staging database exists
    await until(() => stagingFiles().length === 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const asked = performance.now();
    value(await core.dispatch('jobs/cancel', { jobId }));
    const job = await finished;
    off();
    expect((performance.now() - asked) / 1000).toBeLessThan(CANCEL_SECONDS);
    expect(job.state).toBe('cancelled');
    expect(job.outcome).toMatchObject({ ok: false, error: { code: 'cancelled', message: 'the import of padded was cancelled: nothing was written' } });
    expect(stagingFiles()).toEqual([]);
    expect(value<UniverseSummary[]>(await core.dispatch('data/list', {})).map((u) => u.name)).toEqual(['demo']);
  });
});

describe('cancelling importUniverse', () => {
  it('rejects with Cancelled within seconds of the abort mid-way through a big file, and removes the staging file', async () => {
    const rows = ['date,ticker,close,volume'];
    for (let k = 0; k < 6 * PROGRESS_EVERY; k++) rows.push(`2021-01-04,T${k},${1 + (k % 997) / 10},${k}`);
    const pricesFile = path.join(home, 'big.csv');
    fs.writeFileSync(pricesFile, rows.join('\n'));
    const services = openServices({ home, highsWorkers: 1 });
    try {
      const controller = new AbortController();
      let aborted = 0;
      const outcome = importUniverse(services.db, {
        universe: 'big',
        pricesFile,
        signal: controller.signal,
        onProgress: () => {
          if (aborted > 0) return;
          expect(stagingFiles()).toHaveLength(1);
          aborted = performance.now();
          controller.abort();
        },
      }).then(
        () => new Error('the import finished'),
        (error: unknown) => error,
      );
      const error = await outcome;
      expect((performance.now() - aborted) / 1000).toBeLessThan(CANCEL_SECONDS);
      expect(error).toBeInstanceOf(Cancelled);
      expect((error as Cancelled).message).toBe('the import of big was cancelled: nothing was written');
      expect(stagingFiles()).toEqual([]);
      expect(services.db.prepare('SELECT count(*) FROM prices').pluck().get()).toBe(0);
    } finally {
      await services.close();
    }
  });

  it('an import whose signal is already aborted opens nothing', async () => {
    const pricesFile = path.join(home, 'small.csv');
    fs.writeFileSync(pricesFile, 'date,ticker,close\n2021-01-04,AAA,1\n');
    const services = openServices({ home, highsWorkers: 1 });
    try {
      const error = await importUniverse(services.db, { universe: 's', pricesFile, signal: AbortSignal.abort() }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Cancelled);
      expect(stagingFiles()).toEqual([]);
    } finally {
      await services.close();
    }
  });
});
