import { describe, expect, it } from 'vitest';
import { phasesFromLog, type TimedLogLine } from './highsLogPhases.ts';

/** Log lines as HiGHS 1.15.1 (npm highs 1.15.3) printed them, each with an arrival time in ms. */
function timed(entries: [number, string][]): TimedLogLine[] {
  return entries.map(([atMs, text]) => ({ atMs, text }));
}

/** A MILP run (a 60-item knapsack) with a restart in the root and one during branching. */
const MILP = timed([
  [0, 'MIP has 5 rows; 60 cols; 300 nonzeros; 60 integer variables (60 binary)'],
  [2, 'Presolving model'],
  [3, '5 rows, 60 cols, 300 nonzeros 0s'],
  [40, 'Presolve reductions: rows 5(-0); columns 60(-0); nonzeros 300(-0) - Not reduced'],
  [50, 'Solving MIP model with:'],
  [51, '   5 rows'],
  [60, '        Nodes      |    B&B Tree     |            Objective Bounds              |  Dynamic Constraints |       Work      '],
  [61, 'Src  Proc. InQueue |  Leaves   Expl. | BestBound       BestSol              Gap |   Cuts   InLp Confl. | LpIters     Time'],
  [100, ' z       0       0         0   0.00%   inf             -0                 Large        0      0      0         0     0.1s'],
  [200, ' S       0       0         0   0.00%   4389            2101             108.90%        0      0      0         0     0.2s'],
  [1100, ' L       0       0         0   0.00%   2237.640145     2235               0.12%      486     14      2        49     1.1s'],
  [1200, '26.7% inactive integer columns, restarting'],
  [2000, '         0       0         0   0.00%   2237.632752     2235               0.12%        6      6      2       647     2.0s'],
  [2600, '       211      12        80  40.00%   2236.500000     2235               0.07%        4      3      9      3100     2.6s'],
  [2800, 'Restarting search from the root node'],
  [2900, '       411       0         0   0.00%   2236.098802     2235               0.05%        2      0      0      4508     2.9s'],
  [2910, '       412       0         1 100.00%   2235            2235               0.00%        2      0      0      4512     2.9s'],
  [2920, 'Solving report'],
  [2921, '  Status            Optimal'],
]);

describe('phasesFromLog', () => {
  it('splits a MIP run into presolve, root and branch-and-bound at the first node-table row with a node processed', () => {
    const phases = phasesFromLog(MILP, 2950);
    expect(phases).toEqual([
      { name: 'presolve', durationMs: 50 - 2 },
      { name: 'root', durationMs: 2600 - 50 },
      { name: 'branch-and-bound', durationMs: 2920 - 2600 },
    ]);
  });

  it('reads node counts HiGHS abbreviates, and a source letter before them', () => {
    const lines = timed([
      [0, 'Presolving model'],
      [10, 'Solving MIP model with:'],
      [20, ' J       0       0         0   0.00%   inf             108                Large        0      0      0         0     0.1s'],
      [900, ' T    152k     310     75k  61.20%   0.0053          0.0061            13.40%     5000    300    900   1200k    90.0s'],
      [1000, 'Solving report'],
    ]);
    expect(phasesFromLog(lines, 1000).map((p) => [p.name, p.durationMs])).toEqual([
      ['presolve', 10],
      ['root', 890],
      ['branch-and-bound', 100],
    ]);
  });

  it('has no branch-and-bound phase when the root settles the MIP', () => {
    const lines = timed([
      [0, 'Presolving model'],
      [5, 'Solving MIP model with:'],
      [30, '         0       0         0   0.00%   1051            1051               0.00%        8      0      0        37     0.0s'],
      [40, 'Solving report'],
    ]);
    expect(phasesFromLog(lines, 45).map((p) => p.name)).toEqual(['presolve', 'root']);
  });

  it('reads an LP run as presolve, solve and postsolve, also when presolve did not reduce it', () => {
    const reduced = timed([
      [0, 'Presolving model'],
      [12, 'Solving the presolved LP'],
      [34, 'Performed postsolve'],
      [52, 'Model status        : Optimal'],
    ]);
    expect(phasesFromLog(reduced, 60)).toEqual([
      { name: 'presolve', durationMs: 12 },
      { name: 'solve', durationMs: 22 },
      { name: 'postsolve', durationMs: 18 },
    ]);
    const notReduced = timed([
      [0, 'Presolving model'],
      [8, 'Presolve reductions: rows 5(-0); columns 200(-0); nonzeros 1000(-0) - Not reduced'],
      [9, 'Problem not reduced by presolve: solving the LP'],
      [10, 'Using dual simplex solver'],
      [58, 'Model status        : Optimal'],
    ]);
    expect(phasesFromLog(notReduced, 60)).toEqual([
      { name: 'presolve', durationMs: 9 },
      { name: 'solve', durationMs: 49 },
    ]);
  });

  it('does not mistake the presolve size lines or the simplex iteration log for node-table rows', () => {
    const lines = timed([
      [0, 'Presolving model'],
      [1, '5 rows, 60 cols, 300 nonzeros 0s'],
      [2, 'Solving the presolved LP'],
      [3, '         15     7.3399830693e+03 Pr: 0(0) 0.1s'],
      [9, 'Model status        : Optimal'],
    ]);
    expect(phasesFromLog(lines, 9).map((p) => p.name)).toEqual(['presolve', 'solve']);
  });
});
