import { maxViolation, modelClass, objectiveValue, type ModelIR } from '../model/ir.ts';

/** A solver's claim that its point is optimal, with the point itself. */
export interface ProvenOptimum {
  /** who claims it, as the comparison names the run: `highs`, `cbc (no start)` */
  label: string;
  objective: number;
  x?: readonly number[];
}

export interface ObjectiveDisagreement {
  a: string;
  b: string;
  objectiveA: number;
  objectiveB: number;
  difference: number;
  tolerance: number;
  message: string;
}

/**
 * How far apart two proven optima of one model may lie. A MILP is called optimal once
 * |incumbent − bound| ≤ max(g·|incumbent|, g_abs): each claimed optimum z_k lies within that of the true
 * optimum z*, so |z_a − z_b| ≤ g·max(|z_a|, |z_b|) + g_abs. g is the relative gap every solver was given
 * (the comparison passes the same one to all); g_abs is the largest default absolute gap among the
 * solvers (HiGHS's mip_abs_gap, 1e-6; CBC and Gurobi use 1e-10). An LP or QP optimum is exact up to
 * the feasibility and optimality tolerances (1e-7 in HiGHS, Clp and Gurobi), which move a tracking
 * objective (a mean of absolute returns, about 1e-3) by far less than 1e-6 of itself plus 1e-8.
 */
export function optimumTolerance(ir: ModelIR, mipRelGap: number, a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  const cls = modelClass(ir);
  if (cls === 'MILP' || cls === 'MIQP') return Math.max(mipRelGap, 0) * scale + 1e-6;
  return 1e-6 * scale + 1e-8;
}

/** A point counts as feasible for the cross-check below when no bound, row or integrality is off by more. */
const FEASIBLE = 1e-6;

/**
 * Every pair of proven optima further apart than optimumTolerance. Where the better one's point is
 * feasible for the model (checked here, independently of either solver), the other claim is refuted:
 * the message says which solver's "optimal" is wrong and by how much; otherwise it says that the two
 * cannot both be right.
 */
export function objectiveDisagreements(ir: ModelIR, optima: readonly ProvenOptimum[], mipRelGap: number): ObjectiveDisagreement[] {
  const sense = ir.sense === 'minimize' ? 1 : -1;
  const found: ObjectiveDisagreement[] = [];
  for (let i = 0; i < optima.length; i++) {
    for (let j = i + 1; j < optima.length; j++) {
      const p = optima[i]!;
      const q = optima[j]!;
      const difference = Math.abs(p.objective - q.objective);
      const tolerance = optimumTolerance(ir, mipRelGap, p.objective, q.objective);
      if (!(difference > tolerance)) continue;
      const [better, worse] = sense * (p.objective - q.objective) <= 0 ? [p, q] : [q, p];
      found.push({
        a: p.label,
        b: q.label,
        objectiveA: p.objective,
        objectiveB: q.objective,
        difference,
        tolerance,
        message: disagreementMessage(ir, better, worse, difference, tolerance),
      });
    }
  }
  return found;
}

function disagreementMessage(ir: ModelIR, better: ProvenOptimum, worse: ProvenOptimum, difference: number, tolerance: number): string {
  const head =
    `${better.label} and ${worse.label} both claim a proven optimum of model ${ir.name}, but their objectives ` +
    `${fmt(better.objective)} and ${fmt(worse.objective)} differ by ${fmt(difference)}, more than the tolerance ${fmt(tolerance)}`;
  if (!better.x) return `${head}; they cannot both be right`;
  const violation = maxViolation(ir, better.x);
  const evaluated = objectiveValue(ir, better.x);
  if (violation <= FEASIBLE && Math.abs(evaluated - better.objective) <= tolerance) {
    return (
      `${head}: ${better.label}'s point is feasible (largest violation ${fmt(violation)}) with objective ${fmt(evaluated)} ` +
      `as evaluated here, so ${worse.label}'s "optimal" is wrong`
    );
  }
  return (
    `${head}; ${better.label}'s point, evaluated here, has objective ${fmt(evaluated)} and largest violation ` +
    `${fmt(violation)}, so ${better.label}'s claim is the suspect one`
  );
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(6);
}
