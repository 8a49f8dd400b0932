import { modelClass, type ModelIR } from '../../model/ir.ts';
import type { SolveOptions, SolverBackend } from '../backend.ts';
import {
  commandLineBackend,
  lastWords,
  stoppedFromOutside,
  type CommandLineBackendOptions,
  type CommandLineSolverSpec,
  type FinishedRun,
  type RunFiles,
  type RunReading,
} from './commandLineSolver.ts';
import { parseGurobiSolution, summarizeGurobiLog, type GurobiSolution } from './gurobiFiles.ts';
import { gurobiProgress } from './gurobiProgress.ts';

export const GUROBI_SOLVER_ID = 'gurobi';
const MIP_START_FILE = 'start.mst';

/**
 * Gurobi through its command-line tool, on the same path as CBC:
 *
 *   gurobi_cl TimeLimit=T MIPGap=G Threads=N ResultFile=solution.sol LogFile=gurobi.log [InputFile=start.mst] model.mps
 *
 * gurobi_cl reads free MPS with OBJSENSE, the objective constant as the negated RHS of the objective
 * row, and QUADOBJ, which is what the MPS writer produces. It writes the ResultFile only when it has
 * a solution; the status comes from the log's last lines. Gurobi is not installed on the machines
 * this was built on: the file formats follow Gurobi's documentation and are tested on fixtures, the
 * process path is the one CBC exercises for real.
 */
export function createGurobiBackend(options: CommandLineBackendOptions = {}): SolverBackend {
  return commandLineBackend(gurobiSpec, options, 'gurobi_cl');
}

export const gurobiSpec: CommandLineSolverSpec = {
  id: GUROBI_SOLVER_ID,
  displayName: 'Gurobi',
  classes: ['LP', 'MILP', 'QP', 'MIQP'],
  features: ['mip-start', 'time-limit', 'gap', 'threads', 'iis'],
  refusalAdvice: 'no other model class exists',
  installAdvice:
    'gurobi_cl is not installed: install the Gurobi Optimizer from gurobi.com/downloads with its licence (grbgetkey), ' +
    'and put its bin folder on the PATH, or pass its path as executable',
  solutionFile: 'solution.sol',
  logFile: 'gurobi.log',
  invocation,
  read: readGurobiRun,
};

function invocation(ir: ModelIR, options: SolveOptions, files: RunFiles): { args: string[]; files?: { name: string; text: string }[] } | { error: string } {
  const args: string[] = [];
  if (options.timeLimitSec !== undefined) args.push(`TimeLimit=${Math.max(0, options.timeLimitSec)}`);
  if (options.mipRelGap !== undefined) args.push(`MIPGap=${Math.max(0, options.mipRelGap)}`);
  // Threads=0 is Gurobi's own choice (every core), which is also what leaving it out means
  if (options.threads !== undefined) args.push(`Threads=${Math.max(1, Math.floor(options.threads))}`);
  args.push(`ResultFile=${files.solution}`, `LogFile=${files.log ?? 'gurobi.log'}`);
  const extra: { name: string; text: string }[] = [];
  const cls = modelClass(ir);
  if (options.mipStart && (cls === 'MILP' || cls === 'MIQP')) {
    const n = ir.cols.names.length;
    if (options.mipStart.length !== n) {
      return { error: `the MIP start has ${options.mipStart.length} values but model ${ir.name} has ${n} columns` };
    }
    // an MST file: the SOL format, read by gurobi_cl as a MIP start through InputFile
    const lines = ['# MIP start'];
    for (let j = 0; j < n; j++) {
      const v = options.mipStart[j]!;
      if (!Number.isFinite(v)) return { error: `the MIP start gives column ${ir.cols.names[j]} the value ${v}` };
      lines.push(`${files.columnNames[j]} ${ir.cols.types[j] === 'integer' ? Math.round(v) : v}`);
    }
    extra.push({ name: MIP_START_FILE, text: `${lines.join('\n')}\n` });
    args.push(`InputFile=${MIP_START_FILE}`);
  }
  args.push(files.model);
  return { args, files: extra };
}

/**
 * Status from the log's termination line, point from the SOL file, bound from "Best objective ..., best bound ...",
 * nodes, iterations and the search's progress (MIP) from the same log.
 */
export function readGurobiRun(ir: ModelIR, _options: SolveOptions, run: FinishedRun): RunReading {
  // gurobi_cl prints its log on stdout and to the LogFile; stdout is what arrives even if the file is not written
  let lines = run.process.lines.map((l) => l.text);
  let log = summarizeGurobiLog(lines);
  if (!log.termination && run.logText) {
    lines = run.logText.split(/\r?\n/);
    log = summarizeGurobiLog(lines);
  }
  const mip = modelClass(ir) === 'MILP' || modelClass(ir) === 'MIQP';
  const progress = mip ? gurobiProgress(lines) : [];
  const base = {
    phases: log.phases,
    ...(log.version ? { solverVersion: log.version } : {}),
    ...(log.nodes !== undefined && mip ? { nodes: log.nodes } : {}),
    ...(log.iterations !== undefined ? { iterations: log.iterations } : {}),
    ...(progress.length > 0 ? { progress } : {}),
  };
  const outside = stoppedFromOutside('Gurobi', run);

  if (!log.termination) {
    if (log.errors.length > 0) {
      return {
        ...base,
        status: 'error',
        solverStatus: log.errors[0]!,
        message: `gurobi_cl did not solve model ${ir.name}: ${log.errors.slice(0, 3).join(' / ')}`,
      };
    }
    if (!outside) {
      const p = run.process;
      const ending = p.signal ? `was ended by ${p.signal}` : `exited with code ${p.exitCode}`;
      return {
        ...base,
        status: 'error',
        solverStatus: 'No result',
        message: `gurobi_cl ${ending} without reporting a result for model ${ir.name}: ${lastWords(p.lines) || 'no output'}`,
      };
    }
  }

  let sol: GurobiSolution | undefined;
  if (run.solutionText !== undefined) {
    try {
      sol = parseGurobiSolution(run.solutionText, `Gurobi solution file ${run.files.solution}`);
    } catch (e) {
      return { ...base, status: 'error', solverStatus: 'Unreadable solution', message: e instanceof Error ? e.message : String(e) };
    }
  }

  let status = log.termination?.status ?? 'error';
  let message: string | undefined;
  if (outside && status !== 'optimal' && status !== 'infeasible' && status !== 'unbounded' && status !== 'infeasible-or-unbounded') {
    status = outside.status;
    message = outside.message;
  }
  const reading: RunReading = { ...base, status, solverStatus: log.termination?.words ?? 'Stopped from outside' };

  const pointExpected = status === 'optimal' || status === 'time-limit' || status === 'iteration-limit' || status === 'interrupted';
  if (sol && pointExpected) {
    const missing = run.files.columnNames.filter((name) => !sol.values.has(name));
    if (missing.length > 0) {
      // gurobi_cl lists every variable; a gap means the file is not this model's solution
      return {
        ...base,
        status: 'error',
        solverStatus: reading.solverStatus,
        message: `Gurobi solution file ${run.files.solution} has no value for ${missing.length} column(s) of model ${ir.name}, e.g. ${missing[0]}`,
      };
    }
    reading.x = run.files.columnNames.map((name) => sol.values.get(name)!);
    const objective = sol.objective ?? log.bestObjective ?? log.optimalObjective;
    if (objective !== undefined) reading.objective = objective;
  }

  const cls = modelClass(ir);
  if (cls === 'MILP' || cls === 'MIQP') {
    if (log.bestBound !== undefined) reading.bound = log.bestBound;
  } else if (status === 'optimal' && reading.objective !== undefined) {
    reading.bound = reading.objective;
  }

  if (!message && status !== 'optimal') {
    if (status === 'time-limit') {
      message = reading.x
        ? `Gurobi stopped at its time limit of ${run.timeLimitSec} s with an incumbent that is not proven optimal`
        : `Gurobi stopped at its time limit of ${run.timeLimitSec} s without a feasible solution`;
    } else {
      message = `Gurobi: ${reading.solverStatus}`;
    }
  }
  if (message) reading.message = message;
  return reading;
}
