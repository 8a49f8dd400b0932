import { describe, expect, it } from 'vitest';
import { maxViolation, objectiveValue, variableSet } from '../model/ir.ts';
import { applyInOrder, rowByName, TINY_BENCHMARK_WEIGHTS, TINY_RETURNS, tinyProblem } from './testing/tinyProblem.ts';
import { trackingMad } from './trackingMad.ts';
import { weights } from './weights.ts';

describe('obj.tracking-mad', () => {
  const problem = tinyProblem();
  const ir = applyInOrder([[weights, {}], [trackingMad, {}]], { problem });

  it('adds one tracking row per period: Σ_i r_ti w_i − d⁺_t + d⁻_t = r^B_t', () => {
    expect(ir.rows.names).toEqual(['tracking[2024-01-03]', 'tracking[2024-01-04]', 'tracking[2024-01-05]', 'tracking[2024-01-08]']);
    // period 2: BBB's return is 0, so it has no coefficient
    const row = rowByName(ir, 'tracking[2024-01-05]');
    expect(row.coefficients).toEqual({
      'weights[AAA]': -0.01,
      'weights[CCC]': 0.02,
      'deviation-up[2024-01-05]': -1,
      'deviation-down[2024-01-05]': 1,
    });
    const rB = 0.5 * -0.01 + 0.3 * 0 + 0.2 * 0.02;
    expect(row.lower).toBeCloseTo(rB, 15);
    expect(row.upper).toBe(row.lower);
  });

  it('creates the deviation sets at cost 1/L and leaves weights free of cost', () => {
    expect(variableSet(ir, 'deviation-up')).toMatchObject({ start: 4, count: 4 });
    expect(variableSet(ir, 'deviation-down')).toMatchObject({ start: 8, count: 4 });
    expect(ir.cols.cost).toEqual([0, 0, 0, 0, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25]);
    expect(ir.cols.lower.slice(4)).toEqual(new Array(8).fill(0));
  });

  it('values a portfolio at its mean absolute active return', () => {
    // all in AAA: a_t = r_t,AAA − r^B_t, computed from the returns, not from the model
    const w = [1, 0, 0];
    const a = TINY_RETURNS.map((r) => r[0] - r.reduce((s, v, i) => s + TINY_BENCHMARK_WEIGHTS[i]! * v, 0 as number));
    const mad = a.reduce((s, v) => s + Math.abs(v), 0) / a.length;
    const x = [...w, 0, ...a.map((v) => Math.max(v, 0)), ...a.map((v) => Math.max(-v, 0))];
    expect(maxViolation(ir, x)).toBeLessThan(1e-15);
    expect(objectiveValue(ir, x)).toBeCloseTo(mad, 15);
    expect(mad).toBeGreaterThan(0.001);
  });

  it('reports returns that do not match names × periods, naming nothing but the data', () => {
    const bad = { ...problem, returns: problem.returns.slice(0, 11) };
    expect(trackingMad.check!({}, { problem: bad })).toEqual(['has 11 returns for 3 names × 4 periods']);
    const nan = { ...problem, returns: Float64Array.from(problem.returns, (r, k) => (k === 4 ? NaN : r)) };
    expect(trackingMad.check!({}, { problem: nan })).toEqual(['return of BBB in period 1 is NaN']);
  });
});
