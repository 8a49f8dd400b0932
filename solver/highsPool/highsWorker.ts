import type { Highs } from 'highs';
import { threadId, workerData, type MessagePort } from 'node:worker_threads';
import type { ModelIR } from '../model/ir.ts';
import type { SolveOptions, SolveResult, SolveTiming } from '../backends/backend.ts';
import { primalStart } from '../heuristics/primalStart.ts';
import { diagnoseInfeasibility, type DiagnosisSource, type InfeasibilityDiagnosis } from '../diagnosis/elasticDiagnosis.ts';
import { solveWithHeuristics } from './highsPipeline.ts';
import { ReusedHighsModels, solverFor } from '../backends/highs/highsModelReuse.ts';
import { isRuntimeFailure, loadHighsRuntime } from '../backends/highs/highsRuntime.ts';
import { highsFailure } from '../backends/highs/highsSolve.ts';

/**
 * The body of one pool thread: a HiGHS instance instantiated from the module the parent compiled,
 * and the solves run on it one at a time. An instance that fails (trap, abort, out of memory) is
 * dropped and the next task instantiates a fresh one from the same module (~35 ms), and with it the
 * models kept under solves' reuse keys (highsModelReuse), which lived in its memory.
 */
export interface HighsWorkerData {
  wasmModule: WebAssembly.Module;
}

/**
 * Deliberate failures, so tests can prove the pool recovers: `wasm-trap` makes the WebAssembly
 * instance trap (an exported HiGHS function called on a wild pointer), `thread-exit` ends the thread
 * mid-task, `hang` blocks the thread like a solve that ignores its time limit.
 */
export type HighsFault = 'wasm-trap' | 'thread-exit' | 'hang';

export type HighsTask =
  | { kind: 'solve'; ir: ModelIR; options: SolveOptions; progress?: MessagePort }
  | { kind: 'primal-start'; ir: ModelIR; budgetSec: number }
  | { kind: 'diagnose'; source: DiagnosisSource; budgetSec: number }
  | { kind: 'fault'; fault: HighsFault; hangMs?: number };

/**
 * When the task ran on its thread and which thread it was (absent for a task ended from outside), and the HiGHS
 * version of the thread's instance where it had one: every reply of a pool thread carries them.
 */
export interface TaskStamp {
  timing?: SolveTiming;
  solverVersion?: string;
}

/** A heuristic start for another solver: the point, its objective and which heuristic found it. */
export type PrimalStartReply = (
  | { ok: true; x: number[]; objective: number; heuristic: string; relaxationBound?: number; ms: number }
  | { ok: false; reason: string }
) &
  TaskStamp;

/** The components of an infeasible model that conflict, or why they could not be named. */
export type DiagnosisReply = ({ ok: true; diagnosis: InfeasibilityDiagnosis } | { ok: false; reason: string }) & TaskStamp;

let instance: Promise<Highs> | undefined;
/** the models kept under callers' reuse keys, on `instance` (see highsModelReuse) */
let reusedModels: { highs: Highs; models: ReusedHighsModels } | undefined;

function modelsOn(highs: Highs): ReusedHighsModels {
  if (reusedModels?.highs !== highs) reusedModels = { highs, models: new ReusedHighsModels(highs) };
  return reusedModels.models;
}

function runtime(): Promise<Highs> {
  if (!instance) {
    const loading = loadHighsRuntime((workerData as HighsWorkerData).wasmModule);
    // a failed instantiation must not poison later tasks: forget it so the next one retries
    loading.catch(() => {
      if (instance === loading) instance = undefined;
    });
    instance = loading;
  }
  return instance;
}

// Instantiate while the pool is idle, not when the first model arrives.
void runtime().catch(() => undefined);

/** Epoch ms with sub-millisecond precision: the same instant reads the same in every thread (SolveTiming). */
const epochNow = (): number => performance.timeOrigin + performance.now();

export default async function runHighsTask(task: HighsTask): Promise<SolveResult | PrimalStartReply | DiagnosisReply> {
  const startedEpochMs = epochNow();
  const reply = await runTask(task);
  const timing: SolveTiming = { startedEpochMs, endedEpochMs: epochNow(), thread: threadId };
  const version = (await instance?.catch(() => undefined))?.version.string;
  // a SolveResult names its version itself, but a failure before HiGHS ran names none ('')
  const named = 'solverVersion' in reply && typeof reply.solverVersion === 'string' && reply.solverVersion !== '';
  return { ...reply, timing, ...(version && !named ? { solverVersion: version } : {}) };
}

async function runTask(task: HighsTask): Promise<SolveResult | PrimalStartReply | DiagnosisReply> {
  const started = performance.now();
  let highs: Highs;
  try {
    highs = await runtime();
  } catch (e) {
    return failure(`HiGHS could not be instantiated in its worker thread: ${describe(e)}`, started);
  }
  try {
    if (task.kind === 'fault') return injectFault(highs, task.fault, task.hangMs ?? 60_000, started);
    if (task.kind === 'primal-start') {
      const found = primalStart(highs, task.ir, { deadlineMs: started + task.budgetSec * 1000 });
      if (!found.ok) return found;
      const { x, objective, heuristic, relaxationBound } = found.start;
      return { ok: true, x: Array.from(x), objective, heuristic, relaxationBound, ms: performance.now() - started };
    }
    if (task.kind === 'diagnose') {
      return { ok: true, diagnosis: diagnoseInfeasibility(highs, task.source, { deadlineMs: started + task.budgetSec * 1000 }) };
    }
    const progress = task.progress;
    return solveWithHeuristics(highs, task.ir, task.options, {
      onIncumbent: progress ? (message) => progress.postMessage(message) : undefined,
      solve: solverFor(task.options.reuseKey !== undefined ? modelsOn(highs) : undefined),
    });
  } catch (e) {
    const message = isRuntimeFailure(e)
      ? `the HiGHS WebAssembly instance failed (${describe(e)}); it was discarded and the next solve gets a fresh one`
      : `HiGHS failed unexpectedly: ${describe(e)}`;
    if (isRuntimeFailure(e)) {
      instance = undefined;
      // the kept models lived in the discarded instance's memory
      reusedModels?.models.forget();
      reusedModels = undefined;
    }
    return task.kind === 'primal-start' || task.kind === 'diagnose' ? { ok: false, reason: message } : failure(message, started);
  } finally {
    if (task.kind === 'solve') task.progress?.close();
  }
}

function injectFault(highs: Highs, fault: HighsFault, hangMs: number, started: number): SolveResult {
  switch (fault) {
    case 'wasm-trap':
      // Highs_run on an address beyond linear memory: a genuine "memory access out of bounds" trap
      (highs as unknown as { _Highs_run(p: number): number })._Highs_run(0x7ffffff0);
      return failure('the wild pointer did not trap', started);
    case 'thread-exit':
      process.exit(70);
      break;
    case 'hang': {
      const until = performance.now() + hangMs;
      while (performance.now() < until) {
        // a synchronous solve that never yields
      }
      return failure('the hang ended on its own', started);
    }
  }
  return failure(`unknown fault ${String(fault)}`, started);
}

function failure(message: string, started: number): SolveResult {
  return highsFailure(message, performance.now() - started);
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
