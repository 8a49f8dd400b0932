import type { Highs, Model } from 'highs';
import { modelClass, type ModelIR } from '../../model/ir.ts';
import type { SolveStatus } from '../backend.ts';
import { toHighsModelData } from './highsModelData.ts';
import { highsStatusWords, solveStatusOf } from './highsStatus.ts';

/** What a patched re-solve changed in the HiGHS model, entry by entry. */
export interface ModelPatch {
  colBounds: number;
  rowBounds: number;
  costs: number;
  coefficients: number;
  offset: boolean;
  /**
   * Set when rows or columns changed names (a rolling window: row t is now another date): whether the
   * last basis was carried over to the entries of the same name ('set') or could not be ('kept').
   */
  basisByName?: 'set' | 'kept';
}

export interface PersistentSolveResult {
  status: SolveStatus;
  solverStatus: string;
  objective?: number;
  x?: number[];
  /**
   * 'passed': the whole model was handed over (first solve, or its structure changed), cold;
   * 'patched': only changed entries, the last basis kept;
   * 'passed-warm': the same structure with most coefficients changed (a window moved), passed whole
   * because that is faster than changing them one by one, then started from the last basis carried over
   * by row and column name (`patch.basisByName` says whether it could be).
   */
  load: 'passed' | 'patched' | 'passed-warm';
  patch?: ModelPatch;
  /** milliseconds to pass or patch the model, and to run it */
  loadMs: number;
  solveMs: number;
  /** simplex iterations of this run: a warm start from the previous basis needs few */
  simplexIterations: number;
}

export interface PersistentSolveOptions {
  timeLimitSec?: number;
  mipRelGap?: number;
}

/**
 * One HiGHS model kept alive across re-solves on one thread (a pool worker owns one per template).
 *
 * A re-solve of the same shape (same columns, rows and integrality, no quadratic term; the sparsity
 * pattern may move) changes only what differs, through changeColsBounds, changeRowsBounds, changeColsCost,
 * changeCoefficient and changeObjectiveOffset, and runs again: HiGHS keeps its basis across these
 * changes, so an LP restarts from the last optimal basis instead of from scratch. Anything else (a
 * different shape, integrality, a quadratic objective) is passed whole, as a cold solve would.
 */
export class PersistentHighsModel {
  private readonly highs: Highs;
  private model: Model | undefined;
  private loaded: ModelIR | undefined;
  private readonly options: PersistentSolveOptions;

  constructor(highs: Highs, options: PersistentSolveOptions = {}) {
    this.highs = highs;
    this.options = options;
  }

  solve(ir: ModelIR): PersistentSolveResult {
    const t0 = performance.now();
    const { model, load, patch } = this.load(ir);
    const loadMs = performance.now() - t0;
    const t1 = performance.now();
    // time_limit is checked against HiGHS's run clock, cumulative over every run of this kept model
    model.zeroAllClocks();
    model.run();
    const solveMs = performance.now() - t1;
    const code = model.getModelStatus();
    const result: PersistentSolveResult = {
      status: solveStatusOf(code),
      solverStatus: highsStatusWords(code),
      load,
      loadMs,
      solveMs,
      simplexIterations: Number(model.info.get('simplex_iteration_count') ?? 0),
    };
    if (patch) result.patch = patch;
    if (Number(model.info.get('primal_solution_status')) === this.highs.constants.solutionStatus.feasible) {
      result.x = Array.from(model.getSolution().colValue);
      result.objective = model.getObjectiveValue();
    }
    return result;
  }

  /**
   * The kept HiGHS model made equal to `ir` (patched, or passed whole), without running it: for a
   * caller that runs the model its own way (the pool worker's solve, with its log and callbacks).
   * The model stays owned by this object; the caller must not dispose it.
   */
  load(ir: ModelIR): { model: Model; load: PersistentSolveResult['load']; patch?: ModelPatch } {
    if (modelClass(ir) === 'MIQP') throw new Error(`HiGHS cannot solve model ${ir.name}: it is an MIQP`);
    let load: PersistentSolveResult['load'];
    let patch: ModelPatch | undefined;
    if (this.model && this.loaded && sameStructure(this.loaded, ir)) {
      const isLp = modelClass(ir) === 'LP';
      const changes = coefficientChanges(this.loaded, ir);
      if (changes.rows.length > PATCH_LIMIT * Math.max(1, ir.matrix.index.length)) {
        const before = isLp ? this.model.getBasis() : undefined;
        const from = this.loaded;
        this.pass(ir);
        patch = { colBounds: 0, rowBounds: 0, costs: 0, coefficients: changes.rows.length, offset: false };
        if (before) patch.basisByName = sameNames(from, ir) ? this.setBasis(before) : this.carryBasis(this.model!, from, ir, before);
        load = 'passed-warm';
      } else {
        const moved = isLp && !sameNames(this.loaded, ir);
        const before = moved ? this.model.getBasis() : undefined;
        patch = this.patch(this.model, this.loaded, ir, changes);
        if (before) patch.basisByName = this.carryBasis(this.model, this.loaded, ir, before);
        load = 'patched';
      }
    } else {
      this.pass(ir);
      load = 'passed';
    }
    this.loaded = snapshot(ir);
    return patch ? { model: this.model!, load, patch } : { model: this.model!, load };
  }

  private pass(ir: ModelIR): void {
    this.dispose();
    const model = this.highs.createModel();
    model.passModel(toHighsModelData(this.highs, ir));
    model.options.set({ output_flag: false });
    if (this.options.timeLimitSec !== undefined) model.options.set('time_limit', this.options.timeLimitSec);
    if (this.options.mipRelGap !== undefined) model.options.set('mip_rel_gap', this.options.mipRelGap);
    this.model = model;
  }

  private setBasis(basis: { colStatus: Int32Array; rowStatus: Int32Array }): 'set' {
    this.model!.setBasis(basis);
    return 'set';
  }

  dispose(): void {
    this.model?.dispose();
    this.model = undefined;
    this.loaded = undefined;
  }

  /**
   * The last optimal basis moved to the new positions of its rows and columns, matched by name: on a
   * window rolled forward by s periods, the L − s periods both share keep their status (row t of the
   * new model is row t + s of the old), the s new periods start with their row basic and their columns
   * nonbasic at a finite bound. HiGHS needs exactly one basic entry per row: a surplus or shortfall is
   * evened out on the new entries (new columns made basic, new rows nonbasic); when that cannot even
   * it out, the basis HiGHS already holds is kept.
   */
  private carryBasis(model: Model, from: ModelIR, to: ModelIR, before: { colStatus: Int32Array; rowStatus: Int32Array }): 'set' | 'kept' {
    const status = this.highs.constants.basisStatus;
    const oldCol = new Map(from.cols.names.map((name, j) => [name, before.colStatus[j]!]));
    const oldRow = new Map(from.rows.names.map((name, i) => [name, before.rowStatus[i]!]));
    const colStatus = new Int32Array(to.cols.names.length);
    const rowStatus = new Int32Array(to.rows.names.length);
    let basic = 0;
    const freshCols: number[] = [];
    const freshRows: number[] = [];
    const nonbasicAt = (lower: number, upper: number) => (Number.isFinite(lower) ? status.lower : Number.isFinite(upper) ? status.upper : status.zero);
    to.cols.names.forEach((name, j) => {
      const s = oldCol.get(name);
      if (s === undefined) freshCols.push(j);
      colStatus[j] = s ?? nonbasicAt(to.cols.lower[j]!, to.cols.upper[j]!);
      if (colStatus[j] === status.basic) basic++;
    });
    to.rows.names.forEach((name, i) => {
      const s = oldRow.get(name);
      if (s === undefined) freshRows.push(i);
      rowStatus[i] = s ?? status.basic;
      if (rowStatus[i] === status.basic) basic++;
    });
    // a dropped period may have held 0 or 2 basic entries: even the count out on the new entries only
    while (basic < rowStatus.length && freshCols.length > 0) {
      colStatus[freshCols.shift()!] = status.basic;
      basic++;
    }
    while (basic > rowStatus.length && freshRows.length > 0) {
      const i = freshRows.shift()!;
      rowStatus[i] = nonbasicAt(to.rows.lower[i]!, to.rows.upper[i]!);
      basic--;
    }
    if (basic !== rowStatus.length) return 'kept';
    model.setBasis({ colStatus, rowStatus });
    return 'set';
  }

  private patch(model: Model, from: ModelIR, to: ModelIR, changes: CoefficientChanges): ModelPatch {
    const inf = this.highs.infinity;
    const clamp = (v: number): number => (v >= inf ? inf : v <= -inf ? -inf : v);
    const changedBounds = (l0: number[], u0: number[], l1: number[], u1: number[]) => {
      const indices: number[] = [];
      for (let k = 0; k < l1.length; k++) if (l0[k] !== l1[k] || u0[k] !== u1[k]) indices.push(k);
      return { indices, lower: indices.map((k) => clamp(l1[k]!)), upper: indices.map((k) => clamp(u1[k]!)) };
    };
    const cols = changedBounds(from.cols.lower, from.cols.upper, to.cols.lower, to.cols.upper);
    if (cols.indices.length > 0) model.changeColsBounds({ kind: 'set', indices: cols.indices }, cols.lower, cols.upper);
    const rows = changedBounds(from.rows.lower, from.rows.upper, to.rows.lower, to.rows.upper);
    if (rows.indices.length > 0) model.changeRowsBounds({ kind: 'set', indices: rows.indices }, rows.lower, rows.upper);
    const costIndices: number[] = [];
    for (let j = 0; j < to.cols.cost.length; j++) if (from.cols.cost[j] !== to.cols.cost[j]) costIndices.push(j);
    if (costIndices.length > 0) model.changeColsCost({ kind: 'set', indices: costIndices }, costIndices.map((j) => to.cols.cost[j]!));
    for (let k = 0; k < changes.rows.length; k++) model.changeCoefficient(changes.rows[k]!, changes.cols[k]!, changes.values[k]!);
    const coefficients = changes.rows.length;
    const offset = from.offset !== to.offset;
    if (offset) model.changeObjectiveOffset(to.offset);
    return { colBounds: cols.indices.length, rowBounds: rows.indices.length, costs: costIndices.length, coefficients, offset };
  }
}

/**
 * Above this share of the new model's nonzeros changed, passing the model whole (about 1–2 ms at S&P 500
 * size) is cheaper than one changeCoefficient call per entry (16–150 ms when a window shift changes them
 * all, measured by bench/assembly); the basis is carried over either way.
 */
const PATCH_LIMIT = 0.05;

interface CoefficientChanges {
  rows: number[];
  cols: number[];
  values: number[];
}

/** Entries of the constraint matrix that differ, row by row over the union of both sparsity patterns: an entry only one side has is set to 0 or created. */
function coefficientChanges(from: ModelIR, to: ModelIR): CoefficientChanges {
  const out: CoefficientChanges = { rows: [], cols: [], values: [] };
  const push = (i: number, j: number, v: number) => {
    out.rows.push(i);
    out.cols.push(j);
    out.values.push(v);
  };
  const a = from.matrix;
  const b = to.matrix;
  for (let i = 0; i + 1 < b.starts.length; i++) {
    let p = a.starts[i]!;
    let q = b.starts[i]!;
    const pEnd = a.starts[i + 1]!;
    const qEnd = b.starts[i + 1]!;
    while (p < pEnd || q < qEnd) {
      const jp = p < pEnd ? a.index[p]! : Infinity;
      const jq = q < qEnd ? b.index[q]! : Infinity;
      if (jp === jq) {
        if (a.value[p] !== b.value[q]) push(i, jq, b.value[q]!);
        p++;
        q++;
      } else if (jp < jq) {
        push(i, jp, 0);
        p++;
      } else {
        push(i, jq, b.value[q]!);
        q++;
      }
    }
  }
  return out;
}

/**
 * The loaded model as HiGHS holds it, in arrays of its own: the next patch is the difference from it,
 * so a caller changing the IR it passed afterwards must not change what the model is believed to be.
 */
function snapshot(ir: ModelIR): ModelIR {
  return {
    ...ir,
    cols: { names: ir.cols.names.slice(), lower: ir.cols.lower.slice(), upper: ir.cols.upper.slice(), cost: ir.cols.cost.slice(), types: ir.cols.types.slice() },
    rows: { names: ir.rows.names.slice(), lower: ir.rows.lower.slice(), upper: ir.rows.upper.slice() },
    matrix: { starts: ir.matrix.starts.slice(), index: ir.matrix.index.slice(), value: ir.matrix.value.slice() },
  };
}

function sameNames(a: ModelIR, b: ModelIR): boolean {
  for (let j = 0; j < a.cols.names.length; j++) if (a.cols.names[j] !== b.cols.names[j]) return false;
  for (let i = 0; i < a.rows.names.length; i++) if (a.rows.names[i] !== b.rows.names[i]) return false;
  return true;
}

/**
 * Same columns, rows, integrality and sense, and no quadratic term in either: what can be patched.
 * The sparsity pattern may differ (a return of exactly 0 drops a coefficient); patch() handles it.
 */
export function sameStructure(a: ModelIR, b: ModelIR): boolean {
  if (a.sense !== b.sense || a.quadratic || b.quadratic) return false;
  if (a.cols.types.length !== b.cols.types.length || a.rows.lower.length !== b.rows.lower.length) return false;
  for (let j = 0; j < a.cols.types.length; j++) if (a.cols.types[j] !== b.cols.types[j]) return false;
  return true;
}
