import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../model/builder.ts';
import type { ModelIR } from '../model/ir.ts';
import { objectiveDisagreements, optimumTolerance } from './objectiveAgreement.ts';

/**
 * A knapsack small enough to check by hand: maximize 5a + 4b + 3c subject to 2a + 3b + c ≤ 5, a, b, c ∈ {0, 1}.
 * Its optimum is 9 at (1, 1, 0), found by enumerating the 8 points (bestByEnumeration).
 */
function knapsack(): ModelIR {
  const b = new ModelBuilder('knapsack', 'maximize');
  const cols = [5, 4, 3].map((value, i) => b.addColumn(`item${i}`, { type: 'integer', lower: 0, upper: 1, cost: value }));
  b.addRow('capacity', cols, [2, 3, 1], -Infinity, 5);
  return b.build();
}

function bestByEnumeration(): { value: number; x: number[] } {
  let best = { value: -Infinity, x: [0, 0, 0] };
  for (let m = 0; m < 8; m++) {
    const x = [m & 1, (m >> 1) & 1, (m >> 2) & 1];
    if (2 * x[0]! + 3 * x[1]! + x[2]! > 5) continue;
    const value = 5 * x[0]! + 4 * x[1]! + 3 * x[2]!;
    if (value > best.value) best = { value, x };
  }
  return best;
}

describe('objectiveDisagreements', () => {
  it('finds none between optima within the tolerance, and the tolerance follows the gap and the class', () => {
    const ir = knapsack();
    expect(optimumTolerance(ir, 1e-4, 9, 9)).toBeCloseTo(9e-4 + 1e-6, 12);
    expect(objectiveDisagreements(ir, [{ label: 'highs', objective: 9 }, { label: 'cbc', objective: 9 + 5e-4 }], 1e-4)).toEqual([]);
  });

  it('names the solver whose "optimal" is refuted by the other one’s feasible point', () => {
    const ir = knapsack();
    const best = bestByEnumeration();
    expect(best.value).toBe(9);
    const found = objectiveDisagreements(
      ir,
      [
        { label: 'highs', objective: 9, x: best.x },
        { label: 'gurobi', objective: 8, x: [1, 0, 1] },
      ],
      1e-4,
    );
    expect(found).toHaveLength(1);
    expect(found[0]!).toMatchObject({ a: 'highs', b: 'gurobi', objectiveA: 9, objectiveB: 8, difference: 1 });
    expect(found[0]!.message).toMatch(/highs's point is feasible .* so gurobi's "optimal" is wrong/);
  });

  it('says the better claim is the suspect one when its own point does not hold up', () => {
    const ir = knapsack();
    // (1, 1, 1) weighs 6 > 5: a claimed 12 from an infeasible point
    const found = objectiveDisagreements(
      ir,
      [
        { label: 'cbc', objective: 9, x: [1, 1, 0] },
        { label: 'stand-in', objective: 12, x: [1, 1, 1] },
      ],
      1e-4,
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/stand-in's point, evaluated here, has objective 12 and largest violation 1, so stand-in's claim is the suspect one/);
  });

  it('compares every pair', () => {
    const ir = knapsack();
    const found = objectiveDisagreements(ir, ['a', 'b', 'c'].map((label, i) => ({ label, objective: 9 - i })), 1e-4);
    expect(found.map((d) => `${d.a}-${d.b}`)).toEqual(['a-b', 'a-c', 'b-c']);
  });
});
