import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import type { ParsedArgs } from '../../api/methods.ts';
import type { CompareEntry, CompareResult, CompareStart } from '../../api/solvers.ts';
import { solverIds } from '../../api/methods.ts';
import type { SolveResult } from '../../solver/backends/backend.ts';
import { objectiveDisagreements, optimumTolerance } from '../../solver/comparison/objectiveAgreement.ts';
import { routingRefusal } from '../../solver/diagnosis/routingRefusal.ts';
import { heuristicBudgetSec } from '../../solver/highsPool/highsPipeline.ts';
import type { PrimalStartReply } from '../../solver/highsPool/highsWorker.ts';
import { modelClass, type ModelIR } from '../../solver/model/ir.ts';
import { portfolioHoldings } from '../../solver/tracking/portfolioHoldings.ts';
import { activeReturns, trackingError } from '../../solver/tracking/trackingError.ts';
import { InputError, throwIfCancelled } from '../errors.ts';
import { StagedDirectory } from '../export/atomicOutput.ts';
import { finiteJson } from '../export/finiteNumbers.ts';
import { portfolioCsv } from '../export/portfolioCsv.ts';
import type { JobControl } from '../jobs/jobControl.ts';
import { recordedJob } from '../jobs/recordedJob.ts';
import { checkOptimizeArguments } from '../portfolio/optimizeArguments.ts';
import { heldPositions } from '../portfolio/heldPositions.ts';
import { prepareModel, type PreparedModel } from '../portfolio/optimizationModel.ts';
import { runEnvironment } from '../runs/runEnvironment.ts';
import type { RunRecorder } from '../runs/runRecorder.ts';
import { recordPoolTask, recordSolveSpans } from '../runs/solveSpans.ts';
import type { CoreServices } from '../services.ts';
import { saveRun } from '../store/runStore.ts';
import { onPath } from '../usecases/solverRoutes.ts';
import { comparisonCsv } from './comparisonCsv.ts';

type CompareArgs = ParsedArgs<'solvers/compare'>;
type SolverName = CompareArgs['solvers'][number];

/** The relative MIP gap every solver gets when the arguments name none: HiGHS's and Gurobi's default, so "optimal" means the same for all. */
const DEFAULT_MIP_GAP = 1e-4;

const STAGE_MESSAGES: Readonly<Record<string, string>> = {
  load: 'reading prices',
  returns: 'computing returns and the benchmark',
  holdings: "reading the account's holdings",
  assemble: 'assembling the model once',
  start: 'finding the heuristic start every solver gets',
  solve: 'solving with each solver',
  agree: 'checking that proven optima agree',
  write: 'writing comparison.csv and each solver’s portfolio and log',
  persist: 'storing the run',
};

/** One solve of the comparison: a solver, from the heuristic start or from nothing. */
interface PlannedRun {
  solver: SolverName;
  start: CompareStart;
  /** how the comparison names the run: `cbc`, `cbc (no start)` */
  label: string;
  /** the stem of its files: `cbc`, `cbc-no-start` */
  stem: string;
}

/**
 * `solvers/compare`: the model is assembled once, the heuristic start (where the model has one) found
 * once, and each solver solves the same model under the same time limit and relative gap, from that start
 * and/or from nothing. Each run's objective, bound, gap, time, nodes, iterations, phases and progress come
 * from the solver; its tracking error and names from its point, computed here. Proven optima must agree
 * within the model's tolerance (objectiveAgreement.ts); a disagreement is in the result, not thrown, so the
 * screen and the CLI can show it (the CLI exits 2).
 */
export async function compareSolvers(services: CoreServices, args: CompareArgs, control: JobControl = {}): Promise<CompareResult> {
  checkOptimizeArguments(services.db, args);
  const job = {
    kind: 'compare',
    universe: args.universe,
    useCase: args.useCase,
    solver: args.solvers.join(','),
    options: args,
    stageMessages: STAGE_MESSAGES,
    solvers: () => solvers,
  };
  // the solvers that answered, with their versions as they reported them (a cancelled run is stored with them too)
  const solvers: Record<string, string> = {};
  return recordedJob(services.db, job, control, (rec) => compareStages(services, args, rec, control, solvers));
}

async function compareStages(services: CoreServices, args: CompareArgs, rec: RunRecorder, control: JobControl, solvers: Record<string, string>): Promise<CompareResult> {
  const { signal, onProgress } = control;
  const stage = <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    throwIfCancelled(signal);
    return rec.span(name, work);
  };
  // the pool's threads start while the data loads
  services.highs();
  const model = await prepareModel(services, args, rec, stage);
  const { assembled } = model;
  const ir = assembled.ir;
  refuseIncapable(services, args.solvers, ir, assembled.ir.components.map((c) => c.component));

  const mipGap = args.mipGap ?? DEFAULT_MIP_GAP;
  const heuristicWanted = args.starts.includes('heuristic');
  const startable = startableReason(ir);
  let start: Extract<PrimalStartReply, { ok: true }> | undefined;
  let noStartReason: string | null = heuristicWanted ? startable : null;
  if (heuristicWanted && startable === null) {
    const budget = heuristicBudgetSec(args.timeLimit);
    const reply = await stage('start', () => services.highs().primalStart(ir, { timeLimitSec: budget, ...(signal ? { signal } : {}) }));
    throwIfCancelled(signal);
    recordPoolTask(rec, rec.spans.findLast((s) => s.name === 'start' && s.parent === null)!, reply.timing);
    if (reply.solverVersion) solvers.highs = reply.solverVersion;
    if (reply.ok) {
      start = reply;
      rec.annotate('start', { heuristic: reply.heuristic, objective: reply.objective });
    } else {
      noStartReason = `the heuristic found no start: ${reply.reason}`;
    }
  }

  const runs = plannedRuns(args.solvers, args.starts, start !== undefined);
  const cores = availableParallelism();
  const threads = args.threads ?? 1;
  const concurrency = Math.max(1, Math.min(runs.length, Math.floor(cores / threads)));
  const schedule = { concurrency, cores, words: scheduleWords(runs.length, concurrency, cores, threads) };

  const results = new Map<string, SolveResult>();
  await stage('solve', async () => {
    // the solves run at once, so each hangs under this span by reference (a solver's own phase may be called `solve` too)
    const solveSpan = rec.spans.findLast((s) => s.name === 'solve' && s.parent === null)!;
    const limit = pLimit(concurrency);
    await Promise.all(
      runs.map((run) =>
        limit(async () => {
          throwIfCancelled(signal);
          onProgress?.({ stage: `solve:${run.stem}`, fraction: results.size / runs.length, message: `${run.label}: solving` });
          const startedEpochMs = performance.timeOrigin + performance.now();
          const backend = run.solver === 'highs' ? services.highs() : services.solver(run.solver);
          const result = await backend.solve(ir, {
            timeLimitSec: args.timeLimit,
            mipRelGap: mipGap,
            keepLog: true,
            primalHeuristics: false,
            ...(args.threads !== undefined ? { threads: args.threads } : {}),
            ...(run.start === 'heuristic' && start ? { mipStart: start.x } : {}),
            ...(signal ? { signal } : {}),
          });
          results.set(run.label, result);
          if (result.log) rec.keep(`${run.stem}.log`, `${result.log.join('\n')}\n`);
          if (result.solverVersion && result.solverVersion !== 'unknown') solvers[result.solver] = result.solverVersion;
          // the call as this thread awaited it; inside it, where the solver really ran (a pool thread, a child process)
          const runSpan = rec.addTimedEpoch(solveSpan, {
            name: run.label,
            startedEpochMs,
            endedEpochMs: performance.timeOrigin + performance.now(),
            attrs: { solver: run.solver, start: run.start, status: result.status, objective: result.objective, bound: result.bound },
          });
          if (runSpan) recordSolveSpans(rec, runSpan, result);
          onProgress?.({
            stage: `solve:${run.stem}`,
            fraction: results.size / runs.length,
            message: `${run.label}: ${result.status}${result.objective !== undefined ? ` ${result.objective.toPrecision(6)}` : ''} in ${((result.passMs + result.solveMs) / 1000).toFixed(2)} s`,
          });
        }),
      ),
    );
  });
  throwIfCancelled(signal);

  const entries = runs.map((run) => compareEntry(run, results.get(run.label)!, model));
  const optima = runs
    .map((run) => ({ run, result: results.get(run.label)! }))
    .filter(({ result }) => result.status === 'optimal' && result.objective !== undefined)
    .map(({ run, result }) => ({ label: run.label, objective: result.objective!, ...(result.x ? { x: result.x } : {}) }));
  const disagreements = await stage('agree', () => objectiveDisagreements(ir, optima, mipGap));
  const tolerance = optima.length > 0 ? optimumTolerance(ir, mipGap, optima[0]!.objective, optima[0]!.objective) : optimumTolerance(ir, mipGap, 0, 0);

  const output: CompareResult = {
    runId: 0,
    useCase: model.useCase.id,
    universe: args.universe,
    asOf: model.problem.asOf,
    modelClass: assembled.modelClass,
    modelSize: assembled.size,
    schedule,
    start: start ? { heuristic: start.heuristic, objective: start.objective, seconds: start.ms / 1000 } : null,
    noStartReason,
    entries,
    agreement: { tolerance, compared: optima.length, disagreements },
    warnings: [...model.problem.warnings, ...model.account.warnings],
    spans: rec.spans,
    files: [],
  };

  const staged = args.out ? StagedDirectory.open(args.out, '--out') : undefined;
  try {
    if (staged) {
      await stage('write', () => {
        output.files.push(staged.write('comparison.csv', comparisonCsv(entries, staged.final('comparison.csv'))));
        for (const run of runs) {
          const entry = entries.find((e) => e.solver === run.solver && e.start === run.start)!;
          const result = results.get(run.label)!;
          const files: string[] = [];
          if (result.x) {
            const name = `${run.stem}.portfolio.csv`;
            files.push(staged.write(name, entryPortfolioCsv(model, ir, result.x, staged.final(name))));
          }
          const logName = `${run.stem}.log`;
          files.push(staged.write(logName, `${(result.log ?? [`(${run.solver} wrote no log: ${result.message ?? result.solverStatus})`]).join('\n')}\n`));
          entry.files = files;
          output.files.push(...files);
        }
      });
    }
    const status = disagreements.length > 0 ? 'disagreement' : entries.some((e) => e.status === 'error') ? 'partial' : 'done';
    output.runId = await stage('persist', () =>
      saveRun(services.db, {
        kind: 'compare',
        status,
        universe: args.universe,
        useCase: model.useCase.id,
        solver: args.solvers.join(','),
        options: args,
        result: { ...output, spans: undefined },
        machine: runEnvironment(solvers),
        spans: rec.spans,
        samples: rec.samples,
      }),
    );
    if (staged) {
      const file = staged.final('run.json');
      output.files.push(file);
      staged.write('run.json', finiteJson({ ...output, entries: output.entries.map(({ holdings: _h, ...e }) => e), machine: runEnvironment(solvers), options: args }, file));
      staged.commit();
    }
  } finally {
    staged?.discard();
  }
  return output;
}

/**
 * A solver named for the comparison that cannot take the model (its class) or is not installed here
 * stops the comparison before any solve, with every reason: comparing against a solver that never ran
 * would read as a result.
 */
function refuseIncapable(services: CoreServices, solvers: readonly SolverName[], ir: ModelIR, componentIds: readonly string[]): void {
  const cls = modelClass(ir);
  const others = solverIds.map((id) => ({ id, classes: services.solver(id).classes }));
  const reasons: string[] = [];
  for (const id of solvers) {
    const backend = services.solver(id);
    const refusal = routingRefusal(cls, backend, others, componentIds);
    if (refusal) reasons.push(refusal);
    else if (id !== 'highs' && !onPath(id === 'cbc' ? 'cbc' : 'gurobi_cl')) {
      reasons.push(`solver ${id} is not installed here (${id === 'cbc' ? 'cbc' : 'gurobi_cl'} is not on the PATH): leave it out of --solvers`);
    }
  }
  if (reasons.length > 0) throw new InputError(reasons.join('; '), { field: 'solvers' });
}

/** Why the model gets no heuristic start, or null when it has one: the heuristics read a name limit or whole shares on a MILP. */
function startableReason(ir: ModelIR): string | null {
  const cls = modelClass(ir);
  if (cls !== 'MILP') return `the model is ${cls === 'MIQP' ? 'an MIQP' : `a${cls === 'LP' ? 'n' : ''} ${cls}`}: the heuristic starts are for MILPs`;
  const { cardinality, wholeShares, holdings } = ir.annotations;
  if (cardinality === undefined && wholeShares === undefined && holdings === undefined) {
    return 'the model has no name limit, whole shares or holdings for the heuristics to work on';
  }
  return null;
}

/** solver × start, in the order given; a model without a start runs each solver once, from nothing. */
function plannedRuns(solvers: readonly SolverName[], starts: readonly CompareStart[], haveStart: boolean): PlannedRun[] {
  const effective = haveStart ? starts : (['none'] as const);
  const runs: PlannedRun[] = [];
  for (const solver of solvers) {
    for (const start of effective) {
      const plain = start === 'none' && haveStart;
      runs.push({ solver, start, label: plain ? `${solver} (no start)` : solver, stem: plain ? `${solver}-no-start` : solver });
    }
  }
  return runs;
}

function scheduleWords(runs: number, concurrency: number, cores: number, threads: number): string {
  const each = threads === 1 ? 'one thread each' : `${threads} threads each`;
  if (runs === 1) return `one solve on ${cores} cores`;
  if (concurrency >= runs) return `all ${runs} solves at once (${each}, ${cores} cores)`;
  if (concurrency === 1) return `one solve after another (${each} on ${cores} cores)`;
  return `${concurrency} solves at a time (${each}, ${cores} cores), ${runs} in all`;
}

function compareEntry(run: PlannedRun, r: SolveResult, model: PreparedModel): CompareEntry {
  let te: number | null = null;
  let names: number | null = null;
  let holdings: CompareEntry['holdings'] = [];
  if (r.x) {
    const h = portfolioHoldings(model.problem, model.assembled.ir, r.x, model.accountValue);
    te = trackingError(activeReturns(model.problem, h.weights), model.problem.periodsPerYear);
    holdings = heldPositions(model.problem, h, model.accountValue).map((p) => ({ ticker: p.ticker, weight: p.weight, shares: p.shares }));
    names = holdings.length;
  }
  return {
    solver: run.solver,
    start: run.start,
    status: r.status,
    solverStatus: r.solverStatus,
    solverVersion: r.solverVersion,
    message: r.message ?? null,
    objective: r.objective ?? null,
    bound: r.bound ?? null,
    gap: r.gap ?? null,
    seconds: (r.passMs + r.solveMs) / 1000,
    nodes: r.nodes ?? null,
    iterations: r.iterations ?? null,
    trackingError: te,
    names,
    phases: r.phases.map((p) => ({ name: p.name, durationMs: p.durationMs })),
    progress: (r.progress ?? []).map((p) => ({
      atSec: p.atSec,
      incumbent: p.incumbent ?? null,
      bound: p.bound ?? null,
      gap: p.incumbent !== undefined && p.bound !== undefined ? Math.abs(p.incumbent - p.bound) / Math.max(Math.abs(p.incumbent), 1e-9) : null,
    })),
    holdings,
    files: [],
  };
}

/** A run's portfolio.csv, as `optimize` writes it (with the CASH row for an account). */
function entryPortfolioCsv(model: PreparedModel, ir: ModelIR, x: readonly number[], file: string): string {
  const { problem, accountValue } = model;
  const h = portfolioHoldings(problem, ir, x, accountValue);
  const rows = heldPositions(problem, h, accountValue);
  const invested = rows.reduce((sum, r) => sum + (r.value ?? 0), 0);
  return portfolioCsv(rows, accountValue ? { weight: h.cashWeight, value: accountValue - invested } : null, file);
}
