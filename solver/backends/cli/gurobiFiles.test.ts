import { describe, expect, it } from 'vitest';
import { parseGurobiSolution, summarizeGurobiLog } from './gurobiFiles.ts';

/*
 * Gurobi is not installed here. The fixtures follow Gurobi's documented SOL format ("# Solution
 * file" comments, then `name value` lines; gurobi_cl adds "# Objective value = V") and the
 * summary lines gurobi_cl 9–12 print, as they appear in Gurobi's manual and in published logs.
 */

const MIP_OPTIMAL_LOG = `Set parameter TimeLimit to value 10
Set parameter LogFile to value "gurobi.log"
Gurobi Optimizer version 11.0.3 build v11.0.3rc0 (linux64 - "Debian GNU/Linux 12 (bookworm)")

CPU model: Intel(R) Xeon(R) CPU @ 2.20GHz, instruction set [SSE2|AVX|AVX2]
Thread count: 1 physical cores, 2 logical processors, using up to 2 threads

Optimize a model with 5 rows, 60 columns and 300 nonzeros
Model fingerprint: 0x9c2a61f0
Variable types: 0 continuous, 60 integer (60 binary)
Coefficient statistics:
  Matrix range     [1e+01, 1e+02]
  Objective range  [1e+01, 1e+02]
  Bounds range     [1e+00, 1e+00]
  RHS range        [2e+03, 2e+03]
Found heuristic solution: objective 1822.6000000
Presolve time: 0.01s
Presolved: 5 rows, 60 columns, 300 nonzeros
Variable types: 0 continuous, 60 integer (60 binary)

Root relaxation: objective 1.885470e+03, 15 iterations, 0.02 seconds (0.00 work units)

    Nodes    |    Current Node    |     Objective Bounds      |     Work
 Expl Unexpl |  Obj  Depth IntInf | Incumbent    BestBd   Gap | It/Node Time

     0     0 1885.47019    0    5 1822.60000 1885.47019  3.45%     -    0s
H    0     0                    1867.6000000 1885.47019  0.96%     -    0s
     0     0 1884.15290    0    7 1867.60000 1884.15290  0.88%     -    0s
     0     2 1884.15290    0    7 1867.60000 1884.15290  0.88%     -    0s
*  567   210              21    1868.0000000 1882.40000  0.76%   2.1    0s
H 4210  1022                    1875.0000000 1880.90000  0.32%   2.3    1s

Explored 18201 nodes (60512 simplex iterations) in 1.53 seconds (0.61 work units)
Thread count was 2 (of 2 available processors)

Solution count 6: 1875 1868.2 1868 ... 1822.6

Optimal solution found (tolerance 1.00e-04)
Best objective 1.875000000000e+03, best bound 1.875000000000e+03, gap 0.0000%
`;

const MIP_TIME_LIMIT_TAIL = `Explored 4761 nodes (1175023 simplex iterations) in 297.74 seconds (679.66 work units)
Thread count was 8 (of 20 available processors)

Solution count 10: 4.0598e+06 4.06367e+06 4.06396e+06 ... 4.16682e+06

Time limit reached
Best objective 4.059798056690e+06, best bound 3.555844952416e+06, gap 12.4133%
`;

const LP_OPTIMAL_TAIL = `Presolve removed 12 rows and 15 columns
Presolve time: 0.00s
Presolve: All rows and columns removed
Iteration    Objective       Primal Inf.    Dual Inf.      Time
       0    1.5000000e+01   0.000000e+00   0.000000e+00      0s

Solved in 0 iterations and 0.01 seconds (0.00 work units)
Optimal objective  1.500000000e+01
`;

describe('parseGurobiSolution', () => {
  it('reads the objective comment and every name-value line', () => {
    const sol = parseGurobiSolution(`# Solution for model knapsack
# Objective value = 1.8750000000000000e+03
x1 1
x2 0
x3 -2.5e-07
`);
    expect(sol.objective).toBe(1875);
    expect([...sol.values]).toEqual([
      ['x1', 1],
      ['x2', 0],
      ['x3', -2.5e-7],
    ]);
  });

  it('reads the documented minimal form without an objective comment', () => {
    const sol = parseGurobiSolution('# Solution file\nx  1.0\ny  0.5\nz  0.2\n');
    expect(sol.objective).toBeUndefined();
    expect(sol.values.get('y')).toBe(0.5);
  });

  it('names the file and line of a line it cannot read', () => {
    expect(() => parseGurobiSolution('# Objective value = 1\nx1\n', 'model.sol')).toThrow(/model\.sol line 2: expected "name value"/);
    expect(() => parseGurobiSolution('x1 one\n', 'model.sol')).toThrow(/model\.sol line 1: value "one" of x1 is not a number/);
  });
});

describe('summarizeGurobiLog', () => {
  it('reads a MIP that ended optimal: version, objective, bound, gap and phases', () => {
    const s = summarizeGurobiLog(MIP_OPTIMAL_LOG.split('\n'));
    expect(s.version).toBe('11.0.3');
    expect(s.termination).toEqual({ status: 'optimal', words: 'Optimal solution found (tolerance 1.00e-04)' });
    expect(s.bestObjective).toBe(1875);
    expect(s.bestBound).toBe(1875);
    expect(s.gapPercent).toBe(0);
    expect(s.nodes).toBe(18201);
    expect(s.iterations).toBe(60512);
    expect(s.errors).toEqual([]);
    // presolve 0.01 s; the root to its first branching ("0 2" at 0 s, but no sooner than its 0.02 s relaxation
    // after presolve); the rest of 1.53 s is the tree
    expect(s.phases.map((p) => [p.name, Math.round(p.durationMs)])).toEqual([
      ['presolve', 10],
      ['root', 20],
      ['branch-and-bound', 1500],
    ]);
  });

  it('reads a MIP stopped at its time limit with its incumbent and bound', () => {
    const s = summarizeGurobiLog(MIP_TIME_LIMIT_TAIL.split('\n'));
    expect(s.termination?.status).toBe('time-limit');
    expect(s.bestObjective).toBe(4059798.05669);
    expect(s.bestBound).toBe(3555844.952416);
    expect(s.gapPercent).toBe(12.4133);
  });

  it('reads dashes as absent values', () => {
    const s = summarizeGurobiLog(['Time limit reached', 'Best objective -, best bound 0.000000000000e+00, gap -']);
    expect(s.termination?.status).toBe('time-limit');
    expect(s.bestObjective).toBeUndefined();
    expect(s.bestBound).toBe(0);
    expect(s.gapPercent).toBeUndefined();
  });

  it('reads an LP optimum and times presolve and solve', () => {
    const s = summarizeGurobiLog(LP_OPTIMAL_TAIL.split('\n'));
    expect(s.termination?.status).toBe('optimal');
    expect(s.optimalObjective).toBe(15);
    expect(s.iterations).toBe(0);
    expect(s.nodes).toBeUndefined();
    expect(s.phases).toEqual([
      { name: 'presolve', durationMs: 0 },
      { name: 'solve', durationMs: 10 },
    ]);
  });

  it.each([
    ['Model is infeasible', 'infeasible'],
    ['Infeasible model', 'infeasible'],
    ['Model is unbounded', 'unbounded'],
    ['Unbounded model', 'unbounded'],
    ['Model is infeasible or unbounded', 'infeasible-or-unbounded'],
    ['Infeasible or unbounded model', 'infeasible-or-unbounded'],
    ['Iteration limit reached', 'iteration-limit'],
    ['Node limit reached', 'iteration-limit'],
    ['Solve interrupted', 'interrupted'],
    ['Numerical trouble encountered', 'error'],
  ] as const)('maps "%s" to %s', (words, status) => {
    const s = summarizeGurobiLog(['Explored 0 nodes (0 simplex iterations) in 0.38 seconds (0.35 work units)', '', words]);
    expect(s.termination).toEqual({ status, words });
  });

  it('lets the last ending win: an interrupt is followed by the solve’s own ending', () => {
    const s = summarizeGurobiLog(['Interrupt request received', 'Solve interrupted', 'Best objective 3.0e+00, best bound 4.8e+00, gap 60.0000%']);
    expect(s.termination?.words).toBe('Solve interrupted');
    expect(s.bestObjective).toBe(3);
  });

  it('collects ERROR lines (licence, file) when there is no ending', () => {
    const s = summarizeGurobiLog([
      'Set parameter LogFile to value "gurobi.log"',
      'ERROR 10009: No Gurobi license found (user jessica, host build, hostid 8e3f21aa, cores 2)',
    ]);
    expect(s.termination).toBeUndefined();
    expect(s.errors).toEqual(['ERROR 10009: No Gurobi license found (user jessica, host build, hostid 8e3f21aa, cores 2)']);
  });
});
