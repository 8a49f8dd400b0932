import { describe, expect, it } from 'vitest';
import { ModelBuilder } from '../../model/builder.ts';
import { writeMps } from '../../writers/mpsWriter.ts';
import type { FinishedRun } from './commandLineSolver.ts';
import { readGurobiRun } from './gurobiBackend.ts';
import { summarizeGurobiLog } from './gurobiFiles.ts';
import { gurobiProgress, parseGurobiNodeRow } from './gurobiProgress.ts';

/*
 * Gurobi is not installed here. The fixtures are gurobi_cl logs in the format of Gurobi's "MIP Logging"
 * reference (docs.gurobi.com, Concepts > Logging > MIP): the presolve section, "Found heuristic solution",
 * "Root relaxation", the branch-and-bound table under its two-line header (H and * rows, pruned nodes read
 * "cutoff" or "infeasible", '-' where a value is missing, Time in whole seconds) and the summary. The second
 * is a published Gurobi 10.0.3 log of a run stopped at its time limit, trimmed.
 */

/** A maximization (a knapsack's profit): incumbents rise towards the falling bound. */
const MAXIMIZED = `Gurobi Optimizer version 11.0.3 build v11.0.3rc0 (linux64)
Optimize a model with 5 rows, 60 columns and 300 nonzeros
Variable types: 0 continuous, 60 integer (60 binary)
Found heuristic solution: objective 1822.6000000
Presolve time: 0.01s
Presolved: 5 rows, 60 columns, 300 nonzeros

Root relaxation: objective 1.885470e+03, 15 iterations, 0.02 seconds (0.00 work units)

    Nodes    |    Current Node    |     Objective Bounds      |     Work
 Expl Unexpl |  Obj  Depth IntInf | Incumbent    BestBd   Gap | It/Node Time

     0     0 1885.47019    0    5 1822.60000 1885.47019  3.45%     -    0s
H    0     0                    1867.6000000 1885.47019  0.96%     -    0s
     0     2 1884.15290    0    7 1867.60000 1884.15290  0.88%     -    0s
*  567   210              21    1868.0000000 1882.40000  0.76%   2.1    0s
H 4210  1022                    1875.0000000 1880.90000  0.32%   2.3    1s

Explored 18201 nodes (60512 simplex iterations) in 1.53 seconds (0.61 work units)
Thread count was 2 (of 2 available processors)

Solution count 5: 1875 1868 1867.6 ... 1822.6

Optimal solution found (tolerance 1.00e-04)
Best objective 1.875000000000e+03, best bound 1.875000000000e+03, gap 0.0000%
`.split('\n');

/** A minimization from a MIP start, stopped at its time limit. */
const MINIMIZED_TIME_LIMIT = `Gurobi Optimizer version 10.0.3 build v10.0.3rc0 (linux64)
Optimize a model with 39361 rows, 93226 columns and 9113736 nonzeros
Variable types: 0 continuous, 93226 integer (93216 binary)
User MIP start produced solution with objective 10 (2.83s)
Loaded user MIP start with objective 10
Processed MIP start in 2.97 seconds (1.34 work units)

Presolve removed 1619 rows and 8401 columns (presolve time = 5s) ...
Presolve removed 226 rows and 34589 columns
Presolve time: 56.86s
Presolved: 39135 rows, 58637 columns, 4402688 nonzeros
Root barrier log...
Iter       Primal          Dual         Primal    Dual     Compl     Time
   0   1.49741208e+05 -3.73464449e+08  6.22e+06 3.91e-03  1.56e+06    65s
Root simplex log...
Iteration    Objective       Primal Inf.    Dual Inf.      Time
   15338    5.7472018e+02   6.953458e+04   0.000000e+00     74s

Root relaxation: objective 5.000000e+00, 16692 iterations, 12.98 seconds (15.76 work units)

    Nodes    |    Current Node    |     Objective Bounds      |     Work
 Expl Unexpl |  Obj  Depth IntInf | Incumbent    BestBd   Gap | It/Node Time

     0     0    5.00000    0  662   10.00000    5.00000  50.0%     -  129s
     0     0    6.00000    0  737   10.00000    6.00000  40.0%     -  549s
     0     2    6.00000    0  675   10.00000    6.00000  40.0%     -  662s
     1     2     cutoff    1        10.00000    6.00000  40.0% 52409  671s
    35    31 infeasible    8        10.00000    6.00000  40.0% 15845  851s
  1564  1104    6.00000   21 3496   10.00000    6.00000  40.0%  5982 7200s

Cutting planes:
  User: 648

Explored 1572 nodes (9766987 simplex iterations) in 7200.77 seconds (13880.01 work units)
Thread count was 16 (of 16 available processors)

Solution count 1: 10

Time limit reached
Best objective 1.000000000000e+01, best bound 6.000000000000e+00, gap 40.0000%
`.split('\n');

describe('parseGurobiNodeRow', () => {
  it('reads the node counts, incumbent, bound and time of every kind of row', () => {
    expect(parseGurobiNodeRow('     0     0 3.8894e+04    0   12 1.5734e+05 3.8894e+04  75.3%     -    0s')).toEqual({
      marker: '',
      explored: 0,
      unexplored: 0,
      incumbent: 157340,
      bound: 38894,
      atSec: 0,
    });
    expect(parseGurobiNodeRow('H    0     0                    4.474178e+04 3.8894e+04  13.1%     -    0s')).toMatchObject({
      marker: 'H',
      incumbent: 44741.78,
      bound: 38894,
    });
    expect(parseGurobiNodeRow('*14326  2205              27    2343.0000000 2088.50000  10.9%  15.7    3s')).toMatchObject({
      marker: '*',
      explored: 14326,
      unexplored: 2205,
      incumbent: 2343,
      bound: 2088.5,
      atSec: 3,
    });
    expect(parseGurobiNodeRow('*    0     0               0     100.0000000  100.00000  0.00%     -    0s')).toMatchObject({ incumbent: 100, bound: 100 });
    expect(parseGurobiNodeRow('H    0     0                      -0.0000000 -0.00000   0.00%     -    0s')).toMatchObject({ marker: 'H', explored: 0 });
    expect(parseGurobiNodeRow('    43    37     cutoff    8        10.00000    6.00000  40.0% 14778  863s')).toMatchObject({ explored: 43, atSec: 863 });
    expect(parseGurobiNodeRow('    35    31 infeasible    8        10.00000    6.00000  40.0% 15845  851s')).toMatchObject({ incumbent: 10, bound: 6 });
    const noIncumbent = parseGurobiNodeRow('     0     0   99.00000    0    2          -   99.00000      -     -    0s')!;
    expect(noIncumbent.incumbent).toBeUndefined();
    expect(noIncumbent.bound).toBe(99);
  });

  it('reads no other line of the log as a row', () => {
    for (const line of [
      ' Expl Unexpl |  Obj  Depth IntInf | Incumbent    BestBd   Gap | It/Node Time',
      '   0   1.49741208e+05 -3.73464449e+08  6.22e+06 3.91e-03  1.56e+06    65s',
      '   15338    5.7472018e+02   6.953458e+04   0.000000e+00     74s',
      '       0    1.5000000e+01   0.000000e+00   0.000000e+00      0s',
      'Presolve removed 1619 rows and 8401 columns (presolve time = 5s) ...',
      'Explored 1572 nodes (9766987 simplex iterations) in 7200.77 seconds (13880.01 work units)',
    ]) {
      expect(parseGurobiNodeRow(line), line).toBeUndefined();
    }
  });
});

describe('gurobiProgress', () => {
  it('follows a maximization from its first heuristic solution to the proven optimum, in the model’s sense', () => {
    expect(gurobiProgress(MAXIMIZED)).toEqual([
      { atSec: 0, incumbent: 1822.6 },
      { atSec: 0.01, incumbent: 1822.6, bound: 1885.47019 },
      { atSec: 0.01, incumbent: 1867.6, bound: 1885.47019 },
      { atSec: 0.01, incumbent: 1867.6, bound: 1884.1529 },
      { atSec: 0.01, incumbent: 1868, bound: 1882.4 },
      { atSec: 1, incumbent: 1875, bound: 1880.9 },
      { atSec: 1.53, incumbent: 1875, bound: 1875 },
    ]);
  });

  it('times the MIP start by its own line and the table by its Time column, and ends at the summary', () => {
    const points = gurobiProgress(MINIMIZED_TIME_LIMIT);
    expect(points[0]).toEqual({ atSec: 2.83, incumbent: 10 });
    expect(points.slice(1).map((p) => [p.atSec, p.bound])).toEqual([
      [129, 5],
      [549, 6],
      [662, 6],
      [671, 6],
      [851, 6],
      [7200, 6],
      [7200.77, 6],
    ]);
    expect(points.every((p) => p.incumbent === 10)).toBe(true);
  });

  it('reads a MIP start Gurobi only reports as loaded, and does not count it twice', () => {
    expect(gurobiProgress(['Loaded user MIP start with objective 42', 'Presolve time: 0.02s', '     0     0   40.00000    0    2   42.00000   40.00000  4.76%     -    0s'])).toEqual([
      { atSec: 0, incumbent: 42 },
      { atSec: 0.02, incumbent: 42, bound: 40 },
    ]);
    // the Gurobi 10 pair: "produced ... (2.83s)" then "Loaded ..." with the same objective
    expect(gurobiProgress(MINIMIZED_TIME_LIMIT).filter((p) => p.bound === undefined)).toEqual([{ atSec: 2.83, incumbent: 10 }]);
  });

  it('has no incumbent where the summary says "-"', () => {
    const points = gurobiProgress([
      'Presolve time: 0.20s',
      '     0     0   99.00000    0    2          -   99.00000      -     -    0s',
      'Explored 310 nodes (2000 simplex iterations) in 10.01 seconds (3.20 work units)',
      'Time limit reached',
      'Best objective -, best bound 9.850000000000e+01, gap -',
    ]);
    expect(points).toEqual([
      { atSec: 0.2, bound: 99 },
      { atSec: 10.01, bound: 98.5 },
    ]);
  });

  it('reads nothing from an LP’s log', () => {
    expect(gurobiProgress(['Presolve time: 0.00s', 'Solved in 0 iterations and 0.01 seconds (0.00 work units)', 'Optimal objective  1.500000000e+01'])).toEqual([]);
  });
});

describe('Gurobi phases and the run reading', () => {
  it('splits the published run at its first branching (the "0 2" row at 662 s)', () => {
    const s = summarizeGurobiLog(MINIMIZED_TIME_LIMIT);
    expect(s.nodes).toBe(1572);
    expect(s.iterations).toBe(9766987);
    expect(s.phases.map((p) => [p.name, Math.round(p.durationMs)])).toEqual([
      ['presolve', 56860],
      ['root', 662000 - 56860],
      ['branch-and-bound', 7200770 - 662000],
    ]);
  });

  it('has no branch-and-bound phase when the root settles the model', () => {
    const s = summarizeGurobiLog([
      'Presolve time: 0.09s',
      'Root relaxation: cutoff, 396 iterations, 0.01 seconds (0.01 work units)',
      '     0     0     cutoff    0         5.00000    5.00000  0.00%     -    0s',
      'Explored 1 nodes (396 simplex iterations) in 0.11 seconds (0.11 work units)',
      'Optimal solution found (tolerance 1.00e-04)',
      'Best objective 5.000000000000e+00, best bound 5.000000000000e+00, gap 0.0000%',
    ]);
    expect(s.phases.map((p) => [p.name, Math.round(p.durationMs)])).toEqual([
      ['presolve', 90],
      ['root', 20],
    ]);
  });

  it('hands nodes, iterations and progress of a MIP run on to the result', () => {
    const b = new ModelBuilder('knapsack', 'maximize');
    const x = b.addColumn('x', { upper: 1, cost: 1875, type: 'integer' });
    b.addRow('cap', [x], [1], -Infinity, 1);
    const ir = b.build();
    const columnNames = writeMps(ir).columnNames;
    const run: FinishedRun = {
      files: { dir: '/nowhere', model: 'model.mps', solution: 'solution.sol', log: 'gurobi.log', columnNames },
      process: {
        started: true,
        exitCode: 0,
        signal: null,
        lines: MAXIMIZED.map((text, i) => ({ atMs: i, text })),
        stoppedAtDeadline: false,
        aborted: false,
        elapsedMs: 1600,
      },
      solutionText: `# Objective value = 1.875e+03\n${columnNames[0]} 1\n`,
    };
    const reading = readGurobiRun(ir, {}, run);
    expect(reading.status).toBe('optimal');
    expect(reading.objective).toBe(1875);
    expect(reading.nodes).toBe(18201);
    expect(reading.iterations).toBe(60512);
    expect(reading.progress).toEqual(gurobiProgress(MAXIMIZED));
    expect(reading.progress!.at(-1)).toEqual({ atSec: 1.53, incumbent: reading.objective, bound: reading.bound });
    expect(reading.phases.map((p) => p.name)).toEqual(['presolve', 'root', 'branch-and-bound']);
  });
});
