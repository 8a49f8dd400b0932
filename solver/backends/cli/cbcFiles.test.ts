import { describe, expect, it } from 'vitest';
import { parseCbcSolution, summarizeCbcLog } from './cbcFiles.ts';

/*
 * Fixtures are CBC 2.10.8's own output (Debian coinor-cbc), captured from runs on small models:
 * a 60-item, 5-row 0/1 knapsack stopped at `sec 1`, the same maximized, an infeasible MILP
 * stopped by preprocessing, and a tiny LP; trimmed to the lines that matter.
 */

const STOPPED_ON_TIME_SOLUTION = `Stopped on time - objective value -1868.00000000
      7 x7                     1                   -60.8
      8 x8                     1                   -76.6
     10 x10                    1                   -48.8
`;

const STOPPED_ON_TIME_LOG = `Welcome to the CBC MILP Solver 
Version: 2.10.8 
Build Date: May  9 2022 

command line - cbc mkpf.mps timeMode elapsed sec 1 solve solu mkp.txt (default strategy 1)
At line 1 NAME mkp FREE
At line 2 ROWS
At line 9 COLUMNS
At line 372 RHS
At line 378 BOUNDS
At line 439 ENDATA
Problem mkp has 5 rows, 60 columns and 300 elements
Coin0008I mkp read with 0 errors
Option for timeMode changed from cpu to elapsed
seconds was changed from 1e+100 to 1
Continuous objective value is -1885.47 - 0.01 seconds
Cgl0004I processed model has 5 rows, 60 columns (60 integer (60 of which binary)) and 300 elements
Cbc0012I Integer solution of -1867.6 found by feasibility pump after 0 iterations and 0 nodes (0.03 seconds)
Cbc0013I At root node, 4 cuts changed objective from -1885.4702 to -1884.1529 in 100 passes
Cbc0010I After 0 nodes, 1 on tree, -1867.6 best solution, best possible -1884.1529 (0.10 seconds)
Cbc0016I Integer solution of -1868 found by strong branching after 3060 iterations and 567 nodes (0.36 seconds)
Cbc0010I After 1000 nodes, 9 on tree, -1868 best solution, best possible -1884.1529 (0.97 seconds)
Cbc0020I Exiting on maximum time
Cbc0005I Partial search - best objective -1868 (best possible -1884.1529), took 336204 iterations and 109495 nodes (1.12 seconds)
Cbc0032I Strong branching done 4552 times (15579 iterations), fathomed 0 nodes and fixed 11 variables

Result - Stopped on time limit

Objective value:                -1868.00000000
Lower bound:                    -1884.153
Gap:                            0.01
Enumerated nodes:               109495
Total iterations:               336204
Time (CPU seconds):             1.13
Time (Wallclock seconds):       1.13

Total time (CPU seconds):       1.13   (Wallclock seconds):       1.13
`;

describe('parseCbcSolution', () => {
  it('reads the status words, the objective and the printed columns', () => {
    const sol = parseCbcSolution(STOPPED_ON_TIME_SOLUTION);
    expect(sol.status).toBe('Stopped on time');
    expect(sol.objective).toBe(-1868);
    expect(sol.continuousFallback).toBe(false);
    expect([...sol.values]).toEqual([
      ['x7', 1],
      ['x8', 1],
      ['x10', 1],
    ]);
  });

  it('recognises the LP point CBC prints when it has no integer solution', () => {
    const sol = parseCbcSolution(`Stopped on time (no integer solution - continuous used) - objective value 0.49767239
      3 x3             0.5                       0
`);
    expect(sol.status).toBe('Stopped on time');
    expect(sol.continuousFallback).toBe(true);
  });

  it('reads multi-word statuses and flags values CBC marks as outside their bounds', () => {
    const sol = parseCbcSolution(`Integer infeasible - objective value 1.50000000
**       0 x1                   1.5                       0
`);
    expect(sol.status).toBe('Integer infeasible');
    expect(sol.objective).toBe(1.5);
    expect(sol.values.get('x1')).toBe(1.5);
    expect(sol.flagged).toEqual(['x1']);
    expect(parseCbcSolution('Optimal (within gap tolerance) - objective value -1867.60000000\n').status).toBe(
      'Optimal (within gap tolerance)',
    );
  });

  it('names the file and line of a line it cannot read', () => {
    expect(() => parseCbcSolution('Optimal - objective value 1\n      0 x1 abc 0\n', 'sol.txt')).toThrow(
      /sol\.txt line 2: value "abc" of x1 is not a number/,
    );
    expect(() => parseCbcSolution('Optimal - objective value 1\nsomething else\n', 'sol.txt')).toThrow(/sol\.txt line 2/);
    expect(() => parseCbcSolution('', 'sol.txt')).toThrow(/sol\.txt: empty/);
  });
});

describe('summarizeCbcLog', () => {
  it('reads version, bound, nodes and the phases on CBC’s own clock', () => {
    const s = summarizeCbcLog(STOPPED_ON_TIME_LOG.split('\n'));
    expect(s.version).toBe('2.10.8');
    expect(s.readErrors).toBeUndefined();
    expect(s.result).toBe('Stopped on time limit');
    expect(s.internal).toEqual({ bestObjective: -1868, bestPossible: -1884.1529 });
    expect(s.nodes).toBe(109495);
    expect(s.iterations).toBe(336204);
    expect(s.wallclockSec).toBe(1.13);
    // 0 → 0.10 s the root (its LP relaxation took to 0.01 s), 0.10 → 1.12 s the search
    expect(s.phases.map((p) => p.name)).toEqual(['root', 'branch-and-bound']);
    expect(s.phases.map((p) => Math.round(p.durationMs))).toEqual([100, 1020]);
  });

  it('reads the gap CBC stopped at inside its tolerance', () => {
    const s = summarizeCbcLog([
      'Continuous objective value is -1885.47 - 0.00 seconds',
      'Cbc0012I Integer solution of -1867.6 found by feasibility pump after 0 iterations and 0 nodes (0.03 seconds)',
      'Cbc0011I Exiting as integer gap of 17.870192 less than 1e-10 or 1%',
      'Cbc0001I Search completed - best objective -1867.6, took 0 iterations and 0 nodes (0.03 seconds)',
      'Result - Optimal solution found (within gap tolerance)',
    ]);
    expect(s.internal).toEqual({ bestObjective: -1867.6, exitGap: 17.870192 });
    // solved at the root: no branch-and-bound phase
    expect(s.phases).toEqual([{ name: 'root', durationMs: 30 }]);
  });

  it('collects the complaints of a model file read with errors', () => {
    const s = summarizeCbcLog([
      'At line 378 BOUNDS',
      'No match for column   at line 379 <  UP BND x0 1 >',
      'At line 439 ENDATA',
      'Problem mkp has 5 rows, 60 columns and 300 elements',
      'Coin0008I mkp read with 1 errors',
      'There were 1 errors on input',
      '** Current model not valid',
    ]);
    expect(s.readErrors).toEqual({ count: 1, complaints: ['No match for column   at line 379 <  UP BND x0 1 >'] });
  });

  it('does not count CBC ignoring OBJSENSE as a read error', () => {
    const s = summarizeCbcLog(['At line 1 NAME t', 'MAX found after OBJSENSE - Coin ignores', 'Coin0008I t read with 0 errors']);
    expect(s.readErrors).toBeUndefined();
  });

  it('times an LP run and counts its iterations by Clp’s own report', () => {
    const s = summarizeCbcLog([
      'Presolve 5 (0) rows, 60 (0) columns and 300 (0) elements',
      'Optimal - objective value -1885.4702',
      'Optimal objective -1885.470192 - 15 iterations time 0.002',
    ]);
    expect(s.phases).toEqual([{ name: 'solve', durationMs: 2 }]);
    expect(s.iterations).toBe(15);
    expect(s.nodes).toBeUndefined();
  });

  it('reads whether a MIP start was used', () => {
    const s = summarizeCbcLog([
      'opening mipstart file ./mkp.txt.',
      'MIPStart values read for 30 variables.',
      'Cbc0045I MIPStart provided solution with cost -1868.2',
    ]);
    expect(s.mipStart).toEqual({ accepted: true, objective: -1868.2, words: 'Cbc0045I MIPStart provided solution with cost -1868.2' });
  });
});
