import type { Highs } from 'highs';
import type { ModelIR } from '../model/ir.ts';
import { LpRelaxation } from './lpRelaxation.ts';
import { nameColumns, type NameColumns } from './nameColumns.ts';
import { restrictToNames } from './restrictedModel.ts';
import { pruneToSupport } from './supportPruning.ts';

/**
 * Primal heuristic for a name limit with a minimum position (con.max-names + con.min-weight):
 *   Σ_i z_i ≤ k,  w_i ≤ u_i z_i,  w_i ≥ m z_i.
 * General MILP solvers stall here (SOLVER-FACTS: 95-99 % gaps on 100-500 names) while the structure
 * makes good supports cheap to find: every step below is an LP.
 *
 * 1. Pruning (supportPruning.ts): LP relaxation, drop the smallest weights step by step, re-solving
 *    warm, until at most k names are held, each at least m. Its support S is the kernel. Only the names
 *    the relaxation holds can survive, so the pruning runs on the model restricted to them.
 * 2. Kernel search with LP pruning as the sub-solver. Price every name j outside S at the optimum for S:
 *      d_j = c_{w_j} − Σ_r π_r a_{r, w_j}   over the rows r that do not link w_j to z_j,
 *    the rate at which weight in j would change the objective were j allowed in. The bucket B = the
 *    few best-priced names not yet tried; the model restricted to S ∪ B (restrictedModel.ts, ~50 names:
 *    an LP ten times smaller than the full one) is pruned back to k names. A better support replaces
 *    S and clears the tried list; otherwise the bucket's names are marked tried. When every name has
 *    been tried since the last improvement, buckets double (10, 20, 40 names) and the search goes on;
 *    it ends at the largest size or when the budget is spent.
 * 3. Restarts: with budget left, the pruning is redone at another drop rate and searched again; the
 *    best support found wins.
 *
 * The result holds z at 0/1 and is a feasible point of the model when z and the weights are its only
 * integer freedom; with whole shares the caller rounds within the support (wholeSharesRounding.ts).
 *
 * Measured (HiGHS WASM, one core of two, OR-Library, m = 0.5 %): indtrack6 (457 names, k = 40) MAD
 * 0.00255 after pruning (0.6 s), 0.00244 at 3 s, where plain HiGHS holds 0.0378 at 3 s and at 10 s;
 * indtrack5 (225, k = 40) 0.00154 at 3 s and 0.00143 at 10 s against 0.0262.
 */
export interface MaxNamesOptions {
  /**
   * performance.now() in ms after which no new bucket or restart begins; the first pruning always finishes,
   * dropping the whole excess at once from then on (supportPruning.ts), so it ends soon after
   */
  deadlineMs: number;
  /** names brought in per bucket, at first */
  bucketSize?: number;
  /** buckets double in size, up to this, each time every name was tried without improvement */
  maxBucketSize?: number;
  /** share of the excess names each pruning round drops, one per start: the first, then the restarts */
  dropFractions?: readonly number[];
}

export interface MaxNamesResult {
  /** indices (into `weights`) of the names held */
  support: number[];
  /** the LP optimum with exactly the support held (z at 0/1; any other integer column relaxed) */
  x: Float64Array;
  objective: number;
  /** optimum of the LP relaxation: no point of the model beats it */
  relaxationBound: number;
  stats: {
    /** objective of the first pruning, before any kernel search */
    prunedObjective: number;
    pruneMs: number;
    /** starts run (the first pruning and the restarts), buckets tried and improvements found over all */
    starts: number;
    buckets: number;
    improvements: number;
    lpSolves: number;
    ms: number;
  };
}

export type MaxNamesOutcome = { ok: true; result: MaxNamesResult } | { ok: false; reason: string };

/**
 * Pruning is sensitive to how fast it drops names (measured on indtrack5, k = 40: 0.00143 to 0.00156
 * after the search, depending on the fraction), so the budget left after one search restarts it
 * with the next fraction and keeps the best.
 */
const DROP_FRACTIONS = [0.2, 0.05, 0.1, 0.3, 0.5];

interface Incumbent {
  support: number[];
  x: Float64Array;
  objective: number;
  /** row duals of the LP with the support held, for pricing */
  rowDual: Float64Array;
}

export function maxNamesHeuristic(highs: Highs, ir: ModelIR, options: MaxNamesOptions): MaxNamesOutcome {
  const started = performance.now();
  const found = nameColumns(ir);
  if ('reason' in found) return { ok: false, reason: found.reason };
  if (found.selected === undefined || !ir.annotations.cardinality) {
    return { ok: false, reason: "the model has no name limit (a 'cardinality' annotation and a 'selected' set)" };
  }
  const cols = found as NameColumns & { selected: number };
  const sign = ir.sense === 'minimize' ? 1 : -1;
  const better = (a: number, b: number) => sign * (a - b) < -1e-9 * Math.max(1e-12, Math.abs(b));
  const stats = { starts: 0, buckets: 0, improvements: 0, lpSolves: 1 };

  // The relaxation's optimum holds few names (a basic solution, at most one per row) and pruning
  // only removes names, so it runs on the model restricted to those: an LP several times smaller.
  const relaxation = solveRelaxation(highs, ir);
  if (!relaxation.ok) return relaxation;
  const relaxed = [...Array(cols.count).keys()].filter(
    (i) => cols.forced[i] || (cols.holdable[i] && relaxation.x[cols.weights + i]! > 1e-7),
  );

  /** Pruning of the restricted model `names` with `dropFraction`, as an incumbent of the full model. */
  const prune = (names: number[], dropFraction: number): Incumbent | { reason: string } => {
    const restricted = restrictToNames(ir, cols, names);
    const out = pruneToSupport(highs, restricted.ir, { dropFraction, deadlineMs: options.deadlineMs });
    if (!out.ok) return { reason: out.reason };
    stats.lpSolves += out.pruned.lpSolves;
    return {
      support: out.pruned.support.map((k) => restricted.names[k]!).sort((a, b) => a - b),
      x: restricted.expand(out.pruned.solution.x),
      objective: out.pruned.solution.objective,
      rowDual: expandRows(ir, restricted.rows, out.pruned.solution.rowDual),
    };
  };

  const pricing = new OutsidePricing(ir, cols);
  /** Kernel search from `from` until no bucket of any size improves it or the deadline. */
  const search = (from: Incumbent, dropFraction: number): Incumbent => {
    let current = from;
    let bucketSize = Math.max(1, options.bucketSize ?? 10);
    const maxBucketSize = Math.max(bucketSize, options.maxBucketSize ?? 4 * bucketSize);
    const tried = new Set<number>();
    while (performance.now() < options.deadlineMs) {
      const held = new Set(current.support);
      const bucket = pricing
        .order(current.rowDual, sign)
        .filter((j) => !held.has(j) && !tried.has(j) && cols.holdable[j])
        .slice(0, bucketSize);
      if (bucket.length === 0) {
        // every name was tried against this support: a local optimum for buckets of this size; widen them
        if (bucketSize >= maxBucketSize) break;
        bucketSize = Math.min(maxBucketSize, 2 * bucketSize);
        tried.clear();
        continue;
      }
      stats.buckets++;
      const next = prune([...current.support, ...bucket], dropFraction);
      if ('support' in next && better(next.objective, current.objective)) {
        current = next;
        tried.clear();
        stats.improvements++;
      } else {
        for (const j of bucket) tried.add(j);
      }
    }
    return current;
  };

  const fractions = options.dropFractions ?? DROP_FRACTIONS;
  const first = prune(relaxed, fractions[0] ?? 0.2);
  if (!('support' in first)) return { ok: false, reason: first.reason };
  const pruneMs = performance.now() - started;
  stats.starts = 1;
  let best = search(first, fractions[0] ?? 0.2);
  for (const fraction of fractions.slice(1)) {
    if (performance.now() >= options.deadlineMs) break;
    const restart = prune(relaxed, fraction);
    stats.starts++;
    if (!('support' in restart)) continue;
    const found = search(restart, fraction);
    if (better(found.objective, best.objective)) best = found;
  }

  return {
    ok: true,
    result: {
      support: best.support,
      x: best.x,
      objective: best.objective,
      relaxationBound: relaxation.objective,
      stats: { prunedObjective: first.objective, pruneMs, ...stats, ms: performance.now() - started },
    },
  };
}

function solveRelaxation(highs: Highs, ir: ModelIR): { ok: true; x: Float64Array; objective: number } | { ok: false; reason: string } {
  const lp = new LpRelaxation(highs, ir);
  try {
    const s = lp.solve();
    if (!s.optimal) return { ok: false, reason: `the LP relaxation is not solvable (HiGHS model status ${s.modelStatus})` };
    return { ok: true, x: s.x, objective: s.objective };
  } finally {
    lp.dispose();
  }
}

/** Row duals of a restricted model as duals of the full one (rows it dropped were empty there: 0). */
function expandRows(ir: ModelIR, rows: Int32Array, dual: Float64Array): Float64Array {
  const full = new Float64Array(ir.rows.names.length);
  rows.forEach((r, k) => (full[r] = dual[k]!));
  return full;
}

/**
 * Prices names for entry from row duals π: d_j = c_{w_j} − Σ_r π_r a_{r, w_j}, leaving out the rows
 * that hold a selection column (the linking rows w_j ≤ u_j z_j, w_j ≥ m z_j, which only say that j
 * is out). Most negative first (for a minimization).
 */
class OutsidePricing {
  private readonly linking: Uint8Array;

  constructor(
    private readonly ir: ModelIR,
    private readonly cols: NameColumns & { selected: number },
  ) {
    const { starts, index } = ir.matrix;
    this.linking = new Uint8Array(ir.rows.names.length);
    for (let r = 0; r < this.linking.length; r++) {
      for (let a = starts[r]!; a < starts[r + 1]!; a++) {
        const j = index[a]!;
        if (j >= cols.selected && j < cols.selected + cols.count) {
          this.linking[r] = 1;
          break;
        }
      }
    }
  }

  order(rowDual: Float64Array, sign: number): number[] {
    const { cols, ir } = this;
    const cost = ir.cols.cost;
    const d = new Float64Array(cols.count);
    for (let i = 0; i < cols.count; i++) d[i] = cost[cols.weights + i]!;
    const { starts, index, value } = ir.matrix;
    for (let r = 0; r < this.linking.length; r++) {
      const pi = rowDual[r]!;
      if (pi === 0 || this.linking[r]) continue;
      for (let a = starts[r]!; a < starts[r + 1]!; a++) {
        const j = index[a]! - cols.weights;
        if (j >= 0 && j < cols.count) d[j] = d[j]! - pi * value[a]!;
      }
    }
    return [...Array(cols.count).keys()].sort((a, b) => sign * (d[a]! - d[b]!));
  }
}
