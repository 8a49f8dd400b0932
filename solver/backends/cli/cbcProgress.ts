import type { ModelIR } from '../../model/ir.ts';
import type { SolveProgress } from '../backend.ts';

const NUM = '([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)';
const RX = {
  /** the LP relaxation, before preprocessing: in the model's own sense, printed to 6 significant digits */
  continuous: new RegExp(`^Continuous objective value is ${NUM} - ${NUM} seconds`),
  mipStart: new RegExp(`^Cbc0045I MIPStart provided solution with cost ${NUM}`),
  /** Cbc0004I, Cbc0012I (a heuristic, named), Cbc0016I (strong branching): a new incumbent */
  incumbent: new RegExp(`^Cbc00\\d\\dI Integer solution of ${NUM} found (?:by (.+?) )?after \\d+ iterations and \\d+ nodes \\(${NUM} seconds\\)`),
  node: new RegExp(`^Cbc0010I After \\d+ nodes, \\d+ on tree, (\\S+) best solution, best possible ${NUM} \\(${NUM} seconds\\)`),
  exitGap: new RegExp(`^Cbc0011I Exiting as integer gap of ${NUM} less than`),
  completed: new RegExp(`^Cbc0001I Search completed - best objective ${NUM}, took \\d+ iterations and \\d+ nodes \\(${NUM} seconds\\)`),
  partial: new RegExp(`^Cbc0005I Partial search - best objective ${NUM} \\(best possible ${NUM}\\), took \\d+ iterations and \\d+ nodes \\(${NUM} seconds\\)`),
};

/** CBC prints an incumbent or bound it does not have as 1e+50 (or beyond). */
const known = (v: number) => Number.isFinite(v) && Math.abs(v) < 1e49;

/**
 * The MIP search as CBC 2.10's log tells it, in the model's own sense: one point per line that carries a
 * time on CBC's clock (seconds since it started, wall-clock under `timeMode elapsed`), each with the
 * incumbent and bound known at that moment.
 *  - "Continuous objective value is V - T seconds": the LP relaxation's V, the first bound.
 *  - "Cbc00xxI Integer solution of V found ... (T seconds)": a new incumbent.
 *  - "Cbc0010I After N nodes, ..., V best solution, best possible B (T seconds)": both.
 *  - "Cbc0001I Search completed - best objective V ... (T seconds)": the end, the bound proven equal to V, or
 *    V less the gap of a preceding "Cbc0011I Exiting as integer gap of G"; "Cbc0005I Partial search - best
 *    objective V (best possible B) ... (T seconds)": the end of a stopped search.
 * The Cbc00xx numbers are in CBC's internal minimization sense, negated for a maximization, except where
 * CBC 2.10.8 hands the MIP start's own cost on: "Cbc0045I MIPStart provided solution with cost V" and the
 * "Integer solution of V found by Reduced search" that follows it print the model's sense (CbcSolver passes
 * the start's objective to setBestSolution unflipped; seen on a maximized knapsack: +2193, then −2232).
 */
export function cbcProgress(lines: readonly string[], sense: ModelIR['sense']): SolveProgress[] {
  const flip = sense === 'maximize' ? -1 : 1;
  const points: SolveProgress[] = [];
  /** incumbent and bound so far, in CBC's internal minimization sense */
  let incumbent: number | undefined;
  let bound: number | undefined;
  let startCost: number | undefined;
  let exitGap: number | undefined;
  const at = (atSec: number) => {
    const point: SolveProgress = { atSec: Math.max(atSec, points.at(-1)?.atSec ?? 0) };
    if (incumbent !== undefined) point.incumbent = flip * incumbent;
    if (bound !== undefined) point.bound = flip * bound;
    points.push(point);
  };
  let m: RegExpExecArray | null;
  for (const raw of lines) {
    const line = raw.trim();
    if ((m = RX.continuous.exec(line))) {
      bound = flip * Number(m[1]);
      at(Number(m[2]));
    } else if ((m = RX.mipStart.exec(line))) startCost = Number(m[1]);
    else if ((m = RX.incumbent.exec(line))) {
      const v = Number(m[1]);
      const fromStart = m[2] === 'Reduced search' && startCost !== undefined && Math.abs(v - startCost) <= 1e-6 * Math.max(1, Math.abs(startCost));
      if (known(v)) incumbent = fromStart ? flip * v : v;
      at(Number(m[3]));
    } else if ((m = RX.node.exec(line))) {
      const v = Number(m[1]);
      if (known(v)) incumbent = v;
      if (known(Number(m[2]))) bound = Number(m[2]);
      at(Number(m[3]));
    } else if ((m = RX.exitGap.exec(line))) exitGap = Number(m[1]);
    else if ((m = RX.completed.exec(line))) {
      const v = Number(m[1]);
      if (known(v)) {
        incumbent = v;
        bound = v - (exitGap ?? 0);
      }
      at(Number(m[2]));
    } else if ((m = RX.partial.exec(line))) {
      if (known(Number(m[1]))) incumbent = Number(m[1]);
      if (known(Number(m[2]))) bound = Number(m[2]);
      at(Number(m[3]));
    }
  }
  return points;
}
