import type { Highs } from 'highs';
import type { ModelIR } from '../model/ir.ts';
import { highsStatusWords } from '../backends/highs/highsStatus.ts';
import { LpRelaxation } from './lpRelaxation.ts';

export type Completion =
  | { feasible: true; x: Float64Array; objective: number }
  | { feasible: false; reason: string };

/**
 * Completes an assignment of the integer columns into a full point: with every integer column fixed
 * at its (rounded) value, the model is an LP in the continuous columns; its optimum is the best
 * point with that assignment, and a valid MIP start. Only the integer entries of `values` are read.
 */
export function completeWithLp(highs: Highs, ir: ModelIR, values: ArrayLike<number>, options: { timeLimitSec?: number } = {}): Completion {
  const relaxation = new LpRelaxation(highs, ir);
  try {
    return completeOnRelaxation(relaxation, values, options);
  } finally {
    relaxation.dispose();
  }
}

/**
 * The same on a relaxation a heuristic already holds (warm: the last basis is reused). The integer
 * columns keep the fixed bounds afterwards; callers that go on searching set the bounds they need.
 */
export function completeOnRelaxation(relaxation: LpRelaxation, values: ArrayLike<number>, options: { timeLimitSec?: number } = {}): Completion {
  const ir = relaxation.ir;
  const n = ir.cols.names.length;
  if (values.length !== n) return { feasible: false, reason: `${values.length} values for ${n} columns` };
  const fixed: number[] = [];
  for (let j = 0; j < n; j++) {
    if (ir.cols.types[j] !== 'integer') continue;
    const v = Math.round(values[j]!);
    if (!(v >= ir.cols.lower[j]! && v <= ir.cols.upper[j]!)) {
      return { feasible: false, reason: `${ir.cols.names[j]} = ${values[j]} is outside its bounds [${ir.cols.lower[j]}, ${ir.cols.upper[j]}]` };
    }
    relaxation.setBounds(j, v, v);
    fixed.push(j);
  }
  const s = relaxation.solve(options.timeLimitSec);
  if (!s.optimal) {
    return { feasible: false, reason: `the LP with the integer columns fixed ended ${highsStatusWords(s.modelStatus)}` };
  }
  const x = Float64Array.from(s.x);
  for (const j of fixed) x[j] = Math.round(values[j]!);
  return { feasible: true, x, objective: s.objective };
}
