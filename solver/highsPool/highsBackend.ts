import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { modelClass, type ModelIR } from '../model/ir.ts';
import type { SolveOptions, SolveResult, SolverBackend } from '../backends/backend.ts';
import type { IncumbentMessage } from './highsPipeline.ts';
import { HIGHS_CLASSES } from '../backends/highs/highsCapabilities.ts';
import { compileHighsWasm } from '../backends/highs/highsRuntime.ts';
import { HIGHS_SOLVER_ID, highsFailure, refusalMessage } from '../backends/highs/highsSolve.ts';
import type { DiagnosisSource } from '../diagnosis/elasticDiagnosis.ts';
import type { DiagnosisReply, HighsFault, HighsTask, HighsWorkerData, PrimalStartReply } from './highsWorker.ts';

export interface HighsBackendOptions {
  /** worker threads, one solve each at a time; default min(available cores, 4) */
  workers?: number;
  /**
   * Seconds after which a solve with time limit T is killed from outside. HiGHS checks its
   * `time_limit` only between phases (a 120 s limit ended at 125.5 s, SOLVER-FACTS), so the
   * default leaves it T + 10 % + 2 s to stop on its own.
   */
  hardDeadlineSec?: (timeLimitSec: number) => number;
}

export interface HighsBackend extends SolverBackend {
  readonly workers: number;
  /** the HiGHS library's version as the pool's threads report it with every answer; '' until one has answered */
  readonly version: string;
  /**
   * Runs a deliberate failure on a pool thread (see HighsFault) and returns how it ended, as data.
   * It exists so that tests can prove the pool recovers; `timeLimitSec` puts a `hang` under the
   * same hard deadline as a solve, and `signal` stops it as it stops a solve.
   */
  injectFault(fault: HighsFault, options?: { timeLimitSec?: number; hangMs?: number; signal?: AbortSignal }): Promise<SolveResult>;
  /**
   * Only the primal heuristics of the solve pipeline (max-names, whole shares), on a pool thread:
   * a feasible point to hand another solver as its MIP start. `signal` stops it as it stops a solve.
   */
  primalStart(ir: ModelIR, options: { timeLimitSec: number; signal?: AbortSignal }): Promise<PrimalStartReply>;
  /**
   * Names the components of an infeasible model that cannot hold together (solver/diagnosis), on a
   * pool thread: the use case and its data go over, since the diagnosis re-assembles the use case
   * without one component at a time.
   */
  diagnoseInfeasibility(source: DiagnosisSource, options: { timeLimitSec: number; signal?: AbortSignal }): Promise<DiagnosisReply>;
}

// what HiGHS solves is declared beside its backend in backends/, where the solver list reads it too
export { HIGHS_CLASSES };

const defaultHardDeadlineSec = (t: number): number => t * 1.1 + 2;

/**
 * HiGHS (WebAssembly) as a SolverBackend: a long-lived pool of worker threads, never a solve on the
 * caller's thread. highs.wasm is compiled once here and each worker instantiates the compiled module.
 * Every ending is a SolveResult: a refused model class, an infeasible model, a solve killed at its
 * hard deadline (with the best incumbent the worker had posted) or a crashed worker.
 */
export function createHighsBackend(options: HighsBackendOptions = {}): HighsBackend {
  const workers = Math.max(1, Math.floor(options.workers ?? Math.min(availableParallelism(), 4)));
  const hardDeadlineSec = options.hardDeadlineSec ?? defaultHardDeadlineSec;
  const slots = new Slots(workers);
  let pool: Promise<Piscina> | undefined;
  let closed = false;
  // learnt from the threads' answers (every reply carries it); failures and killed solves report it too
  let version = '';

  const getPool = (): Promise<Piscina> =>
    (pool ??= compileHighsWasm().then((wasmModule) => {
      const filename = new URL('./highsWorker.ts', import.meta.url).href;
      const data: HighsWorkerData = { wasmModule };
      const p = new Piscina({
        filename,
        minThreads: workers,
        maxThreads: workers,
        idleTimeout: Infinity,
        workerData: data,
        execArgv: filename.endsWith('.ts') ? typeScriptExecArgv() : [],
      });
      // a worker that dies between tasks is replaced by the pool; keep the event from throwing
      p.on('error', () => undefined);
      return p;
    }));

  // Start the threads now: a caller creates the backend before it loads data, and the threads'
  // start-up (module loaders, wasm instantiation) then overlaps that work instead of the first solve.
  getPool().catch(() => {
    pool = undefined;
  });

  /**
   * Runs one task on the pool under the hard deadline; the slot makes the deadline count from the
   * task's start, not its queueing. `killed` answers for a task terminated at the deadline,
   * `cancelled` for one stopped by the caller's signal (terminated the same way, if it had started),
   * `failed` for a closed backend or a thread that died.
   */
  /** How a helper task (heuristic, diagnosis) that did not finish answers: a refusal with its reason, never a throw. */
  const refusals = (what: string, budgetSec: number) => ({
    killed: () => ({ ok: false as const, reason: `the ${what} did not stop within its budget of ${budgetSec} s and was terminated` }),
    cancelled: () => ({ ok: false as const, reason: `the ${what} was cancelled` }),
    failed: (reason: string) => ({ ok: false as const, reason }),
  });

  async function execute<T>(
    task: HighsTask,
    timeLimitSec: number | undefined,
    answers: {
      killed: (deadlineSec: number, elapsedMs: number) => Promise<T> | T;
      cancelled: (elapsedMs: number) => Promise<T> | T;
      failed: (message: string) => T;
    },
    transferList: MessagePort[] = [],
    signal?: AbortSignal,
  ): Promise<T> {
    if (closed) return answers.failed('the HiGHS backend is closed');
    if (signal?.aborted) return answers.cancelled(0);
    let p: Piscina;
    try {
      p = await getPool();
    } catch (e) {
      pool = undefined;
      return answers.failed(`the HiGHS pool could not start: ${describe(e)}`);
    }
    await slots.acquire();
    const started = performance.now();
    const controller = new AbortController();
    if (signal?.aborted) {
      slots.release();
      return answers.cancelled(0);
    }
    // piscina terminates the thread of an aborted task and starts a fresh one in its place
    let cancelled = false;
    const onCancel = (): void => {
      cancelled = true;
      controller.abort();
    };
    signal?.addEventListener('abort', onCancel, { once: true });
    // (a non-finite limit means none: setTimeout would turn Infinity into 1 ms)
    const deadlineSec = timeLimitSec !== undefined && Number.isFinite(timeLimitSec) ? hardDeadlineSec(timeLimitSec) : undefined;
    let killed = false;
    const timer =
      deadlineSec !== undefined
        ? setTimeout(() => {
            killed = true;
            controller.abort();
          }, deadlineSec * 1000)
        : undefined;
    try {
      const reply = (await p.run(task, { signal: controller.signal, transferList })) as T;
      const said = (reply as { solverVersion?: unknown }).solverVersion;
      if (typeof said === 'string' && said !== '') version = said;
      return reply;
    } catch (e) {
      if (cancelled) return await answers.cancelled(performance.now() - started);
      if (killed) return await answers.killed(deadlineSec!, performance.now() - started);
      if (closed) return answers.failed('the HiGHS backend was closed while the task ran');
      return answers.failed(`the HiGHS worker thread failed or died during the task (${describe(e)}); the pool replaces it`);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCancel);
      slots.release();
    }
  }

  async function run(task: HighsTask, ir: ModelIR | undefined, timeLimitSec: number | undefined, signal?: AbortSignal): Promise<SolveResult> {
    const channel = new MessageChannel();
    const incumbents = new IncumbentKeeper(ir?.sense ?? 'minimize');
    channel.port1.on('message', (m: IncumbentMessage) => incumbents.offer(m));
    // let messages posted just before a thread was terminated arrive
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    try {
      const withPort = task.kind === 'solve' ? { ...task, progress: channel.port2 } : task;
      const result = await execute<SolveResult>(
        withPort,
        timeLimitSec,
        {
          killed: async (deadlineSec, elapsedMs) => {
            await settle();
            return deadlineResult(timeLimitSec!, deadlineSec, elapsedMs, incumbents);
          },
          cancelled: async (elapsedMs) => {
            await settle();
            return cancelledResult(elapsedMs, incumbents);
          },
          failed: failure,
        },
        task.kind === 'solve' ? [channel.port2] : [],
        signal,
      );
      if (result.solverVersion) version = result.solverVersion;
      else result.solverVersion = version;
      return result;
    } finally {
      channel.port1.close();
    }
  }

  return {
    id: HIGHS_SOLVER_ID,
    classes: HIGHS_CLASSES,
    workers,
    get version() {
      return version;
    },
    async solve(ir: ModelIR, solveOptions: SolveOptions = {}): Promise<SolveResult> {
      try {
        if (modelClass(ir) === 'MIQP') return { ...failure(refusalMessage(ir)), solverStatus: 'Refused' };
      } catch (e) {
        return failure(`the model handed to HiGHS is not a valid IR: ${describe(e)}`);
      }
      // an AbortSignal cannot cross to the thread (structured clone); it acts here, on the task
      const { signal, ...options } = solveOptions;
      return run({ kind: 'solve', ir, options }, ir, options.timeLimitSec, signal);
    },
    primalStart(ir, startOptions) {
      const budgetSec = startOptions.timeLimitSec;
      // the heuristic checks its deadline between LP solves, and one LP of a 1,500-column model can take seconds on a
      // busy machine: killed at the solve's usual margin it lost the start it had (CBC and the race then start from
      // nothing), so it gets half its budget more before the thread is terminated
      return execute<PrimalStartReply>(
        { kind: 'primal-start', ir, budgetSec },
        budgetSec * 1.5 + 1,
        refusals('heuristic', budgetSec),
        [],
        startOptions.signal,
      );
    },
    diagnoseInfeasibility(source, diagnoseOptions) {
      const budgetSec = diagnoseOptions.timeLimitSec;
      return execute<DiagnosisReply>(
        { kind: 'diagnose', source, budgetSec },
        budgetSec,
        refusals('diagnosis', budgetSec),
        [],
        diagnoseOptions.signal,
      );
    },
    injectFault(fault, faultOptions = {}) {
      return run({ kind: 'fault', fault, hangMs: faultOptions.hangMs }, undefined, faultOptions.timeLimitSec, faultOptions.signal);
    },
    async close() {
      closed = true;
      const p = pool;
      pool = undefined;
      if (p) await (await p.catch(() => undefined))?.destroy();
    },
  };
}

/**
 * Worker threads start without the parent's loaders; a worker written in TypeScript needs tsx,
 * resolved from this package so it works whatever the current directory.
 */
export function typeScriptExecArgv(): string[] {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  return ['--import', pathToFileURL(tsx).href];
}

/** The best point the worker has posted so far (heuristic start or MIP incumbent). */
class IncumbentKeeper {
  best: IncumbentMessage | undefined;
  heuristicObjective: number | undefined;
  constructor(private readonly sense: ModelIR['sense']) {}
  offer(m: IncumbentMessage): void {
    if (m.source === 'heuristic') this.heuristicObjective = m.objective;
    const better =
      !this.best || (this.sense === 'minimize' ? m.objective < this.best.objective : m.objective > this.best.objective);
    if (better) this.best = m;
  }
}

function deadlineResult(timeLimitSec: number, deadlineSec: number, elapsedMs: number, incumbents: IncumbentKeeper): SolveResult {
  const posted = incumbents.best ? `and the best point it had posted (${incumbents.best.source}) is returned` : 'before it had posted any feasible point';
  return stoppedResult(
    'time-limit',
    'Hard deadline',
    `HiGHS did not stop at its time limit of ${timeLimitSec} s; the hard deadline of ${round(deadlineSec)} s was enforced by terminating its worker thread, ${posted}`,
    elapsedMs,
    incumbents,
  );
}

/** A solve stopped by its caller: `interrupted`, with the best point the thread had posted, if any. */
function cancelledResult(elapsedMs: number, incumbents: IncumbentKeeper): SolveResult {
  const message = `the HiGHS solve was cancelled${elapsedMs > 0 ? ' and its worker thread terminated' : ' before it started'}`;
  return stoppedResult('interrupted', 'Cancelled', message, elapsedMs, incumbents);
}

/** A solve whose thread was ended from outside: no log of its own, the best point it had posted (if any) as its answer. */
function stoppedResult(status: SolveResult['status'], solverStatus: string, message: string, elapsedMs: number, incumbents: IncumbentKeeper): SolveResult {
  const result: SolveResult = { status, solverStatus, message, solver: HIGHS_SOLVER_ID, solverVersion: '', passMs: 0, solveMs: elapsedMs, phases: [] };
  const best = incumbents.best;
  if (best) {
    result.x = Array.from(best.x);
    result.objective = best.objective;
  }
  if (incumbents.heuristicObjective !== undefined) result.heuristicObjective = incumbents.heuristicObjective;
  return result;
}

const failure = (message: string): SolveResult => highsFailure(message);

function round(sec: number): number {
  return Math.round(sec * 100) / 100;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A counting semaphore: at most `n` tasks hold a worker at once, the rest wait in order. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(n: number) {
    this.free = n;
  }
  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}
