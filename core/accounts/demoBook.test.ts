import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../store/database.ts';
import { readAccountBook } from './accountBook.ts';
import { DemoRandom } from '../market/demoRandom.ts';
import {
  ACCOUNT_MAX,
  ACCOUNT_MIN,
  drawIndividualRestrictions,
  EMPLOYER_POOL,
  generateDemoBook,
  restrictionProfiles,
  screenFamilies,
  type AccountRestriction,
  type BookMember,
  type DemoBook,
} from './demoBook.ts';
import { accountsCsv, bookHoldingsCsv, bookMembers, generateAccounts } from './demoBookFiles.ts';

let dir: string;
let db: Database;
let members: BookMember[];
let asOf: string;
let book: DemoBook;
let setsBook: DemoBook;
const count = 10_000;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-demo-book-'));
  db = openDatabase(path.join(dir, 'jessica.sqlite'));
  ({ members, asOf } = bookMembers(db, 'demo'));
  book = generateDemoBook(members, { count, seed: 11, universe: 'demo', asOf });
  setsBook = generateDemoBook(members, { count, seed: 11, universe: 'demo', asOf, restrictions: 'sets' });
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const share = (n: number): number => n / count;
const sha256 = (text: string): string => crypto.createHash('sha256').update(text).digest('hex');
const listCounts = (b: DemoBook): Map<string, number> => {
  const lists = new Map<string, number>();
  for (const a of b.accounts) lists.set(a.exclude.join(';'), (lists.get(a.exclude.join(';')) ?? 0) + 1);
  return lists;
};

describe('generateDemoBook on the demo market', () => {
  it('is deterministic: the same seed writes the same bytes, another seed other bytes, in both modes', () => {
    const files = (name: string, seed: number, restrictions?: 'individual' | 'sets') => {
      const out = path.join(dir, `${name}.csv`);
      const holdingsOut = path.join(dir, `${name}-lots.csv.gz`);
      generateAccounts(db, { count: 2000, seed, out, holdingsOut, restrictions });
      return [fs.readFileSync(out), fs.readFileSync(holdingsOut)];
    };
    for (const mode of [undefined, 'individual', 'sets'] as const) {
      const [a1, l1] = files(`a-${mode}`, 5, mode);
      const [a2, l2] = files(`b-${mode}`, 5, mode);
      const [a3] = files(`c-${mode}`, 6, mode);
      expect(a1!.equals(a2!)).toBe(true);
      expect(l1!.equals(l2!)).toBe(true);
      expect(a1!.equals(a3!)).toBe(false);
    }
    // individual is the default
    expect(fs.readFileSync(path.join(dir, 'a-undefined.csv')).equals(fs.readFileSync(path.join(dir, 'a-individual.csv')))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'a-individual.csv')).equals(fs.readFileSync(path.join(dir, 'a-sets.csv')))).toBe(false);
  });

  it('sets writes the book of earlier versions byte for byte (sha-256 of the files before individual restrictions)', () => {
    // Pinned from the generator as it was before `restrictions` (seed 5, 2,000 accounts, the demo market as it is now).
    const old = generateDemoBook(members, { count: 2000, seed: 5, universe: 'demo', asOf, restrictions: 'sets' });
    expect(sha256(accountsCsv(old.accounts))).toBe('1a15794b0a5d87dc9eef621a9bcde945c36b2967aae908514666d92aa19bd3b3');
    expect(sha256(bookHoldingsCsv(old.lots))).toBe('367ff956083322bf271dfef3ccfe7a88962c8df0e3b2bb31029e1bcfb8c87da7');
  });

  it('individual and sets books differ only in their exclusions: same sizes, tax status, strategies, cash and lots', () => {
    expect(book.accounts.map(({ exclude: _e, ...a }) => a)).toEqual(setsBook.accounts.map(({ exclude: _e, ...a }) => a));
    expect(book.lots).toEqual(setsBook.lots);
  });

  it('individual: exclusions are the drawn ones; on the demo market (no alcohol or gambling industry) 1/3 employer, 21.25 % screened', () => {
    const drawn = drawIndividualRestrictions(members, 11, count);
    expect(book.accounts.map((a) => a.exclude)).toEqual(drawn.map((d) => d.exclude));
    const families = screenFamilies(members);
    expect(families.filter((f) => f.exclude.length === 0).map((f) => f.label)).toEqual(['alcohol', 'gambling']);
    const employer = share(drawn.filter((d) => d.employer !== null).length);
    const screened = share(drawn.filter((d) => d.screen !== null).length);
    expect(Math.abs(employer - 1 / 3)).toBeLessThan(0.02);
    expect(Math.abs(screened - 0.25 * 0.85)).toBeLessThan(0.02);
    expect(drawn.some((d) => d.screen === 'alcohol' || d.screen === 'gambling')).toBe(false);
    expect(share(listCounts(book).get('')!)).toBeCloseTo((2 / 3) * (1 - 0.2125), 1);
    expect(listCounts(book).size).toBeGreaterThan(1000);
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

  it('about 60 % taxable, a few strategies with core the most; sets: most accounts unrestricted and a handful of exclusion lists', () => {
    expect(share(book.accounts.filter((a) => a.taxStatus === 'taxable').length)).toBeCloseTo(0.6, 1);
    const strategies = new Map<string, number>();
    for (const a of book.accounts) strategies.set(a.strategy, (strategies.get(a.strategy) ?? 0) + 1);
    expect([...strategies.keys()].sort()).toEqual(['demo-core', 'demo-growth', 'demo-income']);
    expect(share(strategies.get('demo-core')!)).toBeGreaterThan(0.75);
    const lists = listCounts(setsBook);
    expect(share(lists.get('')!)).toBeGreaterThan(0.66);
    expect(share(lists.get('')!)).toBeLessThan(0.74);
    expect(lists.size).toBeGreaterThanOrEqual(6);
    expect(lists.size).toBeLessThanOrEqual(11);
    expect(lists.get('sector:Energy')).toBeGreaterThan(0.05 * count);
  });

  it('exclusions name the universe\'s tickers and sectors, in both modes', () => {
    const tickers = new Set(members.map((m) => m.ticker));
    const sectors = new Set(members.map((m) => m.sector));
    for (const entry of new Set([...book.accounts, ...setsBook.accounts].flatMap((a) => a.exclude))) {
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

describe('individual restrictions on the real S&P 500 constituents (10,000 accounts, seed 1)', () => {
  const rows = parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../shared/data/sp500/constituents.csv'), 'utf8'), { columns: true }) as {
    ticker: string;
    sector: string;
    industry: string;
    market_cap: string;
  }[];
  const total = rows.reduce((s, r) => s + (Number(r.market_cap) || 0), 0);
  const sp500: BookMember[] = rows.map((r) => ({ ticker: r.ticker, sector: r.sector, industry: r.industry, weight: (Number(r.market_cap) || 0) / total, price: null }));
  const n = 10_000;
  const options = { count: n, seed: 1, universe: 'sp500', asOf: '2025-01-02' };
  const individual = generateDemoBook(sp500, options);
  const sets = generateDemoBook(sp500, { ...options, restrictions: 'sets' });
  const drawn = drawIndividualRestrictions(sp500, 1, n);
  const shareOf = (keep: (d: AccountRestriction) => boolean): number => drawn.filter(keep).length / n;
  const top = (k: number) => [...rows].sort((a, b) => (Number(b.market_cap) || 0) - (Number(a.market_cap) || 0) || (a.ticker < b.ticker ? -1 : 1)).slice(0, k).map((r) => r.ticker);

  it('the book carries the drawn exclusions, and the same seed draws the same bytes', () => {
    expect(individual.accounts.map((a) => a.exclude)).toEqual(drawn.map((d) => d.exclude));
    expect(accountsCsv(generateDemoBook(sp500, options).accounts)).toBe(accountsCsv(individual.accounts));
    expect(accountsCsv(generateDemoBook(sp500, { ...options, seed: 2 }).accounts)).not.toBe(accountsCsv(individual.accounts));
  });

  it('every screen is expressible: alcohol is STZ and TAP, gambling LVS, MGM and WYNN; shares sum to 1', () => {
    const families = new Map(screenFamilies(sp500).map((f) => [f.label, f]));
    expect(families.get('alcohol')!.exclude).toEqual(['STZ', 'TAP']);
    expect(families.get('gambling')!.exclude).toEqual(['LVS', 'MGM', 'WYNN']);
    expect(families.get('no energy sector')!.exclude).toEqual(['sector:Energy']);
    for (const f of families.values()) expect(f.exclude.length).toBeGreaterThan(0);
    expect([...families.values()].reduce((s, f) => s + f.share, 0)).toBeCloseTo(1, 12);
  });

  it('1/3 an employer stock, 1/4 a screen, 1/12 both, 1/2 none (within 4 standard errors)', () => {
    // standard errors on 10,000 accounts: √(p(1−p)/n) = 0.0047, 0.0043, 0.0028, 0.0050
    expect(Math.abs(shareOf((d) => d.employer !== null) - 1 / 3)).toBeLessThan(0.019);
    expect(Math.abs(shareOf((d) => d.screen !== null) - 1 / 4)).toBeLessThan(0.018);
    expect(Math.abs(shareOf((d) => d.employer !== null && d.screen !== null) - 1 / 12)).toBeLessThan(0.012);
    expect(Math.abs(shareOf((d) => d.exclude.length === 0) - 1 / 2)).toBeLessThan(0.02);
    // a third of the screened add 1..3 names of their own; none without a screen
    expect(Math.abs(shareOf((d) => d.ownNames.length > 0) - 1 / 12)).toBeLessThan(0.012);
    expect(drawn.every((d) => d.screen !== null || d.ownNames.length === 0)).toBe(true);
    expect(drawn.every((d) => d.ownNames.length <= 3)).toBe(true);
  });

  it('employer stocks are among the 300 largest names and spread over most of them', () => {
    const largest = new Set(top(EMPLOYER_POOL));
    const employers = drawn.flatMap((d) => (d.employer === null ? [] : [d.employer]));
    for (const t of employers) expect(largest).toContain(t);
    expect(new Set(employers).size).toBeGreaterThan(280);
  });

  it('thousands of distinct restriction sets (individual) against at most 11 (sets)', () => {
    expect(listCounts(individual).size).toBeGreaterThan(1000);
    expect(listCounts(sets).size).toBeLessThanOrEqual(11);
  });

  it('every exclusion resolves in the universe: a member ticker or one of its sectors, sorted, no ticker its sector covers', () => {
    const sectorOf = new Map(sp500.map((m) => [m.ticker, m.sector]));
    const sectors = new Set(sp500.map((m) => m.sector));
    for (const a of [...individual.accounts, ...sets.accounts]) {
      expect(a.exclude).toEqual([...new Set(a.exclude)].sort());
      for (const e of a.exclude) {
        if (e.startsWith('sector:')) expect(sectors).toContain(e.slice('sector:'.length));
        else {
          expect(sectorOf.has(e), e).toBe(true);
          expect(a.exclude).not.toContain(`sector:${sectorOf.get(e)}`);
        }
      }
    }
  });

  it('sets is the book of earlier versions (sha-256 pinned before individual restrictions)', () => {
    expect(sha256(accountsCsv(sets.accounts))).toBe('921a6c32644e090c78693a04006afb8ea214f9c21413514b5d312c0b55a62751');
  });
});
