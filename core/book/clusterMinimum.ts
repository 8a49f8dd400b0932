import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FrontierPoint, FrontierTargetSummary, MinimumSearch } from '../../api/book.ts';
import { assembleCached } from '../../solver/assembler/cache/assembleCached.ts';
import type { SolveTiming } from '../../solver/backends/backend.ts';
import { heuristicBudgetSec } from '../../solver/highsPool/highsPipeline.ts';
import { nameColumns, type NameColumns } from '../../solver/heuristics/nameColumns.ts';
import { restrictToNames } from '../../solver/heuristics/restrictedModel.ts';
import { modelClass, type ModelIR } from '../../solver/model/ir.ts';
import {
  defaultFrontierSizes,
  fractionalPortfolio,
  FrontierBuilder,
  type FrontierTarget,
  type SizedPortfolio,
  type WholeShareLimits,
} from '../../solver/book/accountMinimum.ts';
import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';
import { applyOverrides } from '../../solver/usecases/overrides.ts';
import type { UseCase } from '../../solver/usecases/useCase.ts';
import { SolveFailure, throwIfCancelled } from '../errors.ts';
import type { CoreServices } from '../services.ts';

/**
 * The account minimum of one model (a cluster's, or `jessica minimums`'): the whole-share tracking error
 * each account value reaches, and the smallest value that meets τ (solver/book/accountMinimum.ts).
 *
 * The fractional targets are solved once on the HiGHS pool: the use case as it stands (an LP solved; with
 * a name limit, the max-names heuristic's point), then a ladder of smaller supports, its 10, 20, 40, ...
 * largest positions re-optimized (an LP over those names, all rungs at the same time): the portfolios a
 * small account can hold. Measured on the S&P 500 (502 names, 252 days, minimum at 1 % TE):
 *   - rungs from the max-names heuristic under each limit instead (10, 20, 40, 80, 160; 0.5-1 s of pool
 *     time each, 3 s each with 756 days): minimum $39,741, against $39,136 with these re-optimized
 *     supports (40-80 ms each) and $38,542 with the use case's optimum alone;
 *   - other ladders (15, 30, ...; 20, 60, 160) moved single points by up to 15 % and the minimum by under 4 %.
 * The whole-share descent and the reuse of smaller accounts' portfolios do the fine work; the ladder only
 * offers small accounts a start. Everything after the targets is arithmetic on the main thread, a size at
 * a time with a yield between sizes.
 */
export interface ClusterMinimumInput {
  problem: TrackingProblem;
  /** the use case as the cluster optimizes it (applyOverrides with the band's maxNames/minWeight and the exclusions); whole shares are dropped for the targets */
  useCase: UseCase;
  /** τ: annualized tracking error, e.g. 0.01 for 1 % */
  teTarget: number;
  /** account values to evaluate, dollars; default 20 sizes from $10k to $5M, log-spaced */
  sizes?: readonly number[];
  /** also the fractional-share points (the lower bound line) */
  fractional?: boolean;
  /** sizes of the ladder, in names; default 10, 20, 40, ... below the number of names the first target holds */
  nameLimits?: readonly number[];
  /**
   * fractional targets already solved (e.g. the cluster's own, w_i per name of `problem`): the use case is then
   * not solved again, and the ladder restricts the first of them; with `nameLimits: []` as well no solve is made
   */
  targets?: readonly FrontierTarget[];
  /** seconds the use case's own solve may take (default 10; a MILP's heuristic gets 40 % of it) and each rung */
  timeLimitSec?: number;
  /** relative width of the bisection (default 0.01) */
  searchTolerance?: number;
  signal?: AbortSignal;
  /** told as targets are solved and sizes evaluated */
  onProgress?: (stage: 'target' | 'frontier', done: number, total: number) => void;
}

export interface ClusterMinimum {
  /** the smallest account value whose whole-share tracking error is at most τ (bisection between the grid sizes), or null */
  minimum: number | null;
  /** the bisection that placed it; null when the smallest size already meets τ or none does */
  search: MinimumSearch | null;
  /** whole-share points at every size, then the fractional ones when asked, each increasing in value */
  points: FrontierPoint[];
  targets: FrontierTargetSummary[];
  warnings: string[];
}

const LADDER_START = 10;

export async function clusterAccountMinimum(services: CoreServices, input: ClusterMinimumInput): Promise<ClusterMinimum> {
  return frontierFromTargets(await solveFrontierTargets(services, input), input);
}

/** The fractional targets of a frontier and what the use case lets a whole-share account hold. */
export interface FrontierTargets {
  targets: (FrontierTarget & { nameLimit: number | null })[];
  limits: WholeShareLimits;
  warnings: string[];
  /** the pool threads' tasks that solved them, each with the target it was for, where and when it ran */
  tasks: { label: string; timing: SolveTiming }[];
}

/**
 * The first half of clusterAccountMinimum: the use case's fractional optimum (unless `targets` are given),
 * then the rungs of the ladder on the pool at the same time.
 */
export async function solveFrontierTargets(services: CoreServices, input: ClusterMinimumInput): Promise<FrontierTargets> {
  const { problem, signal } = input;
  const own = assembleCached(applyOverrides(input.useCase, { fractional: true }), { problem }, services.assemblyCache).ir;
  const limits = wholeShareLimits(input.useCase, own);
  const timeLimitSec = input.timeLimitSec ?? 10;
  const warnings: string[] = [];
  const tasks: FrontierTargets['tasks'] = [];
  const ran = (label: string) => (timing: SolveTiming | undefined) => {
    if (timing) tasks.push({ label, timing });
  };
  const given = (input.targets ?? []).map((t) => ({ ...t, nameLimit: limits.maxNames ?? null }));
  const top = input.targets ? [] : [{ label: 'use case', nameLimit: limits.maxNames ?? null, weights: await solveOwnModel(services, own, timeLimitSec, signal, ran('use case')) }];
  throwIfCancelled(signal);
  const tops = [...given, ...top];
  if (tops.length === 0) throw new Error('clusterAccountMinimum: `targets` is empty');

  // the rungs restrict the first target's support: its k largest positions, re-optimized
  const base = tops[0]!.weights;
  const support = [...Array(base.length).keys()].filter((i) => base[i]! > 0).sort((a, b) => base[b]! - base[a]! || a - b);
  const ladder = (input.nameLimits ?? defaultLadder(support.length)).filter((k) => k >= 1 && k < support.length);
  let done = 0;
  const rungs = await Promise.all(
    ladder.map(async (k) => {
      const names = support.slice(0, k);
      const solved = await solveOnNames(services, own, names, timeLimitSec, signal, ran(`largest ${k} names`)).catch((error: unknown) => {
        if (!(error instanceof SolveFailure)) throw error;
        // the largest positions as they stand, scaled to the same investment: still a target a small account can hold
        warnings.push(`the ${k} largest positions could not be re-optimized (${error.message}); they are used as they stand`);
        return scaledPositions(base, names);
      });
      input.onProgress?.('target', ++done, ladder.length);
      return { label: `largest ${k} names`, nameLimit: k, weights: solved };
    }),
  );
  throwIfCancelled(signal);
  return { targets: [...tops, ...rungs], limits, warnings, tasks };
}

/**
 * The use case's own fractional optimum on the pool: an LP or QP solved; a MILP (a name limit) by its
 * primal heuristic (the max-names pruning and kernel search) within 40 % of the time limit, as the
 * solve pipeline gives it, or solved when the heuristic finds nothing.
 */
async function solveOwnModel(
  services: CoreServices,
  ir: ModelIR,
  timeLimitSec: number,
  signal: AbortSignal | undefined,
  ran: (timing: SolveTiming | undefined) => void,
): Promise<Float64Array> {
  const pool = services.highs();
  const stop = signal ? { signal } : {};
  let why = '';
  if (modelClass(ir) === 'MILP') {
    const start = await pool.primalStart(ir, { timeLimitSec: heuristicBudgetSec(timeLimitSec), ...stop });
    ran(start.timing);
    throwIfCancelled(signal);
    if (start.ok) return weightsOf(ir, start.x);
    why = ` (its heuristic: ${start.reason})`;
  }
  const result = await pool.solve(ir, { timeLimitSec, ...stop });
  ran(result.timing);
  throwIfCancelled(signal);
  if (!result.x) {
    const code = result.status === 'infeasible' || result.status === 'infeasible-or-unbounded' ? 'infeasible' : 'solver-failed';
    throw new SolveFailure(code, `the use case's fractional model: ${result.solver} ended ${result.status}${result.message ? `: ${result.message}` : ''}${why}`);
  }
  return weightsOf(ir, result.x);
}

/**
 * A rung: the model restricted to `names` (restrictToNames: the other names' columns and rows removed),
 * its integrality relaxed. With fewer names than the use case's limit the limit is slack; a minimum
 * position the relaxation may undercut is restored by the whole-share rounding, which holds a name at
 * the minimum or not at all. An LP of k names: tens of milliseconds.
 */
async function solveOnNames(
  services: CoreServices,
  ir: ModelIR,
  names: number[],
  timeLimitSec: number,
  signal: AbortSignal | undefined,
  ran: (timing: SolveTiming | undefined) => void,
): Promise<Float64Array> {
  const cols = nameColumns(ir) as NameColumns;
  const restricted = restrictToNames(ir, cols, names);
  const relaxed: ModelIR = { ...restricted.ir, cols: { ...restricted.ir.cols, types: restricted.ir.cols.types.map(() => 'continuous' as const) } };
  const result = await services.highs().solve(relaxed, { timeLimitSec, ...(signal ? { signal } : {}) });
  ran(result.timing);
  throwIfCancelled(signal);
  if (!result.x) throw new SolveFailure('solver-failed', `${result.solver} ended ${result.status}${result.message ? `: ${result.message}` : ''}`);
  return weightsOf(ir, restricted.expand(result.x));
}

/** The positions `names` of `weights`, scaled so that they invest what the whole target invests. */
function scaledPositions(weights: ArrayLike<number>, names: number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let kept = 0;
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i]!;
  for (const i of names) kept += weights[i]!;
  for (const i of names) out[i] = kept > 0 ? (weights[i]! * total) / kept : 0;
  return out;
}

/** The second half: the frontier a size at a time (yielding between sizes), and the minimum. */
export async function frontierFromTargets(prepared: FrontierTargets, input: ClusterMinimumInput): Promise<ClusterMinimum> {
  const { problem, signal } = input;
  const { targets, limits } = prepared;
  const sizes = [...new Set(input.sizes ?? defaultFrontierSizes())].sort((a, b) => a - b);
  const builder = new FrontierBuilder(problem, targets, { ...limits, searchTolerance: input.searchTolerance });
  for (const [k, v] of sizes.entries()) {
    builder.addSize(v);
    input.onProgress?.('frontier', k + 1, sizes.length);
    // a size of the S&P 500 takes ~15 ms: let events (progress, a cancel) through between sizes
    await nextTurn();
    throwIfCancelled(signal);
  }
  const found = builder.minimum(input.teTarget);

  const points: FrontierPoint[] = builder.points.map((p) => frontierPoint(p));
  if (input.fractional) points.push(...sizes.map((v) => frontierPoint(builder.fractionalAt(v))));
  return {
    minimum: found.minimum,
    search: found.search && {
      trackingError: found.search.trackingError,
      below: found.search.below,
      belowTrackingError: found.search.belowTrackingError,
      tolerance: found.search.tolerance,
      probes: found.search.probes.length,
    },
    points,
    targets: targets.map((t) => {
      const p = fractionalPortfolio(problem, t, 1);
      return { label: t.label, nameLimit: t.nameLimit, names: p.names, trackingError: p.trackingError };
    }),
    warnings: [...prepared.warnings],
  };
}

/** 10, 20, 40, ... below `limit`: the supports a smaller account can implement. */
export function defaultLadder(limit: number): number[] {
  const ladder: number[] = [];
  for (let k = LADDER_START; k < limit; k *= 2) ladder.push(k);
  return ladder;
}

/**
 * What the use case lets a whole-share account hold, read from its fractional model: each name's weight
 * bound (exclusions at 0, con.max-weight), the cash floor (con.budget's cashMin), and from the use case
 * the name limit (con.max-names) and minimum position (con.min-weight).
 */
function wholeShareLimits(useCase: UseCase, ir: ModelIR): WholeShareLimits & { maxWeights: Float64Array } {
  const cols = nameColumns(ir);
  if ('reason' in cols) throw new SolveFailure('solver-failed', `the use case ${useCase.id} cannot give an account minimum: ${cols.reason}`);
  const maxWeights = new Float64Array(cols.count);
  for (let i = 0; i < cols.count; i++) maxWeights[i] = cols.holdable[i] ? ir.cols.upper[cols.weights + i]! : 0;
  const param = (id: string, key: string): number | undefined => {
    const value = useCase.components.find((c) => c.id === id)?.params[key];
    return typeof value === 'number' ? value : undefined;
  };
  return {
    maxWeights,
    cashMin: cols.cash !== undefined ? Math.max(0, ir.cols.lower[cols.cash]!) : 0,
    minWeight: param('con.min-weight', 'minWeight'),
    maxNames: param('con.max-names', 'maxNames'),
  };
}

/** w_i per name from a point of the model; solver noise around zero is not a position (and would let the descent buy the name). */
function weightsOf(ir: ModelIR, x: ArrayLike<number>): Float64Array {
  const cols = nameColumns(ir) as NameColumns;
  const weights = new Float64Array(cols.count);
  for (let i = 0; i < cols.count; i++) weights[i] = x[cols.weights + i]! > 1e-9 ? x[cols.weights + i]! : 0;
  return weights;
}

function frontierPoint(p: SizedPortfolio): FrontierPoint {
  return { accountValue: p.accountValue, trackingError: p.trackingError, names: p.names, cashWeight: p.cashWeight, fractional: p.fractional };
}
