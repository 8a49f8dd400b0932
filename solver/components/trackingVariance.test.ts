import { describe, expect, it } from 'vitest';
import { objectiveValue } from '../model/ir.ts';
import { activeReturns, trackingError } from '../tracking/trackingError.ts';
import { applyInOrder, tinyProblem } from './testing/tinyProblem.ts';
import { trackingVariance } from './trackingVariance.ts';
import { weights } from './weights.ts';

/** Some portfolios to evaluate the objective at, cash included (the last column). */
const points = [
  [0.5, 0.3, 0.2, 0],
  [0.2, 0.2, 0.2, 0.4],
  [1, 0, 0, 0],
  [0.1, 0.7, 0.05, 0.15],
];

describe('obj.tracking-variance', () => {
  it('equals the annualized sample variance of the active return (the square of the reported tracking error) at any point', () => {
    for (const benchmark of ['cap', 'index'] as const) {
      const problem = { ...tinyProblem(), benchmark };
      const ir = applyInOrder([[weights, {}], [trackingVariance, {}]], { problem });
      for (const x of points) {
        const te = trackingError(activeReturns(problem, x.slice(0, 3)), 252);
        expect(objectiveValue(ir, x)).toBeCloseTo(te * te, 12);
      }
    }
  });

  it('with full shrinkage on a cap benchmark is λ P μ ‖w − b‖², μ the mean sample variance', () => {
    const problem = tinyProblem();
    const n = 3;
    const L = 4;
    let mu = 0;
    for (let i = 0; i < n; i++) {
      const r = Array.from({ length: L }, (_, t) => problem.returns[t * n + i]!);
      const m = r.reduce((a, b) => a + b, 0) / L;
      mu += r.reduce((a, v) => a + (v - m) ** 2, 0) / (L - 1) / n;
    }
    const ir = applyInOrder([[weights, {}], [trackingVariance, { shrinkage: 1, weight: 3 }]], { problem });
    for (const x of points) {
      const dist = x.slice(0, 3).reduce((s, w, i) => s + (w - problem.benchmarkWeights[i]!) ** 2, 0);
      expect(objectiveValue(ir, x)).toBeCloseTo(3 * 252 * mu * dist, 12);
    }
    expect(ir.quadratic!.row.every((r, k) => r === ir.quadratic!.col[k])).toBe(true);
  });

  it('is quadratic, and needs two periods', () => {
    expect(trackingVariance.features).toEqual(['quadratic']);
    const problem = { ...tinyProblem(), returns: Float64Array.from([0.01, 0.02, 0.03]), benchmarkReturns: Float64Array.from([0.02]) };
    expect(trackingVariance.check!(trackingVariance.params.parse({}), { problem })).toEqual(['needs at least 2 return periods to estimate a covariance, got 1']);
  });
});
