import { describe, expect, it } from 'vitest';
import { memoryBars, timeBars, variantOf } from './benchBars.ts';
import { benchRow } from './benchFixture.ts';

describe('the bench charts’ bars', () => {
  it('are the rows that ran, in seconds with their spread, coloured by the factor each changes', () => {
    const rows = [
      benchRow({ label: 'optimize · baseline', medianMs: 1500, minMs: 1200, maxMs: 2500 }),
      benchRow({ label: 'optimize · solver=cbc', factor: 'solver', value: 'cbc', medianMs: 800, minMs: 800, maxMs: 900 }),
      benchRow({ label: 'optimize · store=postgres', factor: 'store', value: 'postgres', status: 'skipped', medianMs: null, minMs: null, maxMs: null, peakRssMiB: null }),
      benchRow({ label: 'optimize · solver=cbc, lookback=504', medianMs: 3000, minMs: 2900, maxMs: 3100 }),
    ];
    expect(timeBars(rows)).toEqual([
      { label: 'optimize · baseline', group: 'baseline', value: 1.5, low: 1.2, high: 2.5 },
      { label: 'optimize · solver=cbc', group: 'solver', value: 0.8, low: 0.8, high: 0.9 },
      { label: 'optimize · solver=cbc, lookback=504', group: 'combination', value: 3, low: 2.9, high: 3.1 },
    ]);
    expect(memoryBars(rows).map((b) => b.label)).toEqual(['optimize · baseline', 'optimize · solver=cbc', 'optimize · solver=cbc, lookback=504']);
    expect(rows.map(variantOf)).toEqual(['baseline', 'solver=cbc', 'store=postgres', 'solver=cbc, lookback=504']);
  });
});
