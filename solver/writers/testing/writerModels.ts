import { ModelBuilder } from '../../model/builder.ts';
import type { ModelIR } from '../../model/ir.ts';

/**
 * Small models exercising every feature the writers render, each with an optimum that the tests
 * work out from the math (enumeration or closed form), not from a solver.
 */

/**
 * min 2a − 3b + f − g − h + 7.25
 *   f − a − b = 0.5            (equality; pins the free column f)
 *   1 ≤ a + b + h ≤ 4          (ranged; the upper side binds at the optimum)
 *   g + a ≤ 5
 *   a + g free                 (a free row: no constraint)
 *   h − b ≥ −1
 *   a ∈ {0..3}, b ∈ {0,1}, h ∈ ℤ, h ≥ −2, f free, g ∈ (−∞, 4], u ≥ 0 unused
 */
export function mixedIntegerModel(): ModelIR {
  const b = new ModelBuilder('mixed integer');
  const a = b.addColumn('a', { lower: 0, upper: 3, cost: 2, type: 'integer' });
  const bin = b.addColumn('b', { lower: 0, upper: 1, cost: -3, type: 'integer' });
  const f = b.addColumn('f', { lower: -Infinity, upper: Infinity, cost: 1 });
  const g = b.addColumn('g', { lower: -Infinity, upper: 4, cost: -1 });
  const h = b.addColumn('h', { lower: -2, upper: Infinity, cost: -1, type: 'integer' });
  b.addColumn('u');
  b.addRow('pin', [f, a, bin], [1, -1, -1], 0.5, 0.5);
  b.addRow('range', [a, bin, h], [1, 1, 1], 1, 4);
  b.addRow('cap', [g, a], [1, 1], -Infinity, 5);
  b.addRow('free', [a, g], [1, 1], -Infinity, Infinity);
  b.addRow('floor', [h, bin], [1, -1], -1, Infinity);
  b.addOffset(7.25);
  return b.build();
}

/** The optimum of mixedIntegerModel by enumerating a, b and h and solving f and g in closed form. */
export function mixedIntegerOptimum(): number {
  let best = Infinity;
  for (let a = 0; a <= 3; a++) {
    for (let bin = 0; bin <= 1; bin++) {
      const f = a + bin + 0.5;
      const g = Math.min(4, 5 - a); // cost −1: as large as the bound and the cap allow
      for (let h = Math.max(-2, bin - 1, 1 - a - bin); h <= 4 - a - bin; h++) {
        best = Math.min(best, 2 * a - 3 * bin + f - g - h + 7.25);
      }
    }
  }
  return best;
}

/** max 3p + 2q − 1.5 s.t. p + q ≤ 4.5, p ≤ 3 (general integer), q ∈ ℤ≥0, r = 2 fixed and unused. */
export function maximizeModel(): ModelIR {
  const b = new ModelBuilder('maximize', 'maximize');
  const p = b.addColumn('p', { lower: 0, upper: 3, cost: 3, type: 'integer' });
  const q = b.addColumn('q', { lower: 0, upper: Infinity, cost: 2, type: 'integer' });
  b.addColumn('r', { lower: 2, upper: 2, cost: 0 });
  b.addRow('total', [p, q], [1, 1], -Infinity, 4.5);
  b.addOffset(-1.5);
  return b.build();
}

export function maximizeOptimum(): number {
  let best = -Infinity;
  for (let p = 0; p <= 3; p++) for (let q = 0; p + q <= 4.5; q++) best = Math.max(best, 3 * p + 2 * q - 1.5);
  return best;
}

/**
 * min 3 + c'x + ½ x'Qx with Q = [[2, 1], [1, 4]], c = (−2, −5), x free, and an inactive ranged row
 * −10 ≤ x0 − x1 ≤ 10. Optimum x* = Q⁻¹(2, 5) = (3/7, 8/7), value 3 − ½ (2, 5)Q⁻¹(2, 5)' = −2/7.
 */
export function quadraticModel(): ModelIR {
  const b = new ModelBuilder('quadratic');
  const x0 = b.addColumn('x0', { lower: -Infinity, upper: Infinity, cost: -2 });
  const x1 = b.addColumn('x1', { lower: -Infinity, upper: Infinity, cost: -5 });
  b.addRow('band', [x0, x1], [1, -1], -10, 10);
  b.addQuadratic(x0, x0, 2);
  b.addQuadratic(x1, x1, 4);
  b.addQuadratic(x0, x1, 1);
  b.addOffset(3);
  return b.build();
}

export const QUADRATIC_OPTIMUM = { objective: -2 / 7, x: [3 / 7, 8 / 7] };
