import type { Highs } from 'highs';
import type { ModelIR } from '../model/ir.ts';
import { toHighsModelData } from '../backends/highs/highsModelData.ts';

export type Feasibility = 'feasible' | 'infeasible' | 'unknown';

/**
 * Whether { x : rowLower ≤ A x ≤ rowUpper, colLower ≤ x ≤ colUpper, x_j ∈ ℤ for integer j } is empty,
 * by HiGHS on the model with its objective removed (c = 0, Q = 0): an LP then stops at the first
 * feasible basis and a MIP at its first incumbent, and "unbounded" cannot mask "infeasible".
 * `relaxIntegrality` asks the question of the continuous relaxation. A time limit that ends the
 * solve before HiGHS decides gives 'unknown', which callers must not read as either answer.
 */
export function checkFeasibility(
  highs: Highs,
  ir: ModelIR,
  options: { relaxIntegrality: boolean; timeLimitSec: number },
): Feasibility {
  const feasibilityOnly: ModelIR = {
    ...ir,
    offset: 0,
    cols: { ...ir.cols, cost: new Array<number>(ir.cols.cost.length).fill(0) },
    quadratic: undefined,
  };
  const model = highs.createModel();
  try {
    model.passModel(toHighsModelData(highs, feasibilityOnly, { relaxIntegrality: options.relaxIntegrality }));
    model.options.set({ output_flag: false, time_limit: Math.max(0.01, options.timeLimitSec) });
    model.run();
    const status = model.getModelStatus();
    const codes = highs.constants.modelStatus;
    if (status === codes.optimal || status === codes.empty) return 'feasible';
    // with c = 0 nothing is unbounded, so HiGHS's "infeasible or unbounded" means infeasible
    if (status === codes.infeasible || status === codes.unboundedOrInfeasible) return 'infeasible';
    // a MIP stopped by its limit with an incumbent has shown a feasible point all the same
    if (Number(model.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible) return 'feasible';
    return 'unknown';
  } finally {
    model.dispose();
  }
}
