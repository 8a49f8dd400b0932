import type { OptimizeResult } from '../../api/domain.ts';
import type { ParsedArgs } from '../../api/methods.ts';
import type { SolveResult } from '../../solver/backends/backend.ts';
import { portfolioHoldings } from '../../solver/tracking/portfolioHoldings.ts';
import { activeReturns, meanAbsoluteDeviation, trackingError } from '../../solver/tracking/trackingError.ts';
import { solverIds } from '../../api/methods.ts';
import type { DiagnosisSource } from '../../solver/diagnosis/elasticDiagnosis.ts';
import { modelExport, modelFileFormat } from '../../solver/diagnosis/modelExport.ts';
import { routingRefusal } from '../../solver/diagnosis/routingRefusal.ts';
import type { DiagnosisReply } from '../../solver/highsPool/highsWorker.ts';
import type { ModelIR } from '../../solver/model/ir.ts';
import { sectorActiveWeights } from '../../solver/tracking/sectorActiveWeights.ts';
import { InputError, SolveFailure, throwIfCancelled } from '../errors.ts';
import { replaceFiles, StagedDirectory } from '../export/atomicOutput.ts';
import { finiteJson } from '../export/finiteNumbers.ts';
import { resultPortfolioCsv } from '../export/portfolioCsv.ts';
import type { JobControl } from '../jobs/jobControl.ts';
import { runEnvironment } from '../runs/runEnvironment.ts';
import type { RunRecorder } from '../runs/runRecorder.ts';
import { recordPoolTask, recordSolveSpans } from '../runs/solveSpans.ts';
import { saveRun } from '../store/runStore.ts';
import type { CoreServices } from '../services.ts';
import { recordedJob } from '../jobs/recordedJob.ts';
import { checkOptimizeArguments } from './optimizeArguments.ts';
import { heldPositions } from './heldPositions.ts';
import { prepareModel } from './optimizationModel.ts';
import { findUseCase } from '../usecases/findUseCase.ts';
import { useCaseSolver, type UseCaseSolverId } from '../../solver/usecases/useCase.ts';

/** Statuses that still carry a feasible portfolio (a time limit with an incumbent is a usable answer). */
const USABLE = new Set(['optimal', 'time-limit', 'iteration-limit', 'interrupted']);

/** The stages of the job (its top-level spans) as a progress line says them. */
const STAGE_MESSAGES: Readonly<Record<string, string>> = {
  load: 'reading prices',
  returns: 'computing returns and the benchmark',
  holdings: "reading the account's holdings",
  assemble: 'assembling the model',
  'write-model': 'writing the model file',
  solve: 'solving',
  diagnose: 'naming the components that conflict',
  allocate: 'reading the portfolio',
  write: 'writing portfolio.csv',
  persist: 'storing the run',
};

/**
 * prices → universe and returns → assembled model → solver → portfolio, each stage a span of the run;
 * writes portfolio.csv and run.json when `out` is given and stores the run in SQLite. Arguments that cannot make
 * a portfolio, or places it could not write, are refused first (optimizeArguments.ts), with no run stored.
 *
 * As a job: each stage is reported to `control.onProgress` as it starts; `control.signal` is checked
 * before every stage and handed to the solver, which stops on it. A cancelled job stores its run with
 * status `cancelled` (the spans it got through) and throws Cancelled.
 */
export async function optimizePortfolio(
  services: CoreServices,
  args: ParsedArgs<'portfolio/optimize'>,
  control: JobControl = {},
): Promise<OptimizeResult> {
  checkOptimizeArguments(services.db, args);
  // the call's solver, else the one the use case chose in the matrix (HiGHS when it chose none); the run's
  // options keep the choice (`race`), its solver column and the result the solver that answered (the winner)
  const solved: SolvedArgs = { ...args, solver: args.solver ?? useCaseSolver(findUseCase(services.db, args.useCase)) };
  // the solvers that answered, with their versions, as the stages learn them (a cancelled run is stored with them too)
  const solvers: Record<string, string> = {};
  const job = { kind: 'optimize', universe: args.universe, useCase: args.useCase, solver: solved.solver, options: solved, stageMessages: STAGE_MESSAGES, solvers: () => solvers };
  return recordedJob(services.db, job, control, (rec) => optimizeStages(services, solved, rec, control.signal, solvers));
}

/** The optimize arguments with the solver settled. */
type SolvedArgs = ParsedArgs<'portfolio/optimize'> & { solver: UseCaseSolverId };

async function optimizeStages(
  services: CoreServices,
  args: SolvedArgs,
  rec: RunRecorder,
  signal: AbortSignal | undefined,
  solvers: Record<string, string>,
): Promise<OptimizeResult> {
  // every stage starts with a look at the signal: a cancelled job stops at the next stage boundary
  const stage = <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    throwIfCancelled(signal);
    return rec.span(name, work);
  };
  const { db } = services;
  // before the data work, so that a solver pool starting up overlaps it
  const backend = services.solver(args.solver);
  const { useCase, problem, account, accountValue, assembled } = await prepareModel(services, args, rec, stage);
  const current = account.holdings;

  const modelFiles = args.writeModel ? await stage('write-model', () => writeModelFile(assembled.ir, args.writeModel!)) : [];

  if (!backend.classes.includes(assembled.modelClass)) {
    const others = solverIds.map((id) => ({ id, classes: services.solver(id).classes }));
    const refusal = routingRefusal(assembled.modelClass, backend, others, assembled.ir.components.map((c) => c.component));
    throw new InputError(refusal!, { field: 'solver' });
  }
  const result: SolveResult = await stage('solve', () =>
    // the log is kept with the run for its bundle (runs export): what the solver said, read later without solving again
    backend.solve(assembled.ir, { timeLimitSec: args.timeLimit, mipRelGap: args.mipGap, keepLog: true, ...(signal ? { signal } : {}) }),
  );
  if (result.log) rec.keep(`${result.solver}.log`, `${result.log.join('\n')}\n`);
  rec.annotate('solve', { status: result.status, solverStatus: result.solverStatus, objective: result.objective, gap: result.gap });
  // the solver's own phases may include one called `solve` (an LP's): the stage is the top-level one
  recordSolveSpans(rec, rec.spans.findLast((s) => s.name === 'solve' && s.parent === null)!, result);
  // every solver but HiGHS starts a MILP from the heuristic on the HiGHS pool, which services.solver created
  Object.assign(solvers, { highs: services.highs().version, [result.solver]: result.solverVersion });
  // a solve stopped by the signal ends `interrupted`, which would otherwise pass for a usable answer
  throwIfCancelled(signal);

  const base = {
    solver: result.solver,
    solverVersion: result.solverVersion,
    solverStatus: result.solverStatus,
    useCase: useCase.id,
    universe: args.universe,
    asOf: problem.asOf,
    lookback: problem.benchmarkReturns.length,
    benchmark: problem.benchmark,
    modelClass: assembled.modelClass,
    modelSize: assembled.size,
    warnings: [...problem.warnings, ...account.warnings],
  };

  const persist = (summary: unknown): number =>
    saveRun(db, {
      kind: 'optimize',
      status: result.status,
      universe: args.universe,
      useCase: useCase.id,
      solver: result.solver,
      options: args,
      result: summary,
      machine: runEnvironment(solvers),
      spans: rec.spans,
      samples: rec.samples,
    });

  if (!USABLE.has(result.status) || !result.x) {
    const infeasible = result.status === 'infeasible' || result.status === 'infeasible-or-unbounded';
    // name the conflicting components instead of answering "infeasible" (DESIGN section 4)
    const reply = infeasible
      ? await stage('diagnose', () =>
          diagnoseOnPool(services, {
            useCase: { ...useCase, components: assembled.ir.components.map((c) => ({ id: c.component, params: c.params })) },
            context: { problem, accountValue, holdings: current },
          }, args.timeLimit, signal),
        )
      : undefined;
    let diagnosis: DiagnosisReply | undefined;
    if (reply) {
      // where and when the pool ran it goes to the spans, not into the stored answer
      const { timing, solverVersion: _v, ...answer } = reply;
      diagnosis = answer;
      recordPoolTask(rec, rec.spans.findLast((s) => s.name === 'diagnose' && s.parent === null)!, timing);
    }
    throwIfCancelled(signal);
    const runId = persist({ ...base, message: result.message, ...(diagnosis ? { diagnosis } : {}), files: modelFiles });
    if (diagnosis?.ok && diagnosis.diagnosis.status === 'conflict') {
      const d = diagnosis.diagnosis;
      throw new SolveFailure('infeasible', `the model is infeasible: ${d.message} [run ${runId}]`, {
        components: d.components,
        level: d.level,
        irreducible: d.irreducible,
        slacks: d.slacks,
      });
    }
    const why = diagnosis ? ` (no conflict named: ${diagnosis.ok ? diagnosis.diagnosis.message : diagnosis.reason})` : '';
    throw new SolveFailure(
      infeasible ? 'infeasible' : 'solver-failed',
      `${result.solver} ended ${result.status} (${result.solverStatus})${result.message ? `: ${result.message}` : ''}${why} [run ${runId}]`,
    );
  }

  const allocation = await stage('allocate', () => {
    const h = portfolioHoldings(problem, assembled.ir, result.x!, accountValue);
    const active = activeReturns(problem, h.weights);
    return { h, active };
  });
  const { h, active } = allocation;
  const holdings = heldPositions(problem, h, accountValue);

  const cashValue = accountValue ? accountValue - holdings.reduce((s, x) => s + (x.value ?? 0), 0) : null;
  const output: OptimizeResult = {
    runId: 0,
    status: result.status,
    ...base,
    objective: result.objective ?? null,
    bound: result.bound ?? null,
    gap: result.gap ?? null,
    heuristicObjective: result.heuristicObjective ?? null,
    trackingError: trackingError(active, problem.periodsPerYear),
    meanAbsoluteDeviation: meanAbsoluteDeviation(active),
    names: holdings.length,
    cash: accountValue ? cashValue : h.cashWeight,
    cashWeight: h.cashWeight,
    accountValue: accountValue ?? null,
    holdings,
    sectors: sectorActiveWeights(problem, h.weights),
    spans: rec.spans,
    files: [...modelFiles],
    ...(result.race
      ? {
          race: result.race.map((e) => ({
            solver: e.solver,
            outcome: e.outcome,
            status: e.status,
            objective: e.objective ?? null,
            bound: e.bound ?? null,
            seconds: e.seconds,
            message: e.message ?? null,
          })),
        }
      : {}),
  };

  // --out is written beside itself and put in place whole once run.json is in it, or discarded (atomicOutput.ts)
  const staged = args.out ? StagedDirectory.open(args.out, '--out') : undefined;
  try {
    if (staged) {
      await stage('write', () => {
        output.files.push(staged.write('portfolio.csv', resultPortfolioCsv(output, staged.final('portfolio.csv'))));
      });
    }

    // the holdings stay in the stored run (tens of kB for the S&P 500): runs/show and runs/portfolioCsv read them
    output.runId = await stage('persist', () => persist({ ...output, spans: undefined }));

    if (staged) {
      const file = staged.final('run.json');
      const { holdings: _h, ...summary } = output;
      output.files.push(staged.write('run.json', finiteJson({ ...summary, files: [...output.files, file], machine: runEnvironment(solvers), options: args }, file)));
      staged.commit();
    }
  } finally {
    staged?.discard();
  }
  return output;
}

/**
 * `--write-model FILE.lp|FILE.mps`: the assembled model as LP or MPS text, and `FILE.names.json`
 * mapping the file's short names back to the model's. Written before the solve, so that a model a
 * solver refuses or finds infeasible can still be taken to another solver by hand; the two replace
 * any earlier pair together, each whole (atomicOutput.ts).
 */
function writeModelFile(ir: ModelIR, file: string): string[] {
  const format = modelFileFormat(file);
  if (!format) throw new InputError(`"${file}" must end in .lp or .mps`, { field: 'write-model' });
  const { text, names } = modelExport(ir, format);
  const namesFile = `${file}.names.json`;
  replaceFiles([
    { file, data: text },
    { file: namesFile, data: names },
  ]);
  return [file, namesFile];
}

/** The infeasibility diagnosis on the HiGHS pool, whichever solver ran: it needs many small LPs, which HiGHS does in-thread. */
function diagnoseOnPool(services: CoreServices, source: DiagnosisSource, timeLimitSec: number, signal?: AbortSignal): Promise<DiagnosisReply> {
  return services.highs().diagnoseInfeasibility(source, { timeLimitSec: Math.max(5, timeLimitSec), ...(signal ? { signal } : {}) });
}
