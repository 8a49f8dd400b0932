import type { Highs } from 'highs';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelBuilder } from '../../model/builder.ts';
import { maxViolation, objectiveValue, type ModelIR } from '../../model/ir.ts';
import type { SolverBackend } from '../backend.ts';
import { toHighsModelData } from '../highs/highsModelData.ts';
import { loadHighsRuntime } from '../highs/highsRuntime.ts';
import { createCbcBackend } from './cbcBackend.ts';
import { summarizeCbcLog } from './cbcFiles.ts';

/* Real CBC (the `cbc` binary of Debian's coinor-cbc) on models whose optima are known independently. */

let cbc: SolverBackend;
let highs: Highs;
beforeAll(async () => {
  cbc = createCbcBackend();
  highs = await loadHighsRuntime();
});
afterAll(async () => {
  await cbc.close();
});

function seeded(seed: number): () => number {
  const rng = xoroshiro128plus(seed);
  return () => uniformFloat64(rng);
}

/** maximize 3x + 2y s.t. x + y ≤ 4, x + 3y ≤ 6, 0 ≤ x ≤ 3, y ≥ 0. Both rows and x ≤ 3 meet at (3, 1): value 11. */
function smallLp(): ModelIR {
  const b = new ModelBuilder('small-lp', 'maximize');
  const x = b.addColumn('x', { upper: 3, cost: 3 });
  const y = b.addColumn('y', { cost: 2 });
  b.addRow('r1', [x, y], [1, 1], -Infinity, 4);
  b.addRow('r2', [x, y], [1, 3], -Infinity, 6);
  return b.build();
}

/**
 * maximize x + y s.t. −x + y ≤ 1, 3x + 2y ≤ 12, 2x + 3y ≤ 12, x, y ∈ ℤ≥0. Adding the last two rows gives
 * 5(x + y) ≤ 24, so x + y ≤ 4 for integers (the LP optimum is 4.8 at (2.4, 2.4)); (2, 2) attains 4.
 */
function smallMilp(): ModelIR {
  const b = new ModelBuilder('small-milp', 'maximize');
  const x = b.addColumn('x', { cost: 1, type: 'integer', upper: 100 });
  const y = b.addColumn('y', { cost: 1, type: 'integer', upper: 100 });
  b.addRow('r1', [x, y], [-1, 1], -Infinity, 1);
  b.addRow('r2', [x, y], [3, 2], -Infinity, 12);
  b.addRow('r3', [x, y], [2, 3], -Infinity, 12);
  return b.build();
}

/**
 * Whole shares for one account of value V: min Σ_i |p_i n_i / V − t_i| + cash / V with n_i ∈ ℤ≥0 and
 * cash = V − Σ p_i n_i ≥ 0; |·| is d_i ≥ ±(p_i n_i / V − t_i).
 */
function wholeSharesModel(prices: number[], targets: number[], accountValue: number): ModelIR {
  const b = new ModelBuilder('whole-shares', 'minimize');
  const n = prices.map((_, i) => b.addColumn(`shares[${i}]`, { type: 'integer', upper: Math.floor(accountValue / prices[i]!) }));
  const d = prices.map((_, i) => b.addColumn(`deviation[${i}]`, { cost: 1 }));
  const cash = b.addColumn('cash', { cost: 1 / accountValue });
  prices.forEach((p, i) => {
    b.addRow(`above[${i}]`, [d[i]!, n[i]!], [1, -p / accountValue], -targets[i]!, Infinity);
    b.addRow(`below[${i}]`, [d[i]!, n[i]!], [1, p / accountValue], targets[i]!, Infinity);
  });
  b.addRow('budget', [...n, cash], [...prices, 1], accountValue, accountValue);
  return b.build();
}

/** The whole-shares optimum by enumerating every affordable share vector. */
function wholeSharesBruteForce(prices: number[], targets: number[], accountValue: number): number {
  let best = Infinity;
  const shares = new Array<number>(prices.length).fill(0);
  const visit = (i: number, spent: number) => {
    if (i === prices.length) {
      let f = (accountValue - spent) / accountValue;
      for (let k = 0; k < prices.length; k++) f += Math.abs((prices[k]! * shares[k]!) / accountValue - targets[k]!);
      best = Math.min(best, f);
      return;
    }
    for (let s = 0; spent + s * prices[i]! <= accountValue + 1e-9; s++) {
      shares[i] = s;
      visit(i + 1, spent + s * prices[i]!);
    }
  };
  visit(0, 0);
  return best;
}

/** max Σ p_j x_j over a 0/1 vector within one capacity, by enumeration of all 2^n subsets. */
function knapsackBruteForce(profit: number[], weight: number[], capacity: number): number {
  let best = 0;
  for (let mask = 0; mask < 1 << profit.length; mask++) {
    let w = 0;
    let p = 0;
    for (let j = 0; j < profit.length; j++) {
      if (mask & (1 << j)) {
        w += weight[j]!;
        p += profit[j]!;
      }
    }
    if (w <= capacity) best = Math.max(best, p);
  }
  return best;
}

/**
 * A multi-dimensional 0/1 knapsack, rows × items, weights U{10..100} and profits correlated with
 * them (mean weight + U{0..10}), capacities half the row sums. CBC 2.10 cannot prove 10 × 60 in 20 s.
 */
function multiKnapsack(items: number, rows: number, seed: number): ModelIR {
  const rand = seeded(seed);
  const b = new ModelBuilder(`knapsack-${rows}x${items}`, 'maximize');
  const w = Array.from({ length: rows }, () => Array.from({ length: items }, () => 10 + Math.floor(rand() * 91)));
  const cols = Array.from({ length: items }, (_, j) => {
    const mean = w.reduce((a, row) => a + row[j]!, 0) / rows;
    return b.addColumn(`pick[${j}]`, { upper: 1, type: 'integer', cost: mean + Math.floor(rand() * 11) });
  });
  w.forEach((row, r) => b.addRow(`capacity[${r}]`, cols, row, -Infinity, Math.floor(row.reduce((a, v) => a + v, 0) / 2)));
  return b.build();
}

/** A random MILP that is feasible (its rows are built around an integer point) and bounded (boxed columns). */
function randomMilp(seed: number): ModelIR {
  const rand = seeded(seed);
  const b = new ModelBuilder(`random-milp-${seed}`, seed % 2 === 0 ? 'maximize' : 'minimize');
  const point: number[] = [];
  for (let j = 0; j < 12; j++) {
    const integer = j < 8;
    const lower = -Math.floor(rand() * 4);
    const upper = lower + 2 + Math.floor(rand() * 8);
    b.addColumn(`v${j}`, { lower, upper, cost: Math.round((rand() * 20 - 10) * 100) / 100, type: integer ? 'integer' : 'continuous' });
    point.push(integer ? lower + Math.floor(rand() * (upper - lower + 1)) : lower + rand() * (upper - lower));
  }
  for (let r = 0; r < 8; r++) {
    const cols: number[] = [];
    const vals: number[] = [];
    for (let j = 0; j < 12; j++) {
      if (rand() < 0.5) {
        cols.push(j);
        vals.push(Math.round((rand() * 10 - 5) * 10) / 10);
      }
    }
    const at = cols.reduce((a, j, k) => a + vals[k]! * point[j]!, 0);
    const kind = r % 4;
    if (kind === 0) b.addRow(`r${r}`, cols, vals, -Infinity, at + rand() * 3);
    else if (kind === 1) b.addRow(`r${r}`, cols, vals, at - rand() * 3, Infinity);
    else if (kind === 2) b.addRow(`r${r}`, cols, vals, at - rand() * 2, at + rand() * 2);
    else b.addRow(`r${r}`, cols, vals, at, at);
  }
  b.addOffset(Math.round((rand() * 200 - 100) * 1000) / 1000);
  return b.build();
}

function highsOptimum(ir: ModelIR): { status: string; objective: number } {
  const model = highs.createModel(toHighsModelData(highs, ir));
  try {
    model.options.set({ output_flag: false });
    model.run();
    return { status: String(model.getModelStatus()), objective: model.getObjectiveValue() };
  } finally {
    model.dispose();
  }
}

describe('CBC backend on models with known optima', () => {
  it('solves a small LP to its hand-derived vertex', async () => {
    const r = await cbc.solve(smallLp());
    expect(r.status).toBe('optimal');
    expect(r.solver).toBe('cbc');
    expect(r.solverVersion).toMatch(/^\d+\.\d+/);
    expect(r.objective).toBeCloseTo(11, 7);
    expect(r.bound).toBeCloseTo(11, 7);
    expect(r.x![0]).toBeCloseTo(3, 7);
    expect(r.x![1]).toBeCloseTo(1, 7);
    expect(r.passMs).toBeGreaterThan(0);
    expect(r.solveMs).toBeGreaterThan(0);
    expect(r.phases.map((p) => p.name)).toEqual(['solve']);
  });

  it('solves a small MILP to its hand-derived integer optimum', async () => {
    const ir = smallMilp();
    const r = await cbc.solve(ir);
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(4, 9);
    expect(maxViolation(ir, r.x!)).toBeLessThan(1e-9);
    expect(objectiveValue(ir, r.x!)).toBeCloseTo(4, 9);
    expect(r.gap).toBe(0);
    expect(r.phases[0]!.name).toBe('root');
  });

  it('finds the whole-share portfolio that enumeration of every share vector finds', async () => {
    const prices = [137.4, 312.9, 58.25, 221.1, 94.6];
    const targets = [0.31, 0.22, 0.17, 0.19, 0.11];
    const accountValue = 1500;
    const ir = wholeSharesModel(prices, targets, accountValue);
    const r = await cbc.solve(ir);
    expect(r.status).toBe('optimal');
    const best = wholeSharesBruteForce(prices, targets, accountValue);
    // CBC prints 8 significant digits
    expect(r.objective!).toBeCloseTo(best, 7);
    expect(objectiveValue(ir, r.x!)).toBeCloseTo(best, 6);
    expect(maxViolation(ir, r.x!)).toBeLessThan(1e-6);
  });

  it('finds the 0/1 knapsack optimum that enumeration of all subsets finds', async () => {
    const rand = seeded(7);
    const weight = Array.from({ length: 14 }, () => 5 + Math.floor(rand() * 40));
    const profit = weight.map((w) => w + Math.floor(rand() * 10));
    const capacity = Math.floor(weight.reduce((a, v) => a + v, 0) * 0.4);
    const b = new ModelBuilder('knapsack-14', 'maximize');
    const cols = profit.map((p, j) => b.addColumn(`pick[${j}]`, { upper: 1, type: 'integer', cost: p }));
    b.addRow('capacity', cols, weight, -Infinity, capacity);
    const r = await cbc.solve(b.build());
    expect(r.status).toBe('optimal');
    expect(r.objective).toBe(knapsackBruteForce(profit, weight, capacity));
  });

  it('adds the objective constant in both senses, for LPs and MILPs', async () => {
    // minimize x + 7 with x ≥ 2.5: 9.5;  as a MILP, x ∈ ℤ: 10
    for (const type of ['continuous', 'integer'] as const) {
      const b = new ModelBuilder(`offset-min-${type}`, 'minimize');
      b.addColumn('x', { lower: 2.5, upper: 10, cost: 1, type });
      b.addOffset(7);
      const r = await cbc.solve(b.build());
      expect(r.status).toBe('optimal');
      expect(r.objective).toBeCloseTo(type === 'integer' ? 10 : 9.5, 9);
    }
    // maximize −2y − 3 with y ≥ 1.5: −6;  y ∈ ℤ: y = 2, −7
    for (const type of ['continuous', 'integer'] as const) {
      const b = new ModelBuilder(`offset-max-${type}`, 'maximize');
      const y = b.addColumn('y', { lower: 0, upper: 10, cost: -2, type });
      b.addRow('floor', [y], [1], 1.5, Infinity);
      b.addOffset(-3);
      const r = await cbc.solve(b.build());
      expect(r.status).toBe('optimal');
      expect(r.objective).toBeCloseTo(type === 'integer' ? -7 : -6, 9);
    }
  });
});

describe('CBC backend: endings other than optimal, as data', () => {
  it('reports an infeasible LP and an infeasible MILP', async () => {
    const lp = new ModelBuilder('infeasible-lp');
    const x = lp.addColumn('x', { cost: 1 });
    lp.addRow('atLeast5', [x], [1], 5, Infinity);
    lp.addRow('atMost3', [x], [1], -Infinity, 3);
    const r1 = await cbc.solve(lp.build());
    expect(r1.status).toBe('infeasible');
    expect(r1.x).toBeUndefined();

    // 2x = 3 has no integer solution although its LP relaxation does
    const mip = new ModelBuilder('infeasible-milp');
    const z = mip.addColumn('z', { cost: 1, type: 'integer', upper: 10 });
    mip.addRow('odd', [z], [2], 3, 3);
    const r2 = await cbc.solve(mip.build());
    expect(r2.status).toBe('infeasible');
    expect(r2.solverStatus).toMatch(/infeasible/i);
    expect(r2.x).toBeUndefined();
  });

  it('reports an unbounded LP as unbounded and an unbounded MILP relaxation as infeasible-or-unbounded', async () => {
    const lp = new ModelBuilder('unbounded-lp', 'maximize');
    const x = lp.addColumn('x', { cost: 1 });
    lp.addRow('atLeast5', [x], [1], 5, Infinity);
    const r1 = await cbc.solve(lp.build());
    expect(r1.status).toBe('unbounded');

    const mip = new ModelBuilder('unbounded-milp', 'maximize');
    const z = mip.addColumn('z', { cost: 1, type: 'integer' });
    mip.addRow('atLeast5', [z], [1], 5, Infinity);
    const r2 = await cbc.solve(mip.build());
    expect(r2.status).toBe('infeasible-or-unbounded');
  });

  it('stops a hard MILP at its time limit with the incumbent, a valid bound and a gap', async () => {
    const ir = multiKnapsack(60, 10, 3);
    const lpBound = highsOptimum({ ...ir, cols: { ...ir.cols, types: ir.cols.types.map(() => 'continuous') } }).objective;
    const r = await cbc.solve(ir, { timeLimitSec: 1 });
    expect(r.status).toBe('time-limit');
    expect(r.message).toMatch(/time limit of 1 s/);
    expect(maxViolation(ir, r.x!)).toBe(0);
    expect(objectiveValue(ir, r.x!)).toBeCloseTo(r.objective!, 6);
    // a maximization: incumbent ≤ bound ≤ LP relaxation
    expect(r.bound!).toBeGreaterThan(r.objective!);
    expect(r.bound!).toBeLessThanOrEqual(lpBound + 1e-6);
    expect(r.gap!).toBeGreaterThan(0);
    expect(r.gap!).toBeLessThan(0.1);
    expect(r.solveMs).toBeLessThan(1000 * (1 * 1.1 + 2));
    expect(r.phases.map((p) => p.name)).toEqual(['root', 'branch-and-bound']);
  });

  it('stops inside a relative gap tolerance with a bound that keeps the gap within it', async () => {
    const ir = multiKnapsack(60, 10, 3);
    const lpBound = highsOptimum({ ...ir, cols: { ...ir.cols, types: ir.cols.types.map(() => 'continuous') } }).objective;
    const r = await cbc.solve(ir, { mipRelGap: 0.05, timeLimitSec: 20 });
    expect(r.status).toBe('optimal');
    expect(r.solverStatus).toMatch(/within gap tolerance/);
    expect(maxViolation(ir, r.x!)).toBe(0);
    expect(r.bound!).toBeGreaterThanOrEqual(r.objective!);
    expect(r.bound!).toBeLessThanOrEqual(lpBound + 1e-6);
    expect(r.gap!).toBeLessThanOrEqual(0.05);
  });

  it('refuses a QP without running anything', async () => {
    const b = new ModelBuilder('qp');
    const x = b.addColumn('x', { cost: -1 });
    b.addQuadratic(x, x, 2);
    const r = await cbc.solve(b.build());
    expect(r.status).toBe('error');
    expect(r.solverStatus).toBe('Refused');
    expect(r.message).toMatch(/model qp: it is a QP/);
    expect(r.solveMs).toBe(0);
  });

  it('names the binary when it is not on PATH', async () => {
    const missing = createCbcBackend({ executable: 'cbc-not-installed-here' });
    const r = await missing.solve(smallLp());
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/^cbc-not-installed-here was not found on PATH/);
    await missing.close();
  });
});

describe('CBC backend: stops from outside', () => {
  it('asks CBC to stop at the hard deadline and keeps the incumbent it writes', async () => {
    const early = createCbcBackend({ hardDeadlineSec: () => 0.5 });
    const ir = multiKnapsack(60, 10, 3);
    const r = await early.solve(ir, { timeLimitSec: 30, keepLog: true });
    expect(r.status).toBe('time-limit');
    expect(r.message).toMatch(/did not stop at its time limit of 30 s and was stopped from outside/);
    expect(r.solveMs).toBeLessThan(5000);
    expect(maxViolation(ir, r.x!)).toBe(0);
    expect(objectiveValue(ir, r.x!)).toBeCloseTo(r.objective!, 6);
    await early.close();
  });

  it('stops running solves when the backend closes', async () => {
    const backend = createCbcBackend();
    const pending = backend.solve(multiKnapsack(60, 10, 4));
    await new Promise((resolve) => setTimeout(resolve, 400));
    const t0 = performance.now();
    await backend.close();
    expect(performance.now() - t0).toBeLessThan(5000);
    const r = await pending;
    expect(r.status).toBe('interrupted');
    const after = await backend.solve(smallLp());
    expect(after.message).toMatch(/closed/);
  });
});

describe('CBC backend: MIP start', () => {
  it('uses a feasible start: the result is at least as good and CBC says it took it', async () => {
    const ir = multiKnapsack(60, 10, 5);
    const first = await cbc.solve(ir, { timeLimitSec: 0.5 });
    expect(first.x).toBeDefined();
    const r = await cbc.solve(ir, { timeLimitSec: 0.3, mipStart: first.x!, keepLog: true });
    const summary = summarizeCbcLog(r.log!);
    expect(summary.mipStart?.accepted).toBe(true);
    // CBC prints the start's cost in the model's own sense
    expect(summary.mipStart?.objective).toBeCloseTo(first.objective!, 6);
    expect(r.objective!).toBeGreaterThanOrEqual(first.objective! - 1e-9);
  });

  it('still proves the true optimum when handed an infeasible start', async () => {
    const ir = smallMilp();
    // (4, 4) violates all three rows
    const r = await cbc.solve(ir, { mipStart: [4, 4] });
    expect(r.status).toBe('optimal');
    expect(r.objective).toBeCloseTo(4, 9);
  });

  it('refuses a start of the wrong length as data', async () => {
    const r = await cbc.solve(smallMilp(), { mipStart: [1] });
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/MIP start has 1 values but model small-milp has 2 columns/);
  });
});

describe('CBC and HiGHS agree', () => {
  it('on random small MILPs with ranged, equality and one-sided rows, both senses and an offset', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const ir = randomMilp(seed);
      const h = highsOptimum(ir);
      const r = await cbc.solve(ir);
      expect(r.status, ir.name).toBe('optimal');
      expect(h.status, ir.name).toBe(String(highs.constants.modelStatus.optimal));
      expect(r.objective!, ir.name).toBeCloseTo(h.objective, 5);
      expect(maxViolation(ir, r.x!), ir.name).toBeLessThan(1e-5);
    }
  });
});
