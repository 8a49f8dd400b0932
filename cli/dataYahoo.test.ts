import { spawnSync } from 'node:child_process';
import dns from 'node:dns/promises';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { YahooImportSummary } from '../api/yahoo.ts';
import { jessicaIn, repoRoot } from './testing/runJessica.ts';

// `jessica data yahoo`: its summary, exit codes and one-line failures. The cases that need Yahoo's answers run the
// real CLI with the stand-in for Yahoo as its global fetch (testing/yahooStandInCli.ts); bad input and a machine
// without a network run `bin/jessica.mjs` itself.

const IVV = path.join(repoRoot, 'core/market/yahoo/fixtures/IVV_holdings.csv');
const standInCli = path.join(repoRoot, 'cli/testing/yahooStandInCli.ts');

let scratch: string;
let home: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-yahoo-cli-'));
});
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

function freshHome(): string {
  home = fs.mkdtempSync(path.join(scratch, 'home-'));
  return home;
}

/** `jessica ...args` with the stand-in as the network. */
function withStandIn(standIn: object, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', standInCli, ...args], {
    cwd: repoRoot,
    env: { ...process.env, JESSICA_HOME: home, YAHOO_STAND_IN: JSON.stringify(standIn) },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function universes(): string[] {
  const db = new Database(path.join(home, 'jessica.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT name FROM universes ORDER BY name').pluck().all() as string[];
  } finally {
    db.close();
  }
}

describe('jessica data yahoo', () => {
  it('imports a holdings file and prints what it did; exit 0', () => {
    freshHome();
    const r = withStandIn({ asOf: '2020-10-30' }, 'data', 'yahoo', '--universe', 'sp', '--holdings', IVV, '--from', '2020-08-17');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'sp from Yahoo Finance, holdings IVV_holdings.csv (IVV, as of 2020-12-31): 4 tickers requested, 4 updated, 0 up to date, 0 readjusted, 0 failed',
      '216 price rows written, 2020-08-17..2020-10-30; index ^GSPC: 54 closes; quotes for 4 members',
    ]);
    expect(lines).toContain('warning: 3 rows of IVV_holdings.csv are not listed stocks and were left out: 1 Money Market, 1 Futures, 1 Cash');
    expect(lines.at(-2)).toMatch(/^\d+\.\d s$/);
    expect(universes()).toEqual(['sp']);
  });

  it('lists each failed ticker with its reason and exits 2, or 0 with --allow-partial', () => {
    freshHome();
    const partial = withStandIn({ asOf: '2020-10-30', faults: [['MSFT', { kind: 'truncated' }, null]] }, 'data', 'yahoo', '--universe', 'mega', '--tickers', 'AAPL,MSFT,ZZZZ', '--from', '2020-08-17');
    expect(partial.code).toBe(2);
    expect(partial.stdout).toContain('3 tickers requested, 1 updated, 0 up to date, 0 readjusted, 2 failed\n');
    expect(partial.stdout).toContain('failed:\n  MSFT: the answer is not JSON\n  ZZZZ: Yahoo: No data found, symbol may be delisted\n');
    expect(partial.stderr).toBe('partial result: 2 failed (listed above); exit 2 (--allow-partial to exit 0)\n');

    const allowed = withStandIn({ asOf: '2020-10-30' }, 'data', 'yahoo', '--universe', 'mega', '--tickers', 'AAPL,ZZZZ', '--allow-partial', '--json');
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
    const summary = JSON.parse(allowed.stdout) as YahooImportSummary;
    expect(summary).toMatchObject({ universe: 'mega', requested: 2, upToDate: 1, partial: true, failed: [{ ticker: 'ZZZZ', reason: 'Yahoo: No data found, symbol may be delisted' }] });
  });

  it('without a network says so in one line and exits 2, writing nothing', () => {
    freshHome();
    const started = Date.now();
    const r = withStandIn({ asOf: '2020-10-30', offline: true }, 'data', 'yahoo', '--universe', 'sp', '--holdings', IVV);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('jessica: Yahoo Finance is unreachable (getaddrinfo ENOTFOUND query2.finance.yahoo.com): nothing was imported\n');
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(universes()).toEqual([]);
  });

  it('refuses bad input in one line naming the file, line and field, or the options; exit 1', () => {
    freshHome();
    const jessica = jessicaIn(() => home);
    const bad = path.join(scratch, 'IVV_bad.csv');
    fs.writeFileSync(bad, fs.readFileSync(IVV, 'utf8').replace('"1.69"', '"1.6.9"'));
    const r = jessica('data', 'yahoo', '--universe', 'sp', '--holdings', bad);
    expect(r.stderr).toBe(`jessica: ${bad} line 13, field Weight (%): "1.6.9" is not a number\n`);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(universes()).toEqual([]);

    const both = jessica('data', 'yahoo', '--universe', 'sp', '--holdings', IVV, '--tickers', 'AAPL');
    expect(both.stderr).toBe('jessica: give exactly one of --holdings, --constituents or --tickers (2 were given)\n');
    expect(both.code).toBe(1);
  });
});

describe('jessica data yahoo on a machine that cannot reach Yahoo', async () => {
  const reachable = await dns.lookup('query2.finance.yahoo.com').then(
    () => true,
    () => false,
  );
  // where Yahoo can be reached this would import for real: the stand-in's offline case above covers it there
  it.skipIf(reachable)('the real command fails within seconds in one line, exit 2, and writes nothing', () => {
    freshHome();
    const started = Date.now();
    const r = jessicaIn(() => home)('data', 'yahoo', '--universe', 'sp', '--tickers', 'AAPL,MSFT');
    const seconds = (Date.now() - started) / 1000;
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^jessica: Yahoo Finance is unreachable \([^\n]+\): nothing was imported\n$/);
    // tsx's start is most of it: the request itself fails within the first request's 5 s at most
    expect(seconds).toBeLessThan(20);
    expect(universes()).toEqual([]);
  });
});
