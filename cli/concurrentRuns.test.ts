import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jessicaIn, repoRoot } from './testing/runJessica.ts';

/**
 * Concurrency scenarios of the reliability probe: two processes on one data directory and one output place at
 * the same time. Whatever the interleaving, each ends with a clear exit code, the output is one run whole, the
 * store holds one import whole, and nothing is left beside them.
 */
let home: string;
const jessica = jessicaIn(() => home);

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-concurrent-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

interface Ended {
  code: number | null;
  stderr: string;
}

function run(...args: string[]): Promise<Ended> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/jessica.mjs'), ...args], { env: { ...process.env, JESSICA_HOME: home } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function pricesFile(name: string, tickers: number, days: number): string {
  const lines = ['date,ticker,close'];
  for (let d = 0; d < days; d++) {
    const date = new Date(Date.UTC(2020, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
    for (let t = 0; t < tickers; t++) lines.push(`${date},T${t},${(20 + t + Math.sin(d / 7 + t)).toFixed(2)}`);
  }
  const file = path.join(home, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const rows = (file: string) => parse(fs.readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];

describe('two runs at once', () => {
  it('two optimize runs into one --out: both end 0 and the directory holds one of them, whole', async () => {
    const out = path.join(home, 'out');
    const ends = await Promise.all([
      run('optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--lookback', '60', '--max-names', '30', '--out', out),
      run('optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--lookback', '120', '--max-names', '40', '--out', out),
    ]);
    for (const e of ends) expect(e.code, e.stderr).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(out, 'run.json'), 'utf8')) as { names: number; lookback?: number; options?: unknown };
    // the portfolio beside run.json is the same run's: as many names as it reports
    expect(rows(path.join(out, 'portfolio.csv')).filter((r) => Number(r.weight) > 0).length).toBe(report.names);
    expect(fs.readdirSync(home).filter((n) => n.startsWith('out.'))).toEqual([]);
  });

  it('two imports of one universe at once: each ends 0 or 1 with a clear line, the store holds one file whole, no staging file is left', async () => {
    const a = pricesFile('a.csv', 20, 400);
    const b = pricesFile('b.csv', 30, 300);
    const ends = await Promise.all([run('data', 'import', '--universe', 'race', '--prices', a), run('data', 'import', '--universe', 'race', '--prices', b)]);
    for (const e of ends) {
      expect([0, 1], e.stderr).toContain(e.code);
      expect(e.stderr).not.toMatch(/^\s+at /m);
    }
    expect(ends.some((e) => e.code === 0)).toBe(true);
    const listed = JSON.parse(jessica('data', 'list', '--json').stdout) as { name: string; priceRows: number; tickersWithPrices: number }[];
    const race = listed.find((u) => u.name === 'race')!;
    expect([20 * 400, 30 * 300]).toContain(race.priceRows);
    expect(race.tickersWithPrices).toBe(race.priceRows === 8000 ? 20 : 30);
    expect(fs.readdirSync(home).filter((n) => n.includes('.staging-'))).toEqual([]);
  });
});
