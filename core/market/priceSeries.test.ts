import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PriceSeries } from '../../api/market.ts';
import { createCore, type Core } from '../createCore.ts';
import { openServices } from '../services.ts';

// Five weekdays. BBB misses 2021-01-06; CCC lists on 2021-01-07; the index misses 2021-01-05.
const dates = ['2021-01-04', '2021-01-05', '2021-01-06', '2021-01-07', '2021-01-08'];
const close = (ticker: string, t: number): number | null => {
  if (ticker === 'AAA') return 10 + t;
  if (ticker === 'BBB') return t === 2 ? null : 50 - t;
  return t >= 3 ? 7.5 + t : null;
};
const indexLevel = (t: number): number | null => (t === 1 ? null : 3000 + 10 * t);

let dir: string;
let core: Core;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-series-'));
  core = createCore(openServices({ home: path.join(dir, 'home'), highsWorkers: 1 }));
  const rows = dates.flatMap((d, t) => ['AAA', 'BBB', 'CCC'].flatMap((k) => (close(k, t) === null ? [] : [`${d},${k},${close(k, t)}`])));
  const pricesFile = path.join(dir, 'prices.csv');
  fs.writeFileSync(pricesFile, ['date,ticker,close', ...rows].join('\n'));
  const indexFile = path.join(dir, 'index.csv');
  fs.writeFileSync(indexFile, ['date,close', ...dates.flatMap((d, t) => (indexLevel(t) === null ? [] : [`${d},${indexLevel(t)}`]))].join('\n'));
  expect((await core.dispatch('data/import', { universe: 'small', pricesFile, indexFile })).ok).toBe(true);
  expect((await core.dispatch('data/import', { universe: 'bare', pricesFile })).ok).toBe(true);
});
afterAll(async () => {
  await core.services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function series(args: Record<string, unknown>): Promise<PriceSeries> {
  const r = await core.dispatch('data/series', args);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as PriceSeries;
}

describe('data/series', () => {
  it('gives closes on every trading day, null where a ticker has none, and the index', async () => {
    const s = await series({ universe: 'small', tickers: ['BBB', 'CCC', 'AAA'] });
    expect(s.dates).toEqual(dates);
    for (const ticker of ['AAA', 'BBB', 'CCC']) expect(s.prices[ticker]).toEqual(dates.map((_, t) => close(ticker, t)));
    expect(Object.keys(s.prices).sort()).toEqual(['AAA', 'BBB', 'CCC']);
    expect(s.index).toEqual(dates.map((_, t) => indexLevel(t)));
  });

  it('keeps to from..to, both ends included, and gives the index alone when no ticker is asked for', async () => {
    const s = await series({ universe: 'small', from: '2021-01-05', to: '2021-01-07' });
    expect(s).toEqual({ universe: 'small', dates: dates.slice(1, 4), index: [1, 2, 3].map(indexLevel), prices: {} });
    const weekend = await series({ universe: 'small', tickers: ['AAA'], from: '2021-01-09', to: '2021-01-10' });
    expect(weekend).toEqual({ universe: 'small', dates: [], index: [], prices: { AAA: [] } });
  });

  it('answers index null for a universe without an index series', async () => {
    const s = await series({ universe: 'bare', tickers: ['AAA'], to: '2021-01-05' });
    expect(s).toEqual({ universe: 'bare', dates: dates.slice(0, 2), index: null, prices: { AAA: [10, 11] } });
  });

  it('answers an unknown universe with not-found and an unknown ticker with bad-input, each named', async () => {
    const universe = await core.dispatch('data/series', { universe: 'nowhere', tickers: ['AAA'] });
    expect(universe).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringMatching(/^unknown universe "nowhere" \(known: .*small/) } });
    const ticker = await core.dispatch('data/series', { universe: 'small', tickers: ['AAA', 'ZZZ'] });
    expect(ticker).toEqual({
      ok: false,
      error: { code: 'bad-input', message: 'field tickers: "ZZZ" is not a member of universe small', where: { field: 'tickers' } },
    });
  });

  it('refuses more than ten tickers, a date that is not one, and from after to', async () => {
    const many = await core.dispatch('data/series', { universe: 'small', tickers: Array.from({ length: 11 }, (_, i) => `T${i}`) });
    expect(many).toMatchObject({ ok: false, error: { code: 'bad-input', where: { field: 'tickers' } } });
    const notADate = await core.dispatch('data/series', { universe: 'small', from: '2021-02-30' });
    expect(notADate).toMatchObject({ ok: false, error: { code: 'bad-input', where: { field: 'from' } } });
    const reversed = await core.dispatch('data/series', { universe: 'small', from: '2021-01-08', to: '2021-01-04' });
    expect(reversed).toMatchObject({ ok: false, error: { code: 'bad-input', message: 'field from: from 2021-01-08 is after to 2021-01-04' } });
  });
});
