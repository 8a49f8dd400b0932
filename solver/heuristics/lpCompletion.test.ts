import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileHighsWasm, loadHighsRuntime } from '../backends/highs/highsRuntime.ts';
import { ModelBuilder } from '../model/builder.ts';
import { completeWithLp } from './lpCompletion.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighsRuntime(await compileHighsWasm());
});

/** min 1.5n − y  s.t.  y ≤ 2.5n,  0 ≤ y ≤ 6.2,  n ∈ {0..5}: for a given n the best y is min(2.5n, 6.2). */
function model(extraFloor?: number) {
  const b = new ModelBuilder('mixed');
  const n = b.addColumn('n', { upper: 5, cost: 1.5, type: 'integer' });
  const y = b.addColumn('y', { upper: 6.2, cost: -1 });
  b.addRow('link', [y, n], [1, -2.5], -Infinity, 0);
  if (extraFloor !== undefined) b.addRow('floor', [y], [1], extraFloor, Infinity);
  return b.build();
}

describe('completeWithLp', () => {
  it('fixes the integer columns and optimizes the rest: y = min(2.5n, 6.2)', () => {
    for (const [n, y] of [
      [0, 0],
      [2, 5],
      [3, 6.2],
      [5, 6.2],
    ] as const) {
      const done = completeWithLp(highs, model(), [n + 0.3, 123]);
      expect(done.feasible).toBe(true);
      if (!done.feasible) continue;
      expect(Array.from(done.x)).toEqual([n, expect.closeTo(y, 9)]);
      expect(done.objective).toBeCloseTo(1.5 * n - y, 9);
    }
  });

  it('says why an assignment cannot be completed', () => {
    expect(completeWithLp(highs, model(), [7, 0])).toEqual({ feasible: false, reason: expect.stringMatching(/n = 7 is outside its bounds \[0, 5\]/) });
    expect(completeWithLp(highs, model(6), [2, 0])).toEqual({ feasible: false, reason: expect.stringMatching(/ended Infeasible/) });
    expect(completeWithLp(highs, model(), [1])).toEqual({ feasible: false, reason: '1 values for 2 columns' });
  });
});
