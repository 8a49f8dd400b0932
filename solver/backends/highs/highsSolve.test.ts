import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelBuilder } from '../../model/builder.ts';
import { maxViolation, objectiveValue, rowActivities, type ModelIR } from '../../model/ir.ts';
import { toHighsModelData } from './highsModelData.ts';
import { compileHighsWasm, loadHighsRuntime } from './highsRuntime.ts';
import { hardKnapsack } from './fixtures/hardKnapsack.ts';
import { smallLp } from './fixtures/smallLp.ts';
import { solveWithHighs } from './highsSolve.ts';

let highs: Highs;
beforeAll(async () => {
  highs = await loadHighsRuntime(await compileHighsWasm());
});

/** A deterministic pseudo-random integer program small enough to enumerate. */
function randomIntegerProgram(seed: number): ModelIR {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const b = new ModelBuilder(`ip-${seed}`, seed % 2 === 0 ? 'maximize' : 'minimize');
  const cols = [0, 1, 2, 3].map((j) => b.addColumn(`x${j}`, { lower: 0, upper: 3, cost: Math.round(rand() * 20 - 6), type: 'integer' }));
  for (let r = 0; r < 3; r++) {
    const coef = cols.map(() => Math.round(rand() * 8 - 2));
    b.addRow(`r${r}`, cols, coef, r === 2 ? 2 : -Infinity, 6 + Math.round(rand() * 6));
  }
  return b.build();
}

function bruteForce(ir: ModelIR): { value: number; x: number[] } | undefined {
  let best: { value: number; x: number[] } | undefined;
  const n = ir.cols.names.length;
  const x = new Array<number>(n).fill(0);
  const visit = (j: number) => {
    if (j === n) {
      if (maxViolation(ir, x) > 1e-9) return;
      const v = objectiveValue(ir, x);
      if (!best || (ir.sense === 'minimize' ? v < best.value : v > best.value)) best = { value: v, x: [...x] };
      return;
    }
    for (let v = ir.cols.lower[j]!; v <= ir.cols.upper[j]!; v++) {
      x[j] = v;
      visit(j + 1);
    }
  };
  visit(0);
  return best;
}

describe('toHighsModelData', () => {
  it('passes the row-major matrix as CSR typed arrays and infinite bounds as HiGHS infinity', () => {
    const ir = smallLp();
    const data = toHighsModelData(highs, ir);
    expect(data.matrix.format).toBe('csr');
    expect(data.matrix.starts).toBeInstanceOf(Int32Array);
    expect(data.matrix.values).toBeInstanceOf(Float64Array);
    expect(Array.from(data.rowLower)).toEqual([-highs.infinity, -highs.infinity]);
    expect(Array.from(data.colUpper)).toEqual([3, highs.infinity]);
    expect(data.integrality).toBeUndefined();
    expect(data.sense).toBe(highs.constants.objectiveSense.maximize);
    expect(data.offset).toBe(5);
  });

  it('sums repeated Hessian entries and rejects one above the diagonal', () => {
    const ir = smallLp();
    ir.quadratic = { row: [1, 0, 1], col: [1, 0, 1], value: [3, 2, 1] };
    const data = toHighsModelData(highs, ir);
    expect(Array.from(data.hessian!.starts)).toEqual([0, 1, 2]);
    expect(Array.from(data.hessian!.indices)).toEqual([0, 1]);
    expect(Array.from(data.hessian!.values)).toEqual([2, 4]);
    ir.quadratic = { row: [0], col: [1], value: [1] };
    expect(() => toHighsModelData(highs, ir)).toThrow(/quadratic entry 0 at \(0, 1\) is not in the lower triangle/);
  });

  it('names the field when the IR is inconsistent', () => {
    const ir = smallLp();
    ir.cols.cost.pop();
    expect(() => toHighsModelData(highs, ir)).toThrow(/cols\.cost has 1 entries, expected 2/);
  });
});

describe('solveWithHighs', () => {
  it('finds the hand-derived LP vertex, offset and sense included', () => {
    const r = solveWithHighs(highs, smallLp());
    expect(r.status).toBe('optimal');
    expect(r.solverStatus).toBe('Optimal');
    expect(r.objective).toBeCloseTo(16, 9);
    expect(r.bound).toBeCloseTo(16, 9);
    expect(r.x![0]).toBeCloseTo(3, 9);
    expect(r.x![1]).toBeCloseTo(1, 9);
    expect(r.solver).toBe('highs');
    expect(r.solverVersion).toMatch(/^1\.\d+\.\d+/);
  });

  it('matches brute force over every integer point on small integer programs', () => {
    for (const seed of [3, 8, 21, 34, 55, 89]) {
      const ir = randomIntegerProgram(seed);
      const exact = bruteForce(ir);
      const r = solveWithHighs(highs, ir, { mipRelGap: 0 });
      if (!exact) {
        expect(r.status, `seed ${seed}`).toBe('infeasible');
        continue;
      }
      expect(r.status, `seed ${seed}`).toBe('optimal');
      expect(r.objective, `seed ${seed}`).toBeCloseTo(exact.value, 6);
      expect(r.bound, `seed ${seed}`).toBeCloseTo(exact.value, 6);
      expect(r.gap, `seed ${seed}`).toBeLessThan(1e-6);
      expect(maxViolation(ir, r.x!)).toBeLessThan(1e-6);
    }
  });

  it('solves a mixed-integer program whose continuous part is known for each integer choice', () => {
    // min 1.5n − y  s.t.  y ≤ 2.5n,  0 ≤ y ≤ 6.2,  n ∈ {0..5} integer: for each n the best y is
    // min(2.5n, 6.2), so f(n) = 1.5n − min(2.5n, 6.2): f(0) = 0, f(1) = −1, f(2) = −2, f(3) = −1.7, then rising.
    // Optimum n = 2, y = 5, value −2 (the LP relaxation would take n = 2.48).
    const b = new ModelBuilder('mixed');
    const n = b.addColumn('n', { upper: 5, cost: 1.5, type: 'integer' });
    const y = b.addColumn('y', { upper: 6.2, cost: -1 });
    b.addRow('link', [y, n], [1, -2.5], -Infinity, 0);
    const r = solveWithHighs(highs, b.build());
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(-2, 9);
    expect(r.x).toEqual([expect.closeTo(2, 9), expect.closeTo(5, 9)]);
  });

  it('solves a convex QP at the KKT point derived by hand', () => {
    // min ½ x'Qx − 2x0 − 3x1, Q = [[2,1],[1,4]], s.t. x0 + x1 ≥ 2: the free optimum (5/7, 4/7) violates the row,
    // so on x0 + x1 = 2 the objective is 2x0² − 5x0 + 2, minimal at x0 = 5/4: x = (5/4, 3/4), value −9/8.
    const b = new ModelBuilder('qp');
    const x0 = b.addColumn('x0', { lower: -Infinity, cost: -2 });
    const x1 = b.addColumn('x1', { lower: -Infinity, cost: -3 });
    b.addQuadratic(x0, x0, 2);
    b.addQuadratic(x1, x0, 1);
    b.addQuadratic(x1, x1, 4);
    b.addRow('sum', [x0, x1], [1, 1], 2, Infinity);
    const ir = b.build();
    const r = solveWithHighs(highs, ir);
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(-9 / 8, 7);
    expect(r.x![0]).toBeCloseTo(1.25, 6);
    expect(r.x![1]).toBeCloseTo(0.75, 6);
    expect(objectiveValue(ir, r.x!)).toBeCloseTo(-9 / 8, 7);
  });

  it('reports a proven infeasible model as data', () => {
    const b = new ModelBuilder('infeasible');
    const x = b.addColumn('x', { upper: 10 });
    const y = b.addColumn('y', { upper: 10 });
    b.addRow('atLeast', [x, y], [1, 1], 5, Infinity);
    b.addRow('atMost', [x, y], [1, 2], -Infinity, 3);
    const r = solveWithHighs(highs, b.build());
    expect(r.status).toBe('infeasible');
    expect(r.solverStatus).toBe('Infeasible');
    expect(r.message).toMatch(/no point satisfies/);
    expect(r.x).toBeUndefined();
  });

  it('reports an unbounded model as data', () => {
    // min −x − y with x − y ≤ 1: the ray (1, 1) keeps every row and decreases the objective forever
    const b = new ModelBuilder('unbounded');
    const x = b.addColumn('x', { cost: -1 });
    const y = b.addColumn('y', { cost: -1 });
    b.addRow('r', [x, y], [1, -1], -Infinity, 1);
    b.addRow('s', [x, y], [1, 1], 1, Infinity);
    const r = solveWithHighs(highs, b.build());
    expect(['unbounded', 'infeasible-or-unbounded']).toContain(r.status);
    expect(r.message).toMatch(/unbounded/);
  });

  it('stops at a tiny time limit on a hard MILP and says so', () => {
    const ir = hardKnapsack(90);
    const r = solveWithHighs(highs, ir, { timeLimitSec: 0.05 });
    expect(r.status).toBe('time-limit');
    expect(r.solverStatus).toBe('Time limit reached');
    expect(r.message).toMatch(/time limit of 0\.05 s/);
    if (r.x) expect(maxViolation(ir, r.x)).toBeLessThan(1e-6);
    expect(r.solveMs).toBeLessThan(2000);
  });

  it('stops at the requested MIP gap, no sooner and no later', () => {
    const model = hardKnapsack(90, 5);
    const exact = solveWithHighs(highs, model, { mipRelGap: 0, timeLimitSec: 30 });
    const loose = solveWithHighs(highs, model, { mipRelGap: 0.05, timeLimitSec: 30 });
    expect(exact.status).toBe('optimal');
    expect(exact.gap!).toBeLessThan(1e-6);
    expect(loose.status).toBe('optimal');
    // stopped within 5 % of its own bound, and that bound is valid for the proven optimum
    expect(loose.gap!).toBeLessThanOrEqual(0.05);
    expect(loose.objective!).toBeLessThanOrEqual(exact.objective! + 1e-6);
    expect(loose.bound!).toBeGreaterThanOrEqual(exact.objective! - 1e-6);
    expect(loose.objective!).toBeGreaterThanOrEqual(exact.objective! * 0.95 - 1e-6);
  });

  it('refuses an MIQP without running HiGHS, naming the model class', () => {
    const b = new ModelBuilder('miqp');
    const x = b.addColumn('x', { upper: 4, type: 'integer' });
    b.addQuadratic(x, x, 2);
    const r = solveWithHighs(highs, b.build());
    expect(r.status).toBe('error');
    expect(r.solverStatus).toBe('Refused');
    expect(r.message).toMatch(/MIQP/);
    expect(r.solveMs).toBe(0);
  });

  it('starts from a given MIP point, checks its length, and keeps the log and phases', () => {
    const ir = randomIntegerProgram(8);
    const exact = bruteForce(ir)!;
    const r = solveWithHighs(highs, ir, { mipStart: exact.x, keepLog: true });
    expect(r.objective).toBeCloseTo(exact.value, 6);
    expect(r.log!.some((l) => /MIP has \d+ rows?/.test(l))).toBe(true);
    expect(r.phases.map((p) => p.name)).toContain('presolve');
    const bad = solveWithHighs(highs, ir, { mipStart: [1, 2] });
    expect(bad.status).toBe('error');
    expect(bad.message).toMatch(/MIP start has 2 values but model ip-8 has 4 columns/);
  });

  it('reads LP phases from the log: presolve, then the simplex solve', () => {
    const ir = hardKnapsack(200);
    for (let j = 0; j < ir.cols.types.length; j++) ir.cols.types[j] = 'continuous';
    const r = solveWithHighs(highs, ir, { keepLog: true });
    expect(r.status).toBe('optimal');
    const names = r.phases.map((p) => p.name);
    expect(names).toContain('presolve');
    const total = r.phases.reduce((s, p) => s + p.durationMs, 0);
    expect(total).toBeLessThanOrEqual(r.solveMs + 1);
    // the LP optimum satisfies the rows it claims to
    const act = rowActivities(ir, r.x!);
    act.forEach((a, i) => expect(a).toBeLessThanOrEqual(ir.rows.upper[i]! + 1e-6));
  });
});
