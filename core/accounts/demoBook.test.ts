import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../store/database.ts';
import { readAccountBook } from './accountBook.ts';
import { DemoRandom } from '../market/demoRandom.ts';
import { ACCOUNT_MAX, ACCOUNT_MIN, generateDemoBook, restrictionProfiles, type BookMember, type DemoBook } from './demoBook.ts';
import { bookMembers, generateAccounts } from './demoBookFiles.ts';

let dir: string;
let db: Database;
let members: BookMember[];
let asOf: string;
let book: DemoBook;
const count = 10_000;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-demo-book-'));
  db = openDatabase(path.join(dir, 'jessica.sqlite'));
  ({ members, asOf } = bookMembers(db, 'demo'));
  book = generateDemoBook(members, { count, seed: 11, universe: 'demo', asOf });
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const share = (n: number): number => n / count;

describe('generateDemoBook on the demo market', () => {
  it('is deterministic: the same seed writes the same bytes, another seed other bytes', () => {
    const files = (name: string, seed: number) => {
      const out = path.join(dir, `${name}.csv`);
      const holdingsOut = path.join(dir, `${name}-lots.csv.gz`);
      generateAccounts(db, { count: 2000, seed, out, holdingsOut });
      return [fs.readFileSync(out), fs.readFileSync(holdingsOut)];
    };
    const [a1, l1] = files('a', 5);
    const [a2, l2] = files('b', 5);
    const [a3] = files('c', 6);
    expect(a1!.equals(a2!)).toBe(true);
    expect(l1!.equals(l2!)).toBe(true);
    expect(a1!.equals(a3!)).toBe(false);
  });

  it('sizes are lognormal around $150k, clipped to $10k..$5M', () => {
    const values = book.accounts.map((a) => a.value).sort((a, b) => a - b);
    expect(values[0]).toBeGreaterThanOrEqual(ACCOUNT_MIN);
    expect(values.at(-1)).toBeLessThanOrEqual(ACCOUNT_MAX);
    const median = values[count / 2]!;
    expect(median).toBeGreaterThan(135_000);
    expect(median).toBeLessThan(165_000);
    // log-sd 1.0: P(z < ln(10k/150k)) = Φ(−2.71) ≈ 0.34 % land on the lower clip; ln values have sd ≈ 1 in the body
    const clipped = values.filter((v) => v === ACCOUNT_MIN).length;
    expect(share(clipped)).toBeGreaterThan(0.001);
    expect(share(clipped)).toBeLessThan(0.008);
    const logs = values.map(Math.log);
    const quartileSpread = logs[(3 * count) / 4]! - logs[count / 4]!;
    // the interquartile range of a normal is 1.349 σ
    expect(quartileSpread).toBeGreaterThan(1.2);
    expect(quartileSpread).toBeLessThan(1.5);
  });

  it('about 60 % taxable, a few strategies with core the most, most accounts unrestricted and a handful of exclusion lists', () => {
    expect(share(book.accounts.filter((a) => a.taxStatus === 'taxable').length)).toBeCloseTo(0.6, 1);
    const strategies = new Map<string, number>();
    for (const a of book.accounts) strategies.set(a.strategy, (strategies.get(a.strategy) ?? 0) + 1);
    expect([...strategies.keys()].sort()).toEqual(['demo-core', 'demo-growth', 'demo-income']);
    expect(share(strategies.get('demo-core')!)).toBeGreaterThan(0.75);
    const lists = new Map<string, number>();
    for (const a of book.accounts) lists.set(a.exclude.join(';'), (lists.get(a.exclude.join(';')) ?? 0) + 1);
    expect(share(lists.get('')!)).toBeGreaterThan(0.66);
    expect(share(lists.get('')!)).toBeLessThan(0.74);
    expect(lists.size).toBeGreaterThanOrEqual(6);
    expect(lists.size).toBeLessThanOrEqual(11);
    expect(lists.get('sector:Energy')).toBeGreaterThan(0.05 * count);
  });

  it('exclusions name the universe\'s tickers and sectors', () => {
    const tickers = new Set(members.map((m) => m.ticker));
    const sectors = new Set(members.map((m) => m.sector));
    for (const entry of new Set(book.accounts.flatMap((a) => a.exclude))) {
      if (entry.startsWith('sector:')) expect(sectors).toContain(entry.slice('sector:'.length));
      else expect(tickers).toContain(entry);
    }
  });

  it('about 15 % of accounts hold legacy lots of priced members, worth the value less the cash', () => {
    const price = new Map(members.map((m) => [m.ticker, m.price]));
    const held = new Map<string, number>();
    for (const lot of book.lots) {
      expect(price.get(lot.ticker)).toBeGreaterThan(0);
      expect(Number.isInteger(lot.shares) && lot.shares > 0).toBe(true);
      expect(lot.costBasis).toBeGreaterThan(0);
      expect(lot.acquired! < asOf).toBe(true);
      expect(Date.parse(asOf) - Date.parse(lot.acquired!)).toBeLessThanOrEqual(3650 * 86_400_000);
      held.set(lot.accountId, (held.get(lot.accountId) ?? 0) + lot.shares * price.get(lot.ticker)!);
    }
    expect(share(held.size)).toBeGreaterThan(0.12);
    expect(share(held.size)).toBeLessThan(0.18);
    for (const a of book.accounts) {
      const invested = held.get(a.accountId);
      if (invested === undefined) {
        expect(a.cash).toBeNull();
        continue;
      }
      expect(a.cash).toBeGreaterThanOrEqual(0);
      const gap = a.value - a.cash! - invested;
      expect(gap).toBeGreaterThanOrEqual(-1e-6);
      expect(gap).toBeLessThan(0.01 + 1e-6);
      // 50–95 % of the value was invested (less what whole shares leave over)
      expect(invested / a.value).toBeLessThanOrEqual(0.95);
    }
  });

  it('the written files read back as the same book, gzip or plain', async () => {
    const out = path.join(dir, 'round.csv.gz');
    const holdingsOut = path.join(dir, 'round-lots.csv');
    const written = generateAccounts(db, { count: 3000, seed: 3, out, holdingsOut });
    const again = generateDemoBook(members, { count: 3000, seed: 3, universe: 'demo', asOf });
    const read = await readAccountBook(out, holdingsOut);
    expect(read.accounts).toEqual(again.accounts);
    expect(read.lots).toEqual(again.lots);
    expect(written).toEqual({ accounts: 3000, lots: again.lots.length, files: [out, holdingsOut] });
  });

  it('without a holdings file every account is all cash and otherwise the same', async () => {
    const out = path.join(dir, 'cash-only.csv');
    expect(generateAccounts(db, { count: 500, seed: 3, out })).toEqual({ accounts: 500, lots: 0, files: [out] });
    const withLots = generateDemoBook(members, { count: 500, seed: 3, universe: 'demo', asOf });
    expect((await readAccountBook(out)).accounts).toEqual(withLots.accounts.map((a) => ({ ...a, cash: null })));
  });
});

describe('restriction profiles on the real S&P 500 constituents', () => {
  const rows = parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../shared/data/sp500/constituents.csv'), 'utf8'), { columns: true }) as {
    ticker: string;
    sector: string;
    industry: string;
    market_cap: string;
  }[];
  const total = rows.reduce((s, r) => s + (Number(r.market_cap) || 0), 0);
  const sp500: BookMember[] = rows.map((r) => ({ ticker: r.ticker, sector: r.sector, industry: r.industry, weight: (Number(r.market_cap) || 0) / total, price: null }));
  const profiles = restrictionProfiles(sp500, new DemoRandom(1));
  const byLabel = new Map(profiles.map((p) => [p.label, p.exclude]));
  const largest = (keep: (r: (typeof rows)[number]) => boolean, n: number) =>
    rows.filter(keep).sort((a, b) => (Number(b.market_cap) || 0) - (Number(a.market_cap) || 0)).slice(0, n).map((r) => r.ticker).sort();

  it('tobacco is MO and PM, fossil fuels the 4 largest Energy caps, defense the 4 largest Aerospace & Defense caps', () => {
    expect(byLabel.get('tobacco')).toEqual(['MO', 'PM']);
    expect(byLabel.get('fossil fuels')).toEqual(largest((r) => r.sector === 'Energy', 4));
    expect(byLabel.get('defense')).toEqual(largest((r) => r.industry === 'Aerospace & Defense', 4));
    expect(byLabel.get('energy sector and tobacco')).toEqual(['MO', 'PM', 'sector:Energy']);
  });

  it('employer stocks are 5 of the 10 largest names, and the shares sum to 1', () => {
    const top10 = largest(() => true, 10);
    const employers = profiles.filter((p) => p.label.startsWith('employer stock'));
    expect(employers).toHaveLength(5);
    for (const p of employers) expect(top10).toContain(p.exclude[0]);
    expect(new Set(employers.map((p) => p.exclude[0])).size).toBe(5);
    expect(profiles.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 12);
    expect(byLabel.get('none')).toEqual([]);
  });
});
