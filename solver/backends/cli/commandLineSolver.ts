import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { modelClass, type ModelClass, type ModelIR } from '../../model/ir.ts';
import { writeMps } from '../../writers/mpsWriter.ts';
import { relativeGap, type SolveOptions, type SolveProgress, type SolveResult, type SolveStatus, type SolverBackend, type SolverPhase } from '../backend.ts';
import type { SolverAbility } from '../solverFeatures.ts';
import { runSolverProcess, type SolverProcessOutcome, type TimedLine } from './solverProcess.ts';

/** Options every command-line backend takes. */
export interface CommandLineBackendOptions {
  /** the solver binary: a name looked up on PATH, or a path; default the solver's usual name */
  executable?: string;
  /**
   * Seconds after which a solve with time limit T is stopped from outside (SIGINT, then SIGTERM,
   * then SIGKILL, 2 s apart). Default T · 1.1 + 2, as for HiGHS: the solver gets every chance to
   * stop at its own limit and report its incumbent first.
   */
  hardDeadlineSec?: (timeLimitSec: number) => number;
  /** ms between the steps of a stop from outside (SIGINT → SIGTERM → SIGKILL); default 2000 */
  stopGraceMs?: number;
  /** each line the solver prints, as it arrives (CBC's stdout is block-buffered: lines come in bursts) */
  onLogLine?: (line: string) => void;
}

/** The files of one run, inside its own temporary directory. */
export interface RunFiles {
  dir: string;
  /** file names relative to `dir`, which is the solver's working directory */
  model: string;
  solution: string;
  /** the log file the solver is told to write, if any */
  log?: string;
  /** the file's names of the IR's columns, in IR order (x1, x2, …) */
  columnNames: readonly string[];
}

/** What a solver-specific adapter makes of one finished run. */
export interface RunReading {
  status: SolveStatus;
  solverStatus: string;
  message?: string;
  solverVersion?: string;
  objective?: number;
  bound?: number;
  x?: number[];
  phases: SolverPhase[];
  /** as SolveResult's: read from the solver's log */
  nodes?: number;
  iterations?: number;
  progress?: SolveProgress[];
}

export interface FinishedRun {
  files: RunFiles;
  process: SolverProcessOutcome;
  /** the solution file's text, when the solver wrote one */
  solutionText?: string;
  /** the log file's text, when the spec names one and the solver wrote it */
  logText?: string;
  /** options.timeLimitSec, echoed for messages */
  timeLimitSec?: number;
  hardDeadlineSec?: number;
}

/** How one solver is driven from the command line: its files, its arguments and its words. */
export interface CommandLineSolverSpec {
  /** SolveResult.solver, e.g. 'cbc' */
  id: string;
  /** how people write its name, for messages: 'CBC', 'Gurobi' */
  displayName: string;
  classes: readonly ModelClass[];
  /** what it takes besides a model (a MIP start, a time limit, a gap, threads, an IIS), as `jessica solvers` lists it */
  features: readonly SolverAbility[];
  /** why a model class is refused, beyond "it is a QP" */
  refusalAdvice: string;
  /** appended to "X was not found on PATH": where the binary comes from */
  installAdvice: string;
  solutionFile: string;
  /** a log file the solver writes besides its stdout */
  logFile?: string;

  /**
   * The argument list, and any file besides the model (a MIP start). Returns an error message
   * instead when the options cannot be honoured (a MIP start of the wrong length).
   */
  invocation(ir: ModelIR, options: SolveOptions, files: RunFiles): { args: string[]; files?: { name: string; text: string }[] } | { error: string };
  /** Status, point and bound from the solver's log and solution file. Never throws. */
  read(ir: ModelIR, options: SolveOptions, run: FinishedRun): RunReading;
}

/**
 * The path every command-line solver shares: write the model as MPS into a fresh temporary
 * directory, run the binary there as a child process under a hard deadline, read its solution
 * file and log, remove the directory. `passMs` is the writing of the model file, `solveMs` the
 * process from spawn to exit, and `timing` that process on the clock every thread shares. Every ending is a SolveResult (status plus the solver's own words),
 * including a missing binary, a refused model class, and a run stopped at the deadline.
 */
export async function solveOnCommandLine(
  spec: CommandLineSolverSpec,
  executable: string,
  ir: ModelIR,
  options: SolveOptions,
  backend: CommandLineBackendOptions & { signal?: AbortSignal },
): Promise<SolveResult> {
  const base = { solver: spec.id, solverVersion: 'unknown', passMs: 0, solveMs: 0, phases: [] as SolverPhase[] };
  const cls = modelClass(ir);
  if (!spec.classes.includes(cls)) {
    return {
      ...base,
      status: 'error',
      solverStatus: 'Refused',
      message:
        `${spec.displayName} cannot solve model ${ir.name}: it is ${article(cls)} ${cls} (${describeClass(cls)}), and ` +
        `${spec.displayName} here solves ${spec.classes.join(' and ')} only; ${spec.refusalAdvice}`,
    };
  }

  let dir: string | undefined;
  try {
    dir = await mkdtemp(path.join(tmpdir(), `jessica-${spec.id}-`));
    const t0 = performance.now();
    const mps = writeMps(ir);
    const files: RunFiles = {
      dir,
      model: 'model.mps',
      solution: spec.solutionFile,
      ...(spec.logFile ? { log: spec.logFile } : {}),
      columnNames: mps.columnNames,
    };
    const call = spec.invocation(ir, options, files);
    if ('error' in call) {
      return { ...base, status: 'error', solverStatus: 'Refused', message: call.error };
    }
    await writeFile(path.join(dir, files.model), mps.text);
    for (const f of call.files ?? []) await writeFile(path.join(dir, f.name), f.text);
    const passMs = performance.now() - t0;

    const timeLimitSec = options.timeLimitSec;
    const hardDeadlineSec =
      timeLimitSec === undefined ? undefined : (backend.hardDeadlineSec ?? defaultHardDeadlineSec)(Math.max(0, timeLimitSec));
    const onLogLine = backend.onLogLine;
    // a closing backend and a cancelled solve stop the process the same way
    const stops = [backend.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
    const signal = stops.length > 1 ? AbortSignal.any(stops) : stops[0];
    const outcome = await runSolverProcess({
      executable,
      args: call.args,
      cwd: dir,
      ...(hardDeadlineSec !== undefined ? { hardDeadlineMs: hardDeadlineSec * 1000 } : {}),
      ...(onLogLine ? { onLine: (l: TimedLine) => onLogLine(l.text) } : {}),
      ...(signal ? { signal } : {}),
      ...(backend.stopGraceMs !== undefined ? { escalationMs: backend.stopGraceMs } : {}),
    });
    const solveMs = outcome.elapsedMs;
    const log = options.keepLog ? { log: outcome.lines.map((l) => l.text) } : {};

    if (!outcome.started) {
      return {
        ...base,
        passMs,
        status: 'error',
        solverStatus: 'Not installed',
        message: notStartedMessage(spec, executable, outcome),
      };
    }

    const solutionText = await readFile(path.join(dir, files.solution), 'utf8').catch(() => undefined);
    const logText = files.log ? await readFile(path.join(dir, files.log), 'utf8').catch(() => undefined) : undefined;
    const run: FinishedRun = {
      files,
      process: outcome,
      ...(solutionText !== undefined ? { solutionText } : {}),
      ...(logText !== undefined ? { logText } : {}),
      ...(timeLimitSec !== undefined ? { timeLimitSec } : {}),
      ...(hardDeadlineSec !== undefined ? { hardDeadlineSec } : {}),
    };
    const reading = spec.read(ir, options, run);
    if (outcome.aborted && options.signal?.aborted) {
      reading.status = 'interrupted';
      reading.message = `${spec.displayName} was stopped because the solve was cancelled`;
    }
    const result: SolveResult = {
      solver: spec.id,
      solverVersion: reading.solverVersion ?? 'unknown',
      status: reading.status,
      solverStatus: reading.solverStatus,
      passMs,
      solveMs,
      phases: reading.phases,
      ...log,
    };
    if (outcome.startedEpochMs !== undefined && outcome.endedEpochMs !== undefined) {
      result.timing = { startedEpochMs: outcome.startedEpochMs, endedEpochMs: outcome.endedEpochMs, thread: null, ...(outcome.pid !== undefined ? { pid: outcome.pid } : {}) };
    }
    if (reading.message) result.message = reading.message;
    if (reading.x) result.x = reading.x;
    if (reading.objective !== undefined) result.objective = reading.objective;
    if (reading.bound !== undefined) result.bound = reading.bound;
    if (reading.nodes !== undefined) result.nodes = reading.nodes;
    if (reading.iterations !== undefined) result.iterations = reading.iterations;
    if (reading.progress && reading.progress.length > 0) result.progress = reading.progress;
    if (reading.objective !== undefined && reading.bound !== undefined && cls !== 'LP' && cls !== 'QP') {
      result.gap = relativeGap(reading.objective, reading.bound);
    }
    return result;
  } catch (e) {
    return {
      ...base,
      status: 'error',
      solverStatus: 'Error',
      message: `${spec.displayName} could not solve model ${ir.name} (${cls}): ${e instanceof Error ? e.message : String(e)}`,
    };
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * A SolverBackend over solveOnCommandLine. Solves run concurrently, one process each; `close()`
 * stops the running ones (as at a deadline: the solver is asked to stop first) and waits for them.
 */
export function commandLineBackend(spec: CommandLineSolverSpec, options: CommandLineBackendOptions, defaultExecutable: string): SolverBackend {
  const executable = options.executable ?? defaultExecutable;
  const running = new Set<Promise<SolveResult>>();
  const controller = new AbortController();
  let closed = false;
  return {
    id: spec.id,
    classes: spec.classes,
    solve(model: ModelIR, solveOptions: SolveOptions = {}): Promise<SolveResult> {
      if (closed) {
        return Promise.resolve({
          solver: spec.id,
          solverVersion: 'unknown',
          status: 'error',
          solverStatus: 'Closed',
          message: `the ${spec.displayName} backend is closed`,
          passMs: 0,
          solveMs: 0,
          phases: [],
        });
      }
      const p = solveOnCommandLine(spec, executable, model, solveOptions, { ...options, signal: controller.signal });
      running.add(p);
      void p.finally(() => running.delete(p));
      return p;
    },
    async close(): Promise<void> {
      closed = true;
      controller.abort();
      await Promise.allSettled([...running]);
    },
  };
}

const defaultHardDeadlineSec = (t: number): number => t * 1.1 + 2;

/** The status and sentence for a run stopped from outside, when the solver itself said nothing usable. */
export function stoppedFromOutside(displayName: string, run: FinishedRun): { status: SolveStatus; message: string } | undefined {
  const p = run.process;
  if (p.aborted) {
    return { status: 'interrupted', message: `${displayName} was stopped because its backend was closed` };
  }
  if (p.stoppedAtDeadline) {
    return {
      status: 'time-limit',
      message:
        `${displayName} did not stop at its time limit of ${run.timeLimitSec} s and was stopped from outside ` +
        `at the hard deadline of ${round(run.hardDeadlineSec ?? 0)} s (${p.stopSignal ?? 'SIGINT'})`,
    };
  }
  return undefined;
}

/** The last lines a solver printed, for a message about a failed run. */
export function lastWords(lines: readonly TimedLine[], count = 3): string {
  const text = lines.map((l) => l.text.trim()).filter((t) => t !== '');
  return text.slice(-count).join(' / ');
}

function notStartedMessage(spec: CommandLineSolverSpec, executable: string, outcome: SolverProcessOutcome): string {
  const code = outcome.startError?.code;
  const where = executable.includes('/') || executable.includes(path.sep) ? `at ${executable}` : 'on PATH';
  if (code === 'ENOENT') return `${executable} was not found ${where}: ${spec.installAdvice}`;
  if (code === 'EACCES') return `${executable} ${where} is not executable (permission denied)`;
  return `${executable} could not be started: ${outcome.startError?.message ?? 'unknown error'}`;
}

function describeClass(cls: ModelClass): string {
  switch (cls) {
    case 'QP':
      return 'a quadratic objective';
    case 'MIQP':
      return 'integer columns and a quadratic objective';
    case 'MILP':
      return 'integer columns';
    case 'LP':
      return 'linear, continuous';
  }
}

function article(cls: ModelClass): string {
  return cls === 'QP' ? 'a' : 'an';
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
