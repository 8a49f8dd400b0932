import { describe, expect, it } from 'vitest';
import { maxNames } from './maxNames.ts';
import { minWeight } from './minWeight.ts';
import { selection } from './selection.ts';
import { applyInOrder, rowByName, tinyProblem } from './testing/tinyProblem.ts';
import { weights } from './weights.ts';

describe('con.max-names', () => {
  it('adds Σ z_i ≤ K and annotates the cardinality with no minimum', () => {
    const ir = applyInOrder([[weights, {}], [selection, {}], [maxNames, { maxNames: 2 }]], { problem: tinyProblem() });
    expect(rowByName(ir, 'maxNames')).toEqual({
      coefficients: { 'selected[AAA]': 1, 'selected[BBB]': 1, 'selected[CCC]': 1 },
      lower: -Infinity,
      upper: 2,
    });
    expect(ir.annotations.cardinality).toEqual({ k: 2, minWeight: 0 });
  });

  it('carries the minimum position once con.min-weight is applied after it', () => {
    const ir = applyInOrder(
      [[weights, {}], [selection, {}], [maxNames, { maxNames: 2 }], [minWeight, { minWeight: 0.1 }]],
      { problem: tinyProblem() },
    );
    expect(ir.annotations.cardinality).toEqual({ k: 2, minWeight: 0.1 });
    expect(minWeight.after).toContain('con.max-names');
  });

  it('takes a whole number of names, at least 1', () => {
    expect(maxNames.params.safeParse({ maxNames: 0 }).success).toBe(false);
    expect(maxNames.params.safeParse({ maxNames: 2.5 }).success).toBe(false);
    expect(maxNames.params.safeParse({}).success).toBe(false);
  });
});
