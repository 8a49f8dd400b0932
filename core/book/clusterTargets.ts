import { assembleCached, type AssemblyCache } from '../../solver/assembler/cache/assembleCached.ts';
import type { SolveTiming } from '../../solver/backends/backend.ts';
import type { HighsBackend } from '../../solver/highsPool/highsBackend.ts';
import { heldWeights } from '../../solver/heuristics/nameColumns.ts';
import { resolveExclusions } from '../../solver/tracking/accountExclusions.ts';
import type { BookBand, BookCluster } from '../../solver/book/clustering.ts';
import { modelPortfolioUseCase } from '../../solver/book/modelPortfolio.ts';
import type { TrackingProblem } from '../../solver/tracking/trackingProblem.ts';
import type { UseCase } from '../../solver/usecases/useCase.ts';
import { throwIfCancelled } from '../errors.ts';
import { Lanes } from './lanes.ts';
import type { RunRecorder } from '../runs/runRecorder.ts';

/**
 * The clusters' targets: one model portfolio per distinct model, solved on the HiGHS pool.
 *
 * Clusters share a model when their band and their screen family (the key's sector exclusions resolved on
 * the universe, plus the band's screen of large shares) agree: the strategy and the tax status change the
 * accounts' trades, not the model, and an account's own excluded names are replaced per account
 * (bookMapping.ts), so a model is solved once for all of them.
 *
 * Between models of one band the exclusions nest: a model that excludes E reuses the target of the one
 * excluding E' ⊂ E (the largest such) when that target holds no name of E \ E': it is feasible for the
 * smaller set of choices and was the best found over the larger one. Otherwise it is solved.
 *
 * Solving: a model with a name limit (a MILP) by the max-names heuristic alone (LP pruning and kernel search
 * on a pool thread within `budgetSec`): measured on the S&P 500, branch-and-bound after it improved none
 * of three cardinality models in 2 s, so its time goes to more clusters instead. A model without one (a
 * saturated band: an LP) is solved by HiGHS from scratch, never from a kept model's last basis: the same LP then
 * gives the same optimum to the last bit on whichever thread, process or machine solves it, so a distributed batch
 * and a local one map the same targets (warm starts from whatever a thread solved before differed by 1e-13, and the
 * whole-share mapping turned that into other shares for some accounts). At most `workers`
 * models are assembled and handed over at a time, each assembled just before (assembleCached patches the
 * last model of its structure), so memory holds a few models, not all.
 */
export interface ClusterModel {
  /** the id of its first cluster, to name it in spans and messages */
  label: string;
  key: string;
  band: BookBand;
  /** universe indices the model may not hold, increasing */
  excluded: number[];
  useCase: UseCase;
  /** m the mapping keeps (con.min-weight of the model portfolio), 0 when none */
  minWeight: number;
  clusters: BookCluster[];
}

export interface ClusterTarget {
  /** universe indices held and their fractional weights */
  names: number[];
  weights: number[];
  /** 'heuristic' (max-names), a solver status ('optimal', …), or the failure */
  status: string;
  /** true when the target is usable (a failed model leaves its accounts as they are) */
  usable: boolean;
  /** the model whose target this is, when reused from a model with fewer exclusions */
  reusedFrom: string | null;
  objective: number | null;
  message: string | null;
  /**
   * the pool threads' tasks that made it (a heuristic's second try is a second task), each where and when it really
   * ran; none when reused, or when the model failed before it reached the pool or its task was ended from outside
   */
  tasks: SolveTiming[];
}

/** The distinct models of the clusters; `warnings` lists exclusions the universe does not have. */
export function clusterModels(clusters: readonly BookCluster[], problem: TrackingProblem, useCase: UseCase): { models: ClusterModel[]; warnings: string[] } {
  const byKey = new Map<string, ClusterModel>();
  const unknown = new Set<string>();
  const resolved = new Map<string, number[]>();
  for (const cluster of clusters) {
    let names = resolved.get(cluster.keyText);
    if (!names) {
      const r = resolveExclusions(cluster.key.exclude, problem);
      for (const u of r.unknown) unknown.add(u);
      resolved.set(cluster.keyText, (names = r.names));
    }
    const excluded = [...new Set([...names, ...cluster.band.limits.screened])].sort((a, b) => a - b);
    const key = `${cluster.band.index}|${excluded.join(',')}`;
    const model = byKey.get(key);
    if (model) {
      model.clusters.push(cluster);
      continue;
    }
    const portfolio = modelPortfolioUseCase(useCase, cluster.band.limits, excluded.map((i) => problem.tickers[i]!));
    const m = portfolio.components.find((c) => c.id === 'con.min-weight')?.params.minWeight;
    byKey.set(key, {
      label: cluster.clusterId,
      key,
      band: cluster.band,
      excluded,
      useCase: portfolio,
      minWeight: typeof m === 'number' ? m : 0,
      clusters: [cluster],
    });
  }
  const warnings =
    unknown.size > 0 ? [`exclusions not in universe ${problem.universe} (they exclude nothing): ${[...unknown].sort().join(', ')}`] : [];
  return { models: [...byKey.values()], warnings };
}

/** Seconds the heuristic gets on its second try at least. */
const RETRY_BUDGET_SEC = 4;

export interface SolveTargetsOptions {
  pool: HighsBackend;
  cache: AssemblyCache;
  problem: TrackingProblem;
  /** seconds of heuristic per MILP model */
  budgetSec: number;
  /** seconds an LP model may take */
  lpTimeLimitSec: number;
  signal?: AbortSignal;
  /** told as each model gets its target */
  onTarget?: (model: ClusterModel, target: ClusterTarget, done: number, total: number) => void;
  /**
   * solves one model elsewhere (a distributed batch's workers) instead of on `pool`: the order, the reuse of a parent's
   * target and the progress stay the same, so both ways give the same targets for the same solves
   */
  solveElsewhere?: (model: ClusterModel) => Promise<ClusterTarget>;
}

/** What solving one model takes (a worker of a distributed batch has these and nothing else). */
export type ModelSolveOptions = Pick<SolveTargetsOptions, 'pool' | 'cache' | 'problem' | 'budgetSec' | 'lpTimeLimitSec' | 'signal'>;

export async function solveClusterTargets(models: readonly ClusterModel[], options: SolveTargetsOptions): Promise<Map<string, ClusterTarget>> {
  const order = [...models].sort((a, b) => a.excluded.length - b.excluded.length || (a.key < b.key ? -1 : 1));
  const parentOf = new Map<string, ClusterModel>();
  for (const [k, m] of order.entries()) {
    let best: ClusterModel | undefined;
    for (const p of order.slice(0, k)) {
      if (p.band.index !== m.band.index || p.excluded.length >= m.excluded.length) continue;
      if (!isSubset(p.excluded, m.excluded)) continue;
      if (!best || p.excluded.length > best.excluded.length) best = p;
    }
    if (best) parentOf.set(m.key, best);
  }

  const lanes = new Lanes(options.pool.workers);
  const targets = new Map<string, Promise<ClusterTarget>>();
  let done = 0;
  const finish = (model: ClusterModel, target: ClusterTarget): ClusterTarget => {
    options.onTarget?.(model, target, ++done, models.length);
    return target;
  };
  for (const model of order) {
    const parent = parentOf.get(model.key);
    const solve = () => (options.solveElsewhere ? options.solveElsewhere(model) : lanes.run(() => solveModel(model, options))).then((t) => finish(model, t));
    if (!parent) {
      targets.set(model.key, solve());
      continue;
    }
    targets.set(
      model.key,
      targets.get(parent.key)!.then((p) => {
        const excluded = new Set(model.excluded);
        if (p.usable && p.names.every((i) => !excluded.has(i))) {
          return finish(model, { ...p, reusedFrom: p.reusedFrom ?? parent.label, tasks: [] });
        }
        return solve();
      }),
    );
  }
  // all at once, so that a failure (a cancel) is not left unhandled in the promises after it
  const solved = await Promise.all([...targets.values()]);
  throwIfCancelled(options.signal);
  return new Map([...targets.keys()].map((key, k) => [key, solved[k]!]));
}

/** One model's target: see above. Model shape and failures are answered as a target that is not usable, never thrown (but a cancel). */
export async function solveModel(model: Pick<ClusterModel, 'useCase' | 'band'>, options: ModelSolveOptions): Promise<ClusterTarget> {
  const { pool, problem, signal } = options;
  throwIfCancelled(signal);
  const tasks: SolveTiming[] = [];
  const failed = (status: string, message: string): ClusterTarget => ({
    names: [],
    weights: [],
    status,
    usable: false,
    reusedFrom: null,
    objective: null,
    message,
    tasks,
  });
  let assembled;
  try {
    assembled = assembleCached(model.useCase, { problem, accountValue: model.band.lower }, options.cache);
  } catch (e) {
    return failed('bad-model', e instanceof Error ? e.message : String(e));
  }
  const { ir } = assembled;
  const withSignal = signal ? { signal } : {};
  let x: ArrayLike<number> | undefined;
  let status = '';
  let objective: number | null = null;
  let message: string | null = null;
  if (assembled.modelClass === 'MILP') {
    // The heuristic's first pruning pass does not look at the clock: on a loaded machine it can outlast a
    // small budget and be terminated at its hard deadline with nothing. A second try gets a budget it can
    // finish in; branch-and-bound after a failed heuristic finds nothing at this size (SOLVER-FACTS), so a
    // model the heuristic finds no point of has no target, and its accounts fall back (targetCandidates.ts).
    const reasons: string[] = [];
    for (const budgetSec of [options.budgetSec, Math.max(4 * options.budgetSec, RETRY_BUDGET_SEC)]) {
      throwIfCancelled(signal);
      const start = await pool.primalStart(ir, { timeLimitSec: budgetSec, ...withSignal });
      if (start.timing) tasks.push(start.timing);
      if (start.ok) {
        x = start.x;
        status = 'heuristic';
        objective = start.objective;
        message = `${start.heuristic}${start.relaxationBound !== undefined ? `, relaxation bound ${start.relaxationBound.toPrecision(4)}` : ''}${reasons.length > 0 ? ` (second try; first: ${reasons[0]})` : ''}`;
        break;
      }
      reasons.push(start.reason);
      // only a heuristic stopped from outside (a slow machine) is worth a second try; a model it finds no point of is not
      if (!/terminated/.test(start.reason)) break;
    }
    if (!x) return failed('heuristic-failed', `max-names heuristic found no point: ${reasons.join('; then ')}`);
  }
  if (!x) {
    throwIfCancelled(signal);
    const result = await pool.solve(ir, {
      timeLimitSec: options.lpTimeLimitSec,
      ...withSignal,
    });
    if (result.timing) tasks.push(result.timing);
    status = result.status;
    if (!result.x) return failed(result.status, `${result.solver} ended ${result.status}${result.message ? `: ${result.message}` : ''}`);
    x = result.x;
    objective = result.objective ?? null;
  }
  const held = heldWeights(ir, x);
  if ('reason' in held) return failed('bad-model', held.reason);
  const { names, weights } = held;
  return { names, weights, status, usable: true, reusedFrom: null, objective, message, tasks };
}

function isSubset(small: readonly number[], large: readonly number[]): boolean {
  let j = 0;
  for (const x of small) {
    while (j < large.length && large[j]! < x) j++;
    if (j === large.length || large[j] !== x) return false;
  }
  return true;
}

/**
 * A span per cluster under `optimize`, where its model ran on the pool: from its first task's start to its last
 * task's end on the pool threads' own clock, on the lane of the thread that answered (attrs `thread`, `lane`), with
 * a `worker` child per task when a heuristic needed a second try. A cluster that shares a model (or reuses
 * another's target) gets its span at the time of the model's work, or a zero-length one when the target came as
 * it was, at the end of the work of the model it came from.
 */
export function recordModelSpans(rec: RunRecorder, models: readonly ClusterModel[], targets: ReadonlyMap<string, ClusterTarget>): void {
  const optimize = rec.spans.findLast((s) => s.name === 'optimize' && s.parent === null);
  if (!optimize) return;
  const byLabel = new Map(models.map((m) => [m.label, targets.get(m.key)!]));
  // the clusters in the order their work started, so that lanes are numbered in the order the threads first worked
  const placed = models.flatMap((model) => {
    const target = targets.get(model.key)!;
    const own = target.tasks;
    const source = target.reusedFrom !== null ? (byLabel.get(target.reusedFrom)?.tasks ?? []) : [];
    const tasks = own.length > 0 ? own : source;
    const at = tasks.length > 0 ? { startedEpochMs: tasks[0]!.startedEpochMs, endedEpochMs: tasks.at(-1)!.endedEpochMs } : undefined;
    return model.clusters.map((cluster) => ({ model, cluster, target, own, at }));
  });
  const fallback = rec.originEpochMs + optimize.startMs;
  placed.sort((a, b) => (a.at?.startedEpochMs ?? fallback) - (b.at?.startedEpochMs ?? fallback));
  for (const { model, cluster, target, own, at } of placed) {
    const attrs = {
      model: model.label,
      source: target.reusedFrom !== null ? `reused from ${target.reusedFrom}` : model.label === cluster.clusterId ? 'solved' : `same model as ${model.label}`,
      status: target.status,
      names: target.names.length,
      accounts: cluster.members.length,
    };
    // a reused target took no pool time of its own: a mark at the end of the work it came from
    const reused = own.length === 0 && at !== undefined;
    const startedEpochMs = reused ? at.endedEpochMs : (at?.startedEpochMs ?? fallback);
    const endedEpochMs = at?.endedEpochMs ?? fallback;
    const span = rec.addTimedEpoch(optimize, { name: cluster.clusterId, startedEpochMs, endedEpochMs, thread: own.at(-1)?.thread ?? null, attrs });
    if (span && own.length > 1) {
      for (const [k, task] of own.entries()) rec.addTimedEpoch(span, { name: 'worker', startedEpochMs: task.startedEpochMs, endedEpochMs: task.endedEpochMs, thread: task.thread, attrs: { try: k + 1 } });
    }
  }
  rec.annotate('optimize', {
    models: models.length,
    solved: [...targets.values()].filter((t) => t.usable && t.reusedFrom === null).length,
    reused: [...targets.values()].filter((t) => t.reusedFrom !== null).length,
    failed: [...targets.values()].filter((t) => !t.usable).length,
  });
}
