import type { Highs } from 'highs';
import type { ModelIR } from '../../model/ir.ts';
import type { SolveOptions, SolveResult } from '../backend.ts';
import { PersistentHighsModel } from './persistentHighsModel.ts';
import { solveHighsModel, solveWithHighs, type SolveHooks } from './highsSolve.ts';

/** Models kept per thread: a few use cases or accounts re-solved in turn, not a whole book. */
export const REUSED_MODELS_PER_THREAD = 4;

/**
 * The HiGHS models one pool thread keeps between tasks, by the caller's `reuseKey`: a solve under a key
 * already held patches that model (changed bounds, costs and coefficients only) and re-runs it from its
 * last basis instead of passing a new model. Least recently used keys beyond `capacity` are disposed.
 *
 * The pool gives no thread affinity: with several threads a key's solves land on whichever is free and
 * each thread keeps its own model for the key. That costs a pass per thread, never correctness, since a
 * patched model equals the IR it was patched to whatever it held before.
 *
 * All models live in one WebAssembly instance: when that instance is discarded after a failure, the
 * owner calls `forget()` (nothing on the dead instance may be called, not even dispose).
 */
export class ReusedHighsModels {
  private readonly models = new Map<string, PersistentHighsModel>();

  constructor(
    private readonly highs: Highs,
    private readonly capacity = REUSED_MODELS_PER_THREAD,
  ) {}

  /** The keys held, least recently used first. */
  keys(): string[] {
    return [...this.models.keys()];
  }

  /**
   * solveWithHighs, through the model kept under `key`: the same SolveResult, with `passMs` the time to
   * patch (or, the first time or after a change of structure, to pass) and `reused` set when it patched.
   */
  solve(key: string, ir: ModelIR, options: SolveOptions, hooks: SolveHooks = {}): SolveResult {
    const kept = this.take(key);
    let reused = false;
    let loadFailed = false;
    const result = solveHighsModel(this.highs, ir, options, hooks, {
      load: () => {
        try {
          const loaded = kept.load(ir);
          reused = loaded.load !== 'passed';
          return loaded.model;
        } catch (e) {
          loadFailed = true;
          throw e;
        }
      },
      // the model stays with its key for the next solve
      release: () => undefined,
    });
    // a model whose patch or run failed part-way may not equal what it is believed to hold
    if (loadFailed || result.status === 'error') this.drop(key);
    return { ...result, reused };
  }

  /** Drops every model without calling into the instance: for a WebAssembly instance being discarded. */
  forget(): void {
    this.models.clear();
  }

  /** Frees every model on a live instance. */
  dispose(): void {
    for (const key of this.keys()) this.drop(key);
  }

  private take(key: string): PersistentHighsModel {
    let model = this.models.get(key);
    if (model) this.models.delete(key);
    else model = new PersistentHighsModel(this.highs);
    // re-inserted last: Map keeps insertion order, so the first key is the least recently used
    this.models.set(key, model);
    while (this.models.size > this.capacity) this.drop(this.models.keys().next().value!);
    return model;
  }

  private drop(key: string): void {
    const model = this.models.get(key);
    this.models.delete(key);
    model?.dispose();
  }
}

/** The solve the pipeline calls: through the kept model when the caller named a reuse key, else a fresh one. */
export function solverFor(models: ReusedHighsModels | undefined): typeof solveWithHighs {
  return (highs, ir, options = {}, hooks = {}) =>
    models && options.reuseKey !== undefined ? models.solve(options.reuseKey, ir, options, hooks) : solveWithHighs(highs, ir, options, hooks);
}
