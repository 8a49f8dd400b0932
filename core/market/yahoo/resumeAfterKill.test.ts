import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../store/database.ts';
import { countedUniverse, storedUniverse, universeChecksum } from './testing/storeChecks.ts';
import { YahooStandIn } from './testing/yahooStandIn.ts';
import { importFromYahoo } from './yahooImport.ts';

// A Yahoo import killed with SIGKILL right after its first batch commits keeps that batch whole, and a rerun
// completes it: the store then equals that of an import that was never interrupted.

const repo = path.resolve(import.meta.dirname, '../../..');
const child = path.join(import.meta.dirname, 'testing', 'importChild.ts');
const IVV = path.join(import.meta.dirname, 'fixtures', 'IVV_holdings.csv');

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-yahoo-kill-'));
});
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** Runs the child import on `home` and kills it with SIGKILL once it prints `committed 1`. */
function killAfterFirstBatch(home: string): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const process_ = spawn(process.execPath, ['--import', 'tsx', child, home], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  process_.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('committed 1\n')) process_.kill('SIGKILL');
  });
  process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => process_.on('exit', (_code, signal) => resolve({ signal, stdout, stderr })));
}

async function importInto(db: Database): Promise<void> {
  const summary = await importFromYahoo({ db, fetch: new YahooStandIn({ asOf: '2020-10-30' }).fetch }, { universe: 'sp', holdingsFile: IVV, from: '2020-08-17' }, {}, { batchSize: 2 });
  expect(summary.failed).toEqual([]);
}

describe('a Yahoo import killed mid-run', () => {
  it('keeps the committed batch whole, and a rerun completes the universe exactly as one uninterrupted import', async () => {
    const killedHome = path.join(scratch, 'killed');
    const killed = await killAfterFirstBatch(killedHome);
    expect(killed.stderr).toBe('');
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout).toBe('committed 1\n');

    const db = openDatabase(path.join(killedHome, 'jessica.sqlite'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // the first batch (AAPL and MSFT, and the index) whole; nothing of the second
      expect(db.prepare("SELECT ticker, count(*) AS n FROM prices WHERE universe = 'sp' GROUP BY ticker ORDER BY ticker").all()).toEqual([
        { ticker: 'AAPL', n: 54 },
        { ticker: 'MSFT', n: 54 },
      ]);
      expect(storedUniverse(db, 'sp')).toEqual(countedUniverse(db, 'sp'));

      const standIn = new YahooStandIn({ asOf: '2020-10-30' });
      const rerun = await importFromYahoo({ db, fetch: standIn.fetch }, { universe: 'sp', holdingsFile: IVV, from: '2020-08-17' }, {}, { batchSize: 2 });
      expect(rerun).toMatchObject({ upToDate: 2, updated: 2, failed: [], rows: 2 * 54 });
      // the tickers of the committed batch were asked for their last day only
      expect(standIn.charts('AAPL').map((r) => r.period1)).toEqual([Date.parse('2020-10-29T00:00:00Z') / 1000]);

      const fresh = openDatabase(path.join(scratch, 'uninterrupted.sqlite'));
      try {
        await importInto(fresh);
        const resumed = universeChecksum(db, 'sp');
        expect(resumed).toEqual(universeChecksum(fresh, 'sp'));
        expect(resumed.rows).toBe(4 * 54 + 4 + 54 + 1);
        expect(db.prepare("SELECT count(*) FROM (SELECT DISTINCT date, ticker FROM prices WHERE universe = 'sp')").pluck().get()).toBe(4 * 54);
        expect(storedUniverse(db, 'sp')).toEqual(countedUniverse(db, 'sp'));
      } finally {
        fresh.close();
      }
    } finally {
      db.close();
    }
  });
});
