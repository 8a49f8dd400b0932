import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OptimizeResult } from '../../api/domain.ts';
import type { MethodArgs } from '../../api/methods.ts';
import { createCore, type Core } from '../createCore.ts';
import { DEMO_END_DATE, generateDemoMarket } from '../market/demoMarket.ts';
import { openServices } from '../services.ts';

/**
 * The account's files through `portfolio/optimize` on the demo market: the realized gain/loss report
 * (--recent-sales) that keeps the wash-sale rule, and a legacy name outside the universe priced in
 * the holdings file. Expectations come from the demo market's own closes and caps, not from the job.
 */

let home: string;
let core: Core;
beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-account-files-'));
  core = createCore(openServices({ home, highsWorkers: 1 }));
});
afterAll(async () => {
  await core.services.close();
  rmSync(home, { recursive: true, force: true });
});

const market = generateDemoMarket();
const lastDay = market.dates.length - 1;
const close = new Map(market.members.map((m, i) => [m.ticker, market.close[lastDay * market.members.length + i]!]));

function file(name: string, lines: string[]): string {
  const f = path.join(home, name);
  writeFileSync(f, `${lines.join('\n')}\n`);
  return f;
}

async function optimize(args: MethodArgs<'portfolio/optimize'>): Promise<OptimizeResult> {
  const r = await core.dispatch('portfolio/optimize', args);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as OptimizeResult;
}

const weightOf = (r: OptimizeResult, ticker: string): number => r.holdings.find((h) => h.ticker === ticker)?.weight ?? 0;

describe('recent sales: the wash-sale rule from a realized gain/loss report', () => {
  const held = ['IDNU', 'SRW'];
  // the largest member of the benchmark the account does not hold: new money buys it
  const target = [...market.members].filter((m) => !held.includes(m.ticker)).sort((a, b) => b.marketCap - a.marketCap)[0]!.ticker;

  it(`does not buy a name sold at a loss 10 days before the as-of date, and buys it without the sale or 40 days after it`, async () => {
    const base = {
      universe: 'demo',
      useCase: 'tax-loss-harvesting',
      asOf: DEMO_END_DATE,
      // more periods than names: the tracking optimum is not one of many near-zero fits
      lookback: 600,
      holdingsFile: file('lots.csv', ['ticker,shares,cost_basis,acquired', 'IDNU,200,60,2024-03-01', 'SRW,50,100,2023-01-15']),
      cash: 100_000,
      fractional: true,
      // a cap, not a budget: the solve ends at its optimum (seconds), but a loaded machine must not cut it short
      timeLimit: 120,
    };
    const sales = (date: string): string => file(`sales-${date}.csv`, ['ticker,date,shares,realized_gain', `${target},${date},40,-850.25`, `SRW,${date},10,-120`]);

    const free = await optimize(base);
    expect(free.status).toBe('optimal');
    expect(weightOf(free, target)).toBeGreaterThan(0.005);

    // 2025-12-21 is 10 days before 2025-12-31
    const blocked = await optimize({ ...base, recentSalesFile: sales('2025-12-21') });
    expect(blocked.status).toBe('optimal');
    expect(weightOf(blocked, target)).toBe(0);
    // the proceeds go to other names: still fully invested
    expect(blocked.holdings.reduce((s, h) => s + h.weight, 0) + (blocked.cash ?? 0) / blocked.accountValue!).toBeCloseTo(1, 6);

    // 40 days: outside the window
    const later = await optimize({ ...base, recentSalesFile: sales('2025-11-21') });
    expect(weightOf(later, target)).toBeGreaterThan(0.005);
  }, 600_000);

  it('rejects a report with a sale after the as-of date, naming its line', async () => {
    const f = file('future.csv', ['ticker,date,realized_gain', 'SRW,2025-12-01,-5', 'SRW,2026-01-05,-5']);
    const r = await core.dispatch('portfolio/optimize', { universe: 'demo', useCase: 'tax-loss-harvesting', asOf: DEMO_END_DATE, cash: 1000, recentSalesFile: f });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad-input');
      expect(r.error.where).toMatchObject({ file: f, line: 3, field: 'date' });
    }
  });
});

describe('a legacy name outside the universe', () => {
  const lots = (price: boolean): string[] => [
    `ticker,shares,cost_basis,acquired${price ? ',price' : ''}`,
    `IDNU,200,60,2024-03-01${price ? ',' : ''}`,
    `LEGACY,100,8,2019-01-01${price ? ',25.00' : ''}`,
    // a stale price for a name in the universe: not used, the close is
    `SRW,50,100,2023-01-15${price ? `,${(close.get('SRW')! * 1.2).toFixed(2)}` : ''}`,
  ];

  it('is valued at its given price, sold, and its proceeds are in the cash: value before = value after', async () => {
    const holdingsFile = file('legacy.csv', lots(true));
    const r = await optimize({ universe: 'demo', useCase: 'transition', asOf: DEMO_END_DATE, holdingsFile, cash: 5000, timeLimit: 15 });
    expect(['optimal', 'time-limit']).toContain(r.status);
    const before = 5000 + 200 * close.get('IDNU')! + 50 * close.get('SRW')! + 100 * 25;
    expect(r.accountValue).toBeCloseTo(before, 6);
    expect(r.holdings.map((h) => h.ticker)).not.toContain('LEGACY');
    for (const h of r.holdings) {
      expect(Number.isInteger(h.shares)).toBe(true);
      expect(h.price).toBeCloseTo(close.get(h.ticker)!, 9);
      expect(h.value!).toBeCloseTo(h.shares! * h.price, 6);
    }
    expect(r.cash!).toBeGreaterThanOrEqual(0);
    const after = r.holdings.reduce((s, h) => s + h.value!, 0) + r.cash!;
    expect(after).toBeCloseTo(before, 6);
    expect(r.warnings).toContain(`LEGACY (${holdingsFile} line 3) is not in universe demo: its 100 shares are sold at the given price 25, $2,500.00 to cash`);
    expect(r.warnings.some((w) => w.startsWith(`${holdingsFile} line 4: the price`) && w.includes('SRW is in universe demo'))).toBe(true);
  }, 300_000);

  it('without a price is an error naming the file, its line and the field price', async () => {
    const holdingsFile = file('legacy-no-price.csv', lots(false));
    const r = await core.dispatch('portfolio/optimize', { universe: 'demo', useCase: 'transition', asOf: DEMO_END_DATE, holdingsFile, cash: 5000 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('bad-input');
      expect(r.error.where).toMatchObject({ file: holdingsFile, line: 3, field: 'price' });
      expect(r.error.message).toMatch(/LEGACY is not in universe demo/);
    }
  });
});
