import { describe, expect, it } from 'vitest';
import { flattensAt, kneeMachines, parallelSeconds, projection, type RunSplit, scaledSplit, serialSeconds, speedupLimit } from './scaleProjection.ts';

// 10,000 accounts: 4 s of per-account serial work, 1 s that does not grow, 20 chunk jobs of 9.9 s each plus 0.1 s of queue
const split: RunSplit = {
  accounts: 10_000,
  serial: [
    { name: 'load', seconds: 4, perAccount: true },
    { name: 'optimize', seconds: 1, perAccount: false },
  ],
  chunkSeconds: 198,
  chunkJobs: 20,
  queueSecondsPerJob: 0.1,
};

describe('the projection to N machines', () => {
  it('is T(N) = S + P / (N · c)', () => {
    expect(serialSeconds(split)).toBe(5);
    expect(parallelSeconds(split)).toBeCloseTo(200, 10);
    const rows = projection(split, [1, 2, 4], 2);
    expect(rows.map((r) => r.seconds)).toEqual([105, 55, 30].map((x) => expect.closeTo(x, 10)));
    expect(rows[2]!.speedup).toBeCloseTo(105 / 30, 10);
    expect(rows[2]!.efficiency).toBeCloseTo(105 / 30 / 4, 10);
  });

  it('has its knee where P / (N · c) = S, and no speedup past T(1) / S', () => {
    expect(kneeMachines(split, 2)).toBeCloseTo(20, 10);
    expect(speedupLimit(split, 2)).toBeCloseTo(21, 10);
    const [atKnee] = projection(split, [20], 2);
    expect(atKnee!.seconds).toBeCloseTo(2 * serialSeconds(split), 10);
  });

  it('flattens at the first N whose doubling gains less than 10 %', () => {
    // T: 105, 55, 30, 17.5, 11.25, 8.125, 6.5625: 11.25 / 8.125 = 1.38, 8.125 / 6.5625 = 1.24; S = 5 s is reached slowly
    expect(flattensAt(projection(split, [1, 2, 4, 8, 16, 32, 64], 2))).toBeNull();
    // with S = 50 s: T(8) = 62.5, T(16) = 56.25 (gain 11 %), T(32) = 53.1 (gain 5.9 %)
    const serialHeavy = { ...split, serial: [{ name: 'load', seconds: 50, perAccount: true }] };
    expect(flattensAt(projection(serialHeavy, [1, 2, 4, 8, 16, 32], 2))).toBe(16);
  });

  it('scales the per-account pieces and the chunks with the accounts, and keeps the rest', () => {
    const big = scaledSplit(split, 1_000_000);
    expect(big.serial).toEqual([
      { name: 'load', seconds: 400, perAccount: true },
      { name: 'optimize', seconds: 1, perAccount: false },
    ]);
    expect(big.chunkSeconds).toBeCloseTo(19_800, 6);
    expect(big.chunkJobs).toBe(2000);
    expect(scaledSplit(split, 10_001).chunkJobs).toBe(21);
  });
});
