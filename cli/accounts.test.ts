import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountRow, AccountsImportSummary } from '../api/book.ts';
import { jessicaIn } from './testing/runJessica.ts';

let home: string;
const jessica = jessicaIn(() => home);
beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-cli-accounts-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

const at = (name: string): string => path.join(home, name);

describe('jessica accounts', () => {
  it('generate writes a demo book and its lots; the same seed writes the same bytes', () => {
    const first = jessica('accounts', 'generate', '--count', '1500', '--seed', '42', '--out', at('book.csv'), '--holdings-out', at('lots.csv'));
    expect(first.code, first.stderr).toBe(0);
    const lots = parse(fs.readFileSync(at('lots.csv'), 'utf8'), { columns: true }) as { account_id: string }[];
    expect(first.stdout).toBe(`generated 1,500 accounts, ${lots.length.toLocaleString('en-US')} lots\nwrote ${at('book.csv')}\nwrote ${at('lots.csv')}\n`);
    const again = jessica('accounts', 'generate', '--count', '1500', '--seed', '42', '--out', at('book2.csv'), '--holdings-out', at('lots2.csv'));
    expect(again.code, again.stderr).toBe(0);
    expect(fs.readFileSync(at('book2.csv')).equals(fs.readFileSync(at('book.csv')))).toBe(true);
    expect(fs.readFileSync(at('lots2.csv')).equals(fs.readFileSync(at('lots.csv')))).toBe(true);
  });

  it('generate --restrictions sets writes the few-sets book of earlier versions; individual (the default) its own lists', () => {
    const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(at(file))).digest('hex');
    const sets = jessica('accounts', 'generate', '--count', '2000', '--seed', '5', '--restrictions', 'sets', '--out', at('sets.csv'), '--holdings-out', at('sets-lots.csv'));
    expect(sets.code, sets.stderr).toBe(0);
    // sha-256 of the files the generator wrote before --restrictions (demo market, seed 5, 2,000 accounts)
    expect(sha256('sets.csv')).toBe('1a15794b0a5d87dc9eef621a9bcde945c36b2967aae908514666d92aa19bd3b3');
    expect(sha256('sets-lots.csv')).toBe('367ff956083322bf271dfef3ccfe7a88962c8df0e3b2bb31029e1bcfb8c87da7');
    const lists = (file: string) => new Set((parse(fs.readFileSync(at(file), 'utf8'), { columns: true }) as { exclude: string }[]).map((a) => a.exclude));
    expect(lists('sets.csv').size).toBeLessThanOrEqual(11);
    const individual = jessica('accounts', 'generate', '--count', '2000', '--seed', '5', '--restrictions', 'individual', '--out', at('individual.csv'));
    expect(individual.code, individual.stderr).toBe(0);
    expect(lists('individual.csv').size).toBeGreaterThan(200);
    const byDefault = jessica('accounts', 'generate', '--count', '2000', '--seed', '5', '--out', at('default.csv'));
    expect(byDefault.code, byDefault.stderr).toBe(0);
    expect(fs.readFileSync(at('default.csv')).equals(fs.readFileSync(at('individual.csv')))).toBe(true);
  });

  it('generate with a bad --restrictions exits 1 with one line naming the option', () => {
    const r = jessica('accounts', 'generate', '--count', '10', '--restrictions', 'shared', '--out', at('bad-mode.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--restrictions');
    expect(r.stderr).toContain('"shared" is not individual or sets');
    expect(fs.existsSync(at('bad-mode.csv'))).toBe(false);
  });

  it('import stores the generated book and list shows it in file order with lot counts', () => {
    const imported = jessica('accounts', 'import', at('book.csv'), '--holdings', at('lots.csv'), '--book', 'demo-book', '--json');
    expect(imported.code, imported.stderr).toBe(0);
    const summary = JSON.parse(imported.stdout) as AccountsImportSummary;
    const accounts = parse(fs.readFileSync(at('book.csv'), 'utf8'), { columns: true }) as { account_id: string; value: string; tax_status: string }[];
    const lots = parse(fs.readFileSync(at('lots.csv'), 'utf8'), { columns: true }) as { account_id: string }[];
    expect(summary).toMatchObject({
      book: 'demo-book',
      accounts: 1500,
      lots: lots.length,
      taxable: accounts.filter((a) => a.tax_status === 'taxable').length,
      deferred: accounts.filter((a) => a.tax_status === 'deferred').length,
    });
    expect(summary.totalValue).toBeCloseTo(accounts.reduce((s, a) => s + Number(a.value), 0), 2);

    const listed = jessica('accounts', 'list', '--book', 'demo-book', '--limit', '100000', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    const rows = JSON.parse(listed.stdout) as AccountRow[];
    expect(rows.map((r) => r.accountId)).toEqual(accounts.map((a) => a.account_id));
    const lotsPerAccount = new Map<string, number>();
    for (const l of lots) lotsPerAccount.set(l.account_id, (lotsPerAccount.get(l.account_id) ?? 0) + 1);
    expect(rows.map((r) => r.lots)).toEqual(accounts.map((a) => lotsPerAccount.get(a.account_id) ?? 0));

    const text = jessica('accounts', 'import', at('book.csv'), '--book', 'cash-only');
    expect(text.stdout).toMatch(/^imported book cash-only: 1,500 accounts \(\d[\d,]* taxable, \d[\d,]* deferred\), 0 lots, \$[\d,]+ in all\nstrategies: demo-core, demo-growth, demo-income\n/);
  });

  it('a bad row exits 1 naming the file, line and field, and the stored book is unchanged', () => {
    const lines = fs.readFileSync(at('book.csv'), 'utf8').trimEnd().split('\n');
    lines[7] = lines[7]!.replace(/,(taxable|deferred),/, ',roth,');
    lines.push(lines[3]!);
    fs.writeFileSync(at('bad.csv'), `${lines.join('\n')}\n`);
    const before = jessica('accounts', 'list', '--book', 'demo-book', '--limit', '100000', '--json').stdout;
    const r = jessica('accounts', 'import', at('bad.csv'), '--book', 'demo-book');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`jessica: ${at('bad.csv')} line 8, field tax_status: "roth" is not a tax status`);
    expect(r.stderr).toContain(`line ${lines.length}, field account_id: account A000003 is already on line 4`);
    expect(jessica('accounts', 'list', '--book', 'demo-book', '--limit', '100000', '--json').stdout).toBe(before);
  });

  it('an unknown book exits with the books there are', () => {
    const r = jessica('accounts', 'list', '--book', 'nope');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown book "nope" \(known: cash-only, demo-book\)/);
  });
});
