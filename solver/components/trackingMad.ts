import { z } from 'zod';
import { periodCount } from '../tracking/trackingProblem.ts';
import { ComponentError, defineComponent, requiredSet } from './component.ts';

/**
 * obj.tracking-mad: minimize the mean absolute deviation of the active return (DESIGN section 3).
 *   d⁺_t ≥ 0, d⁻_t ≥ 0                       (sets `deviation-up`, `deviation-down`)
 *   Σ_i r_{t,i} w_i − d⁺_t + d⁻_t = r^B_t    for t = 0..L−1 (cash earns 0)
 *   minimize (1/L) Σ_t (d⁺_t + d⁻_t)
 * At an optimum one of d⁺_t, d⁻_t is 0, so the objective is (1/L) Σ_t |a_t|.
 */
export const trackingMad = defineComponent({
  id: 'obj.tracking-mad',
  kind: 'objective',
  title: 'Tracking (mean absolute deviation)',
  doc: 'minimize (1/L) Σ_t (d⁺_t + d⁻_t) with Σ_i r_{t,i} w_i − d⁺_t + d⁻_t = r^B_t: the mean absolute active return.',
  params: z.strictObject({}),
  provides: ['deviation-up', 'deviation-down'],
  requires: ['weights'],
  features: [],
  check(_params, { problem }) {
    const L = periodCount(problem);
    const n = problem.tickers.length;
    if (L === 0) return ['needs at least one return period'];
    if (problem.returns.length !== L * n) return [`has ${problem.returns.length} returns for ${n} names × ${L} periods`];
    const issues: string[] = [];
    const badReturn = problem.returns.findIndex((r) => !Number.isFinite(r));
    if (badReturn >= 0) {
      issues.push(`return of ${problem.tickers[badReturn % n]} in period ${Math.floor(badReturn / n)} is ${problem.returns[badReturn]}`);
    }
    const badTarget = problem.benchmarkReturns.findIndex((r) => !Number.isFinite(r));
    if (badTarget >= 0) issues.push(`benchmark return in period ${badTarget} is ${problem.benchmarkReturns[badTarget]}`);
    return issues;
  },
  apply(builder, _params, { problem }) {
    const L = periodCount(problem);
    const n = problem.tickers.length;
    if (L === 0 || problem.returns.length !== L * n) {
      throw new ComponentError('obj.tracking-mad', `returns do not match ${n} names × ${L} periods`);
    }
    const w = requiredSet(builder, 'obj.tracking-mad', 'weights');
    // period t ends on dates[t + 1]
    const periods = problem.dates.length === L + 1 ? problem.dates.slice(1) : Array.from({ length: L }, (_, t) => String(t));
    const up = builder.addVariableSet('deviation-up', periods, { lower: 0, upper: Infinity, cost: 1 / L });
    const down = builder.addVariableSet('deviation-down', periods, { lower: 0, upper: Infinity, cost: 1 / L });
    const indices = new Array<number>(n + 2);
    const values = new Array<number>(n + 2);
    for (let i = 0; i < n; i++) indices[i] = w.start + i;
    values[n] = -1;
    values[n + 1] = 1;
    const r = problem.returns;
    for (let t = 0; t < L; t++) {
      const base = t * n;
      for (let i = 0; i < n; i++) values[i] = r[base + i]!;
      indices[n] = up + t;
      indices[n + 1] = down + t;
      const target = problem.benchmarkReturns[t]!;
      if (!Number.isFinite(target)) throw new ComponentError('obj.tracking-mad', `benchmark return of ${periods[t]} is ${target}`);
      builder.addRow(`tracking[${periods[t]}]`, indices, values, target, target);
    }
  },
});
