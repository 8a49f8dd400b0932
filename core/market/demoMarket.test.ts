import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../store/database.ts';
import { DEMO_END_DATE, DEMO_SEED, DEMO_UNIVERSE, ensureDemoMarket, generateDemoMarket, type DemoMarket } from './demoMarket.ts';
import { readPricePanel } from './pricePanelReader.ts';
import { listUniverses } from './universeCatalog.ts';

let market: DemoMarket;
let n: number;
let days: number;
beforeAll(() => {
  market = generateDemoMarket(DEMO_SEED);
  n = market.members.length;
  days = market.dates.length;
});

const at = (series: Float64Array, t: number, i: number) => series[t * n + i]!;

function pearson(x: number[], y: number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < x.length; k++) {
    sxy += (x[k]! - mx) * (y[k]! - my);
    sxx += (x[k]! - mx) ** 2;
    syy += (y[k]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('generateDemoMarket', () => {
  it('is deterministic: the same seed gives identical rows, another seed different ones', () => {
    const again = generateDemoMarket(DEMO_SEED);
    expect(again.members).toEqual(market.members);
    expect(again.dates).toEqual(market.dates);
    for (const series of ['open', 'high', 'low', 'close', 'volume', 'index'] as const) {
      expect(Buffer.from(again[series].buffer).equals(Buffer.from(market[series].buffer)), series).toBe(true);
    }
    const other = generateDemoMarket(DEMO_SEED + 1);
    expect(other.members.map((m) => m.ticker)).not.toEqual(market.members.map((m) => m.ticker));
    expect(Buffer.from(other.close.buffer).equals(Buffer.from(market.close.buffer))).toBe(false);
  });

  it('has about 500 uniquely named members across the 11 GICS sectors', () => {
    expect(n).toBeGreaterThanOrEqual(490);
    expect(n).toBeLessThanOrEqual(510);
    expect(new Set(market.members.map((m) => m.ticker)).size).toBe(n);
    expect(new Set(market.members.map((m) => m.name)).size).toBe(n);
    for (const m of market.members) expect(m.ticker).toMatch(/^[A-Z]{2,4}$/);
    const bySector = new Map<string, number>();
    for (const m of market.members) bySector.set(m.sector, (bySector.get(m.sector) ?? 0) + 1);
    expect([...bySector.keys()].sort()).toEqual([
      'Communication Services', 'Consumer Discretionary', 'Consumer Staples', 'Energy', 'Financials', 'Health Care',
      'Industrials', 'Information Technology', 'Materials', 'Real Estate', 'Utilities',
    ]);
    for (const count of bySector.values()) expect(count).toBeGreaterThanOrEqual(20);
    expect(market.members.every((m) => m.industry.length > 0)).toBe(true);
  });

  it('covers more than three years of weekdays ending on a fixed date', () => {
    expect(market.dates[days - 1]).toBe(DEMO_END_DATE);
    const first = new Date(`${market.dates[0]}T00:00:00Z`);
    const last = new Date(`${DEMO_END_DATE}T00:00:00Z`);
    expect((last.getTime() - first.getTime()) / (365.25 * 86_400_000)).toBeGreaterThan(3);
    for (let t = 0; t < days; t++) {
      const weekday = new Date(`${market.dates[t]}T00:00:00Z`).getUTCDay();
      expect(weekday === 0 || weekday === 6, market.dates[t]).toBe(false);
      if (t > 0) expect(market.dates[t]! > market.dates[t - 1]!).toBe(true);
    }
  });

  it('has share prices from under $10 to over $1,000 and caps with a few mega caps and a long tail', () => {
    const last = Array.from({ length: n }, (_, i) => at(market.close, days - 1, i));
    expect(Math.min(...last)).toBeLessThan(10);
    expect(Math.max(...last)).toBeGreaterThan(1000);
    const caps = market.members.map((m) => m.marketCap).sort((a, b) => b - a);
    const median = caps[n >> 1]!;
    expect(caps[0]! / median).toBeGreaterThan(20);
    expect(caps.filter((c) => c > 500e9).length).toBeGreaterThanOrEqual(3);
    expect(caps[n - 1]!).toBeGreaterThanOrEqual(4e9);
    market.members.forEach((m, i) => {
      expect(Number.isInteger(m.sharesOutstanding)).toBe(true);
      expect(m.marketCap).toBeCloseTo(m.sharesOutstanding * at(market.close, days - 1, i), 0);
    });
  });

  it('has plausible OHLCV: cents, low <= open, close <= high, whole non-negative volumes, gaps only before a listing', () => {
    // Violations are collected and compared once: an expect per value would take seconds.
    const violations: string[] = [];
    let listedLate = 0;
    for (let i = 0; i < n; i++) {
      const ticker = market.members[i]!.ticker;
      let listed = false;
      for (let t = 0; t < days; t++) {
        const close = at(market.close, t, i);
        if (Number.isNaN(close)) {
          if (listed) violations.push(`${ticker} has a gap on ${market.dates[t]} after listing`);
          continue;
        }
        if (!listed && t > 0) listedLate++;
        listed = true;
        const open = at(market.open, t, i);
        const high = at(market.high, t, i);
        const low = at(market.low, t, i);
        const volume = at(market.volume, t, i);
        if (Math.round(close * 100) / 100 !== close) violations.push(`${ticker} ${market.dates[t]} close ${close} is not in cents`);
        if (!(low > 0 && low <= Math.min(open, close) && high >= Math.max(open, close))) {
          violations.push(`${ticker} ${market.dates[t]} open ${open} high ${high} low ${low} close ${close}`);
        }
        if (!(Number.isInteger(volume) && volume >= 0)) violations.push(`${ticker} ${market.dates[t]} volume ${volume}`);
      }
      if (!listed) violations.push(`${ticker} never trades`);
    }
    expect(violations.slice(0, 5)).toEqual([]);
    expect(listedLate).toBeGreaterThan(0);
  });

  it('has an index whose daily return is the cap-weighted return of the members priced on both days', () => {
    const shares = market.members.map((m) => m.sharesOutstanding);
    for (let t = 1; t < days; t++) {
      let weighted = 0;
      let totalCap = 0;
      for (let i = 0; i < n; i++) {
        const before = at(market.close, t - 1, i);
        if (Number.isNaN(before)) continue;
        const cap = shares[i]! * before;
        weighted += cap * (at(market.close, t, i) / before - 1);
        totalCap += cap;
      }
      expect(market.index[t]! / market.index[t - 1]! - 1).toBeCloseTo(weighted / totalCap, 12);
    }
  });

  it('moves like a factor market: names correlate, more within a sector than across sectors', () => {
    const returns = (i: number) => {
      const r: number[] = [];
      for (let t = days - 500; t < days; t++) r.push(at(market.close, t, i) / at(market.close, t - 1, i) - 1);
      return r;
    };
    const fullHistory = market.members.map((_, i) => i).filter((i) => !Number.isNaN(at(market.close, days - 501, i)));
    const sample = fullHistory.filter((_, k) => k % 4 === 0);
    let within = 0;
    let withinPairs = 0;
    let across = 0;
    let acrossPairs = 0;
    const series = new Map(sample.map((i) => [i, returns(i)]));
    for (const i of sample) {
      for (const j of sample) {
        if (j <= i) continue;
        const rho = pearson(series.get(i)!, series.get(j)!);
        if (market.members[i]!.sector === market.members[j]!.sector) {
          within += rho;
          withinPairs++;
        } else {
          across += rho;
          acrossPairs++;
        }
      }
    }
    expect(across / acrossPairs).toBeGreaterThan(0.1);
    expect(within / withinPairs).toBeGreaterThan(across / acrossPairs + 0.05);
  });
});

describe('ensureDemoMarket', () => {
  let dir: string;
  let db: Database;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-demo-'));
    db = openDatabase(path.join(dir, 'jessica.sqlite'));
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads the demo universe once, exactly as generated, with close = adj_close', () => {
    expect(ensureDemoMarket(db)).toBe(true);
    expect(ensureDemoMarket(db)).toBe(false);

    const priced = market.close.reduce((count, close) => count + (Number.isNaN(close) ? 0 : 1), 0);
    expect(listUniverses(db)).toEqual([
      { name: DEMO_UNIVERSE, members: n, tickersWithPrices: n, firstDate: market.dates[0], lastDate: DEMO_END_DATE, tradingDays: days, priceRows: priced, hasIndex: true },
    ]);
    expect(db.prepare('SELECT count(*) FROM prices WHERE adj_close IS NOT close').pluck().get()).toBe(0);

    const panel = readPricePanel(db, DEMO_UNIVERSE, { lookback: days - 1 });
    const order = panel.tickers.map((ticker) => market.members.findIndex((m) => m.ticker === ticker));
    const expected = new Float64Array(days * n);
    for (let t = 0; t < days; t++) for (let k = 0; k < n; k++) expected[t * n + k] = at(market.close, t, order[k]!);
    // Float64Array bytes compare NaN with NaN as equal and every price exactly.
    expect(Buffer.from(panel.close.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
    expect(Buffer.from(panel.adjClose.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
    expect([...panel.indexClose!]).toEqual([...market.index]);
    expect(panel.sectors).toEqual(order.map((i) => market.members[i]!.sector));
    expect(panel.marketCaps).toEqual(order.map((i) => market.members[i]!.marketCap));
  });
});
