import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jessicaIn } from './testing/runJessica.ts';

let home: string;
const jessica = jessicaIn(() => home);

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-demo-cli-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

type Row = Record<string, string>;
const csv = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true }) as Row[];

/** The summary's table row for a size band: [accounts, median, p90, max]. */
function bandRow(stdout: string, label: string): string[] | undefined {
  const line = stdout.split('\n').find((l) => l.trimStart().startsWith(`${label} `));
  return line?.slice(line.indexOf(label) + label.length).trim().split(/\s{2,}/);
}

describe('jessica demo (README command 1)', () => {
  it('stores a demo book with restrictions and lots, runs the book job and prints what the files hold', () => {
    const out = path.join(home, 'out', 'demo');
    const r = jessica('demo', '--accounts', '400', '--seed', '3', '--time-limit', '0.5', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/a book of 400 SMAs on the built-in demo market/);
    for (const f of ['clusters.csv', 'allocations.csv', 'trades.csv', 'accounts.csv', 'run.json']) expect(existsSync(path.join(out, f)), f).toBe(true);

    // the book is the one `accounts generate` writes for that seed: individual restrictions and legacy lots
    const stored = JSON.parse(jessica('accounts', 'list', '--book', 'demo', '--json').stdout) as { exclude: string[]; lots: number }[];
    expect(stored.length).toBe(400);
    const restricted = stored.filter((a) => a.exclude.length > 0).length;
    const withLots = stored.filter((a) => a.lots > 0).length;
    expect(restricted).toBeGreaterThan(100);
    expect(withLots).toBeGreaterThan(20);
    expect(r.stdout).toContain(`${restricted} with restrictions of their own`);
    expect(r.stdout).toContain(`${withLots} with legacy lots`);

    // the tracking-error table agrees with accounts.csv, band by band
    const accounts = csv(path.join(out, 'accounts.csv'));
    expect(accounts.length).toBe(400);
    expect(accounts.every((a) => a.status === 'allocated')).toBe(true);
    const te = accounts.map((a) => Number(a.tracking_error)).sort((a, b) => a - b);
    expect(bandRow(r.stdout, 'all')).toEqual(['400', `${(100 * te[Math.floor(0.5 * 399)]!).toFixed(2)} %`, `${(100 * te[Math.floor(0.9 * 399)]!).toFixed(2)} %`, `${(100 * te[399]!).toFixed(2)} %`]);
    const small = accounts.filter((a) => Number(a.value) < 25_000);
    if (small.length > 0) expect(bandRow(r.stdout, 'under $25k')?.[0]).toBe(String(small.length));
    const trades = csv(path.join(out, 'trades.csv'));
    expect(r.stdout).toContain(`; ${trades.length.toLocaleString('en-US')} trades`);

    // one account minimum per screen family, as clusters.csv gives it
    const clusters = csv(path.join(out, 'clusters.csv'));
    const unscreened = clusters.find((c) => c.key!.split('|')[2] === '');
    expect(unscreened?.account_minimum).toBeTruthy();
    expect(r.stdout).toMatch(new RegExp(`no screen +\\$${Math.round(Number(unscreened!.account_minimum)).toLocaleString('en-US')}\\n`));
    const missed = accounts.filter((a) => Number(a.tracking_error) > 0.01).length;
    expect(r.stdout).toContain(`${missed} accounts miss 1.00 %`);

    expect(r.stdout).toMatch(/time: [\d.]+ s in all: load [\d.]+ s, .*map [\d.]+ s/);
    expect(r.stdout).toContain(`files in ${out}: clusters.csv, allocations.csv, trades.csv, accounts.csv, run.json`);
    expect(r.stdout).toMatch(/next:\n {2}npx jessica serve/);
  });

  it('draws the same book from the same seed: a second run stores identical accounts', () => {
    const before = jessica('accounts', 'list', '--book', 'demo', '--json').stdout;
    const r = jessica('demo', '--accounts', '400', '--seed', '3', '--time-limit', '0.5', '--out', path.join(home, 'out', 'again'));
    expect(r.code, r.stderr).toBe(0);
    expect(jessica('accounts', 'list', '--book', 'demo', '--json').stdout).toBe(before);
  });
});
