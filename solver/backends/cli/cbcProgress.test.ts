import { afterAll, describe, expect, it } from 'vitest';
import { firstNames, madOf, orLibraryProblem, trackingModel } from '../../heuristics/fixtures/orLibraryModels.ts';
import { maxViolation, objectiveValue, variableSet } from '../../model/ir.ts';
import type { SolveResult } from '../backend.ts';
import { hardKnapsack } from '../highs/fixtures/hardKnapsack.ts';
import { createCbcBackend } from './cbcBackend.ts';
import { cbcProgress } from './cbcProgress.ts';

/*
 * Fixtures are CBC 2.10.8's own lines (Debian coinor-cbc), trimmed to those that matter: a 60-item 0/1
 * knapsack minimizing the negated profit stopped at `sec 1`, and the same knapsack maximized (`max`) from a
 * MIP start. The real runs at the end use /usr/bin/cbc.
 */

const MINIMIZED_STOPPED_ON_TIME = [
  'Continuous objective value is -1885.47 - 0.01 seconds',
  'Cgl0004I processed model has 5 rows, 60 columns (60 integer (60 of which binary)) and 300 elements',
  'Cbc0038I Solution found of -1860',
  'Cbc0012I Integer solution of -1867.6 found by feasibility pump after 0 iterations and 0 nodes (0.03 seconds)',
  'Cbc0013I At root node, 4 cuts changed objective from -1885.4702 to -1884.1529 in 100 passes',
  'Cbc0010I After 0 nodes, 1 on tree, -1867.6 best solution, best possible -1884.1529 (0.10 seconds)',
  'Cbc0016I Integer solution of -1868 found by strong branching after 3060 iterations and 567 nodes (0.36 seconds)',
  'Cbc0010I After 1000 nodes, 9 on tree, -1868 best solution, best possible -1884.1529 (0.97 seconds)',
  'Cbc0020I Exiting on maximum time',
  'Cbc0005I Partial search - best objective -1868 (best possible -1884.1529), took 336204 iterations and 109495 nodes (1.12 seconds)',
];

const MAXIMIZED_FROM_A_START = [
  'command line - cbc model.mps timeMode elapsed max sec 3 mips start.txt solve solu solution.txt (default strategy 1)',
  'Continuous objective value is 2238.19 - 0.00 seconds',
  'Cbc0045I MIPStart provided solution with cost 2193',
  'Cbc0012I Integer solution of 2193 found by Reduced search after 0 iterations and 0 nodes (0.01 seconds)',
  'Cbc0012I Integer solution of -2232 found by DiveCoefficient after 0 iterations and 0 nodes (0.01 seconds)',
  'Cbc0013I At root node, 7 cuts changed objective from -2238.1934 to -2237.3229 in 100 passes',
  'Cbc0010I After 0 nodes, 1 on tree, -2232 best solution, best possible -2237.3229 (0.08 seconds)',
  'Cbc0012I Integer solution of -2233 found by rounding after 993 iterations and 170 nodes (0.12 seconds)',
  'Cbc0001I Search completed - best objective -2235, took 5320 iterations and 1096 nodes (0.32 seconds)',
];

describe('cbcProgress on CBC’s log lines', () => {
  it('reads a minimization as printed: the LP bound, each incumbent, the node reports and the stopped search', () => {
    expect(cbcProgress(MINIMIZED_STOPPED_ON_TIME, 'minimize')).toEqual([
      { atSec: 0.01, bound: -1885.47 },
      { atSec: 0.03, incumbent: -1867.6, bound: -1885.47 },
      { atSec: 0.1, incumbent: -1867.6, bound: -1884.1529 },
      { atSec: 0.36, incumbent: -1868, bound: -1884.1529 },
      { atSec: 0.97, incumbent: -1868, bound: -1884.1529 },
      { atSec: 1.12, incumbent: -1868, bound: -1884.1529 },
    ]);
  });

  it('turns a maximization’s internal numbers back into the model’s sense, the MIP start’s own cost included', () => {
    // CBC minimizes −profit: −2232 is an incumbent of profit 2232; the start's 2193 is printed as the profit itself
    expect(cbcProgress(MAXIMIZED_FROM_A_START, 'maximize')).toEqual([
      { atSec: 0, bound: 2238.19 },
      { atSec: 0.01, incumbent: 2193, bound: 2238.19 },
      { atSec: 0.01, incumbent: 2232, bound: 2238.19 },
      { atSec: 0.08, incumbent: 2232, bound: 2237.3229 },
      { atSec: 0.12, incumbent: 2233, bound: 2237.3229 },
      { atSec: 0.32, incumbent: 2235, bound: 2235 },
    ]);
  });

  it('ends a search stopped inside its gap tolerance with the bound the gap leaves', () => {
    const points = cbcProgress(
      [
        'Continuous objective value is -1885.47 - 0.00 seconds',
        'Cbc0012I Integer solution of -1867.6 found by feasibility pump after 0 iterations and 0 nodes (0.03 seconds)',
        'Cbc0011I Exiting as integer gap of 17.870192 less than 1e-10 or 1%',
        'Cbc0001I Search completed - best objective -1867.6, took 0 iterations and 0 nodes (0.03 seconds)',
      ],
      'minimize',
    );
    expect(points.at(-1)!.incumbent).toBe(-1867.6);
    expect(points.at(-1)!.bound).toBeCloseTo(-1867.6 - 17.870192, 9);
  });

  it('leaves out what CBC does not have yet, which it prints as 1e+50', () => {
    const points = cbcProgress(
      [
        'Cbc0010I After 0 nodes, 1 on tree, 1e+50 best solution, best possible 0.0071386918 (0.79 seconds)',
        'Cbc0005I Partial search - best objective 1e+50 (best possible 0.0071386918), took 7851 iterations and 54 nodes (2.00 seconds)',
      ],
      'minimize',
    );
    expect(points).toEqual([
      { atSec: 0.79, bound: 0.0071386918 },
      { atSec: 2, bound: 0.0071386918 },
    ]);
  });

  it('reads nothing from an LP’s log', () => {
    expect(cbcProgress(['Optimal - objective value 1052.5466', 'Optimal objective 1052.546555 - 5 iterations time 0.002'], 'maximize')).toEqual([]);
  });
});

/**
 * What must hold of any search's progress against the proven optimum f* of a model of sense s (+1 minimize,
 * −1 maximize): time runs forward, incumbents only improve and are never better than f*, every bound is on
 * the far side of f*, and the last point is f* itself. CBC prints incumbents along the way to 8 significant
 * digits and the LP bound to 6, hence their tolerances; its last incumbent to 16.
 */
function expectConsistentProgress(r: SolveResult, sense: 1 | -1) {
  const progress = r.progress!;
  const optimum = r.objective!;
  expect(progress.length).toBeGreaterThan(0);
  let previous: number | undefined;
  progress.forEach((p, i) => {
    expect(p.atSec).toBeGreaterThanOrEqual(i === 0 ? 0 : progress[i - 1]!.atSec);
    expect(p.atSec).toBeLessThanOrEqual(r.solveMs / 1000);
    const tol = 5e-8 * Math.abs(optimum);
    if (p.incumbent !== undefined) {
      expect(sense * (p.incumbent - optimum)).toBeGreaterThanOrEqual(-tol);
      if (previous !== undefined) expect(sense * (p.incumbent - previous)).toBeLessThanOrEqual(tol);
      previous = p.incumbent;
    }
    if (p.bound !== undefined) expect(sense * (p.bound - optimum)).toBeLessThanOrEqual(5e-6 * Math.abs(optimum));
  });
  const last = progress.at(-1)!;
  expect(Math.abs(last.incumbent! - optimum)).toBeLessThanOrEqual(1e-9 * Math.abs(optimum));
  expect(Math.abs(last.bound! - optimum)).toBeLessThanOrEqual(1e-9 * Math.abs(optimum));
}

describe('CBC progress, nodes and iterations on real runs of /usr/bin/cbc', () => {
  const cbc = createCbcBackend();
  afterAll(() => cbc.close());

  it('reports a name-limited tracking model’s search: incumbents down to the optimum, bounds up to it', async () => {
    const problem = firstNames(orLibraryProblem('indtrack2'), 9);
    const ir = trackingModel(problem, { maxNames: 3, minWeight: 0.02 });
    const r = await cbc.solve(ir, { mipRelGap: 0, timeLimitSec: 60, keepLog: true });
    expect(r.status).toBe('optimal');
    // the optimum is the portfolio's mean absolute deviation, computed from the returns, not from the model
    const w = variableSet(ir, 'weights')!;
    expect(madOf(problem, r.x!.slice(w.start, w.start + w.count))).toBeCloseTo(r.objective!, 7);
    expectConsistentProgress(r, 1);
    expect(r.nodes).toBe(Number(/^Enumerated nodes:\s*(\d+)/.exec(r.log!.find((l) => l.startsWith('Enumerated nodes'))!)![1]));
    expect(r.nodes!).toBeGreaterThanOrEqual(0);
    expect(r.iterations!).toBeGreaterThan(0);
    expect(r.phases.map((p) => p.name)).toEqual(r.nodes! > 0 ? ['root', 'branch-and-bound'] : ['root']);
  });

  it('keeps a maximization’s sense, from a MIP start on', async () => {
    const ir = hardKnapsack(60, 5);
    // a feasible start: the items taken greedily by profit while every row has room
    const start = new Array<number>(ir.cols.names.length).fill(0);
    const order = ir.cols.cost.map((c, j) => [c, j] as const).sort((a, b) => b[0] - a[0]);
    for (const [, j] of order) {
      start[j] = 1;
      if (maxViolation(ir, start) > 0) start[j] = 0;
    }
    const r = await cbc.solve(ir, { mipRelGap: 0, timeLimitSec: 30, mipStart: start });
    expect(r.status).toBe('optimal');
    expect(objectiveValue(ir, r.x!)).toBe(r.objective);
    expectConsistentProgress(r, -1);
    // the start's own profit is the first incumbent CBC held
    expect(r.progress!.find((p) => p.incumbent !== undefined)!.incumbent).toBe(objectiveValue(ir, start));
    expect(r.iterations!).toBeGreaterThan(0);
  });
});
