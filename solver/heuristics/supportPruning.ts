import type { Highs } from 'highs';
import type { ModelIR } from '../model/ir.ts';
import { LpRelaxation, type RelaxationSolution } from './lpRelaxation.ts';
import { nameColumns, type NameColumns } from './nameColumns.ts';

/**
 * Iterative LP-relaxation pruning for a name limit k with a minimum position m
 * (Σ_i z_i ≤ k, w_i ≤ u_i z_i, w_i ≥ m z_i).
 *
 * The relaxation (z free in [0, 1]) ignores both k and m. Solve it, then repeatedly drop from the
 * candidate set (z_i = 0) the names with zero weight and the smallest-weighted fifth of the names in
 * excess of k (or, once at most k are left, of those held below m), re-solving warm on the same HiGHS
 * model by moving bounds only, until at most k names carry weight and each carries at least m. If a
 * drop makes the LP infeasible (a sector band needs the name) half as many are dropped instead.
 * Holding exactly the survivors (z_i = 1, every other z_i = 0) gives a feasible point: the LP
 * optimum over that support.
 */
export interface PruningOptions {
  /** share of the excess names dropped per round; smaller is slower and not reliably better */
  dropFraction?: number;
  /**
   * performance.now() in ms after which every round drops the whole excess at once (the smallest weights):
   * the pruning then ends within a round or two of it, with a feasible support, instead of running on
   */
  deadlineMs?: number;
}

export interface PrunedSupport {
  /** indices (into `weights`) of the names held */
  support: number[];
  /** optimum with exactly the support held: z is 0/1, any other integer column relaxed */
  solution: RelaxationSolution;
  /** optimum of the LP relaxation, a bound no point of the model beats */
  relaxationBound: number;
  rounds: number;
  lpSolves: number;
  lpMs: number;
}

export type PruningOutcome = { ok: true; pruned: PrunedSupport } | { ok: false; reason: string };

const HELD_EPS = 1e-7;

export function pruneToSupport(highs: Highs, ir: ModelIR, options: PruningOptions = {}): PruningOutcome {
  const cardinality = ir.annotations.cardinality;
  if (!cardinality) return { ok: false, reason: 'the model has no cardinality annotation (con.max-names)' };
  const found = nameColumns(ir);
  if ('reason' in found) return { ok: false, reason: found.reason };
  if (found.selected === undefined) return { ok: false, reason: "the model has a name limit but no 'selected' variable set" };
  const cols = found as NameColumns & { selected: number };
  const { k, minWeight } = cardinality;
  const dropFraction = options.dropFraction ?? 0.2;

  const lp = new LpRelaxation(highs, ir);
  try {
    const n = cols.count;
    const weightOf = (s: RelaxationSolution, i: number) => s.x[cols.weights + i]!;
    const setNames = selectionSetter(ir, cols, lp);

    const candidates = new Set<number>();
    for (let i = 0; i < n; i++) if (cols.holdable[i]) candidates.add(i);
    setNames(candidates, new Set());
    let s = lp.solve();
    if (!s.optimal) return { ok: false, reason: `the LP relaxation is not solvable (HiGHS model status ${s.modelStatus})` };
    const relaxationBound = s.objective;
    let rounds = 0;
    for (;;) {
      const support = [...candidates].filter((i) => weightOf(s, i) > HELD_EPS || cols.forced[i]);
      const small = support.filter((i) => !cols.forced[i] && weightOf(s, i) < minWeight - HELD_EPS);
      if (support.length <= k && small.length === 0) break;
      const droppable = support.filter((i) => !cols.forced[i]).sort((a, b) => weightOf(s, a) - weightOf(s, b));
      if (droppable.length === 0) return { ok: false, reason: `the names the model forces to hold exceed the limit of ${k}` };
      const excess = support.length > k ? support.length - k : small.length;
      const late = options.deadlineMs !== undefined && performance.now() > options.deadlineMs;
      const count = Math.max(1, late ? excess : Math.ceil(dropFraction * excess));
      const inSupport = new Set(support);
      for (const i of [...candidates]) if (!inSupport.has(i)) candidates.delete(i);
      let dropped = droppable.slice(0, count);
      for (;;) {
        for (const i of dropped) candidates.delete(i);
        setNames(candidates, new Set());
        s = lp.solve();
        rounds++;
        if (s.optimal) break;
        for (const i of dropped) candidates.add(i);
        if (dropped.length === 1) {
          return { ok: false, reason: `dropping ${ir.cols.names[cols.weights + dropped[0]!]} makes the relaxation infeasible` };
        }
        dropped = dropped.slice(0, Math.floor(dropped.length / 2));
      }
    }

    const held = [...candidates].filter((i) => weightOf(s, i) > HELD_EPS || cols.forced[i]);
    setNames(new Set(), new Set(held));
    const solution = lp.solve();
    if (!solution.optimal) {
      return { ok: false, reason: `holding the ${held.length} pruned names at their minimum is infeasible (HiGHS model status ${solution.modelStatus})` };
    }
    return {
      ok: true,
      pruned: { support: held.sort((a, b) => a - b), solution, relaxationBound, rounds, lpSolves: lp.solves, lpMs: lp.solveMs },
    };
  } finally {
    lp.dispose();
  }
}

/**
 * Sets every z_i at once: `free` names at their model bounds, `held` (and forced) names at 1,
 * every other name at 0 (dropped).
 */
export function selectionSetter(
  ir: ModelIR,
  cols: NameColumns & { selected: number },
  lp: LpRelaxation,
): (free: ReadonlySet<number>, held: ReadonlySet<number>) => void {
  const n = cols.count;
  return (free, held) => {
    const lo = new Float64Array(n);
    const up = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (held.has(i) || cols.forced[i]) {
        lo[i] = 1;
        up[i] = 1;
      } else if (free.has(i)) {
        lo[i] = ir.cols.lower[cols.selected + i]!;
        up[i] = ir.cols.upper[cols.selected + i]!;
      }
    }
    lp.setBlockBounds(cols.selected, lo, up);
  };
}
