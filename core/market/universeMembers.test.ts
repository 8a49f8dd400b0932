import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UniverseMembers } from '../../api/market.ts';
import { createCore, type Core } from '../createCore.ts';
import { openServices } from '../services.ts';
import { DEMO_SEED, generateDemoMarket } from './demoMarket.ts';

// Three weekdays; EEE has no price on the last date.
const dates = ['2021-01-04', '2021-01-05', '2021-01-06'];
const prices = [
  ...dates.map((d, t) => `${d},AAA,${10 + t}`),
  ...dates.map((d, t) => `${d},BBB,${20 + t}`),
  ...dates.map((d, t) => `${d},CCC,${30 + t}`),
  ...dates.map((d) => `${d},DDD,1`),
  ...dates.slice(0, 2).map((d) => `${d},EEE,5`),
];

let dir: string;
let core: Core;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-members-'));
  core = createCore(openServices({ home: path.join(dir, 'home'), highsWorkers: 1 }));
  const pricesFile = path.join(dir, 'prices.csv');
  fs.writeFileSync(pricesFile, ['date,ticker,close', ...prices].join('\n'));
  const weighted = path.join(dir, 'weighted.csv');
  fs.writeFileSync(weighted, 'ticker,name,sector,market_cap,weight\nAAA,Alpha,Financials,9e9,0.5\nBBB,Beta,,7e9,\nCCC,Gamma,Energy,,0.2\nEEE,Echo,Energy,1e9,0.3\nDDD,Delta,Energy,1e9,\n');
  const capped = path.join(dir, 'capped.csv');
  fs.writeFileSync(capped, 'ticker,name,sector,market_cap\nAAA,Alpha,Financials,6e9\nBBB,Beta,Financials,2e9\nCCC,Gamma,Energy,\n');
  for (const [universe, constituentsFile] of [['weighted', weighted], ['capped', capped]]) {
    const r = await core.dispatch('data/import', { universe, pricesFile, constituentsFile });
    expect(r.ok).toBe(true);
  }
});
afterAll(async () => {
  await core.services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function members(universe: string): Promise<UniverseMembers> {
  const r = await core.dispatch('data/members', { universe });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as UniverseMembers;
}

describe('data/members', () => {
  it('weights by the weight column over the members priced on the last date, largest first, with the sector mix', async () => {
    const m = await members('weighted');
    expect(m.asOf).toBe('2021-01-06');
    // priced on 2021-01-06 with a weight: AAA 0.5, CCC 0.2 (BBB has none, EEE no price that day)
    expect(m.members).toEqual([
      { ticker: 'AAA', name: 'Alpha', sector: 'Financials', weight: expect.closeTo(0.5 / 0.7, 12), price: 12, marketCap: 9e9 },
      { ticker: 'CCC', name: 'Gamma', sector: 'Energy', weight: expect.closeTo(0.2 / 0.7, 12), price: 32, marketCap: null },
      { ticker: 'BBB', name: 'Beta', sector: '', weight: 0, price: 22, marketCap: 7e9 },
      { ticker: 'DDD', name: 'Delta', sector: 'Energy', weight: 0, price: 1, marketCap: 1e9 },
      { ticker: 'EEE', name: 'Echo', sector: 'Energy', weight: 0, price: null, marketCap: 1e9 },
    ]);
    expect(m.sectors).toEqual([
      { sector: 'Financials', names: 1, weight: expect.closeTo(0.5 / 0.7, 12) },
      { sector: 'Energy', names: 3, weight: expect.closeTo(0.2 / 0.7, 12) },
      { sector: '', names: 1, weight: 0 },
    ]);
  });

  it('weights by market cap when no member has a weight', async () => {
    const m = await members('capped');
    const weight = Object.fromEntries(m.members.map((x) => [x.ticker, x.weight]));
    expect(weight).toEqual({ AAA: 0.75, BBB: 0.25, CCC: 0 });
    expect(m.sectors).toEqual([
      { sector: 'Financials', names: 2, weight: 1 },
      { sector: 'Energy', names: 1, weight: 0 },
    ]);
  });

  it('creates the demo market on first use: cap weights and last closes as the generator made them', async () => {
    const market = generateDemoMarket(DEMO_SEED);
    const m = await members('demo');
    expect(m.asOf).toBe(market.dates.at(-1));
    expect(m.members).toHaveLength(market.members.length);
    const last = (market.dates.length - 1) * market.members.length;
    const totalCap = market.members.reduce((s, x) => s + x.marketCap, 0);
    const byTicker = new Map(m.members.map((x) => [x.ticker, x]));
    market.members.forEach((g, i) => {
      const x = byTicker.get(g.ticker)!;
      expect(x.price).toBe(market.close[last + i]);
      expect(x.weight).toBeCloseTo(g.marketCap / totalCap, 12);
      expect(x.sector).toBe(g.sector);
    });
    expect(m.sectors.reduce((s, x) => s + x.weight, 0)).toBeCloseTo(1, 12);
    expect(m.sectors.reduce((s, x) => s + x.names, 0)).toBe(market.members.length);
  });

  it('answers an unknown universe with not-found, naming it and the known ones', async () => {
    const r = await core.dispatch('data/members', { universe: 'sp600' });
    expect(r).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'unknown universe "sp600" (known: capped, demo, weighted)', where: { field: 'universe' } },
    });
  });
});
