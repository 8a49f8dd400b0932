import type { SolveProgress } from '../backend.ts';

/** One row of Gurobi's branch-and-bound table. */
export interface GurobiNodeRow {
  /** 'H' a heuristic's new incumbent, '*' one found at a node, '' none */
  marker: '' | 'H' | '*';
  explored: number;
  unexplored: number;
  incumbent?: number;
  bound?: number;
  /** whole seconds since the optimization started, as the Time column prints them */
  atSec: number;
}

const ROW = /^([H*]?)\s*(\d+)\s+(\d+)\s+(.*\S)\s+(\d+)s$/;
const VALUE = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Reads a row of the table under Gurobi's header
 *
 *       Nodes    |    Current Node    |     Objective Bounds      |     Work
 *    Expl Unexpl |  Obj  Depth IntInf | Incumbent    BestBd   Gap | It/Node Time
 *
 * e.g. `     0     0 3.8894e+04    0   12 1.5734e+05 3.8894e+04  75.3%     -    0s`,
 * `H    0     0                    4.474178e+04 3.8894e+04  13.1%     -    0s` or `*14326  2205   27 2343.0000000 2088.50000 10.9%  15.7    3s`.
 * The Current Node columns are blank on H and * rows and read "cutoff" or "infeasible" on pruned nodes, so the
 * row is read from both ends: the node counts first, then the last five columns. '-' is a value Gurobi does not have.
 */
export function parseGurobiNodeRow(line: string): GurobiNodeRow | undefined {
  const m = ROW.exec(line.trim());
  if (!m) return undefined;
  const tail = m[4]!.split(/\s+/);
  if (tail.length < 4) return undefined;
  const [incumbent, bound, gap, perNode] = tail.slice(-4) as [string, string, string, string];
  const value = (v: string) => (VALUE.test(v) ? Number(v) : undefined);
  if (!/^(?:-|\d+(?:\.\d+)?%)$/.test(gap) || !(perNode === '-' || VALUE.test(perNode))) return undefined;
  if ((incumbent !== '-' && !VALUE.test(incumbent)) || (bound !== '-' && !VALUE.test(bound))) return undefined;
  const row: GurobiNodeRow = { marker: m[1] as GurobiNodeRow['marker'], explored: Number(m[2]), unexplored: Number(m[3]), atSec: Number(m[5]) };
  const inc = value(incumbent);
  const bd = value(bound);
  if (inc !== undefined) row.incumbent = inc;
  if (bd !== undefined) row.bound = bd;
  return row;
}

const NUM = '([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)';
const RX = {
  heuristic: new RegExp(`^Found heuristic solution: objective ${NUM}`),
  mipStart: new RegExp(`^User MIP start produced solution with objective ${NUM}(?: \\(${NUM}s\\))?`),
  /** follows the line above in Gurobi 10 and 11, stands alone in older releases ("Loaded MIP start") */
  startLoaded: new RegExp(`^Loaded (?:user )?MIP start with objective ${NUM}`),
  presolve: new RegExp(`^Presolve time: ${NUM}s`),
  explored: new RegExp(`^Explored \\d+ nodes \\(\\d+ simplex iterations\\) in ${NUM} seconds`),
  best: /^Best objective (\S+), best bound (\S+), gap/,
};

/**
 * The MIP search as gurobi_cl's log tells it, in the model's own sense (Gurobi prints it so): one point per
 * row of the branch-and-bound table, at its Time (whole seconds since the optimization started), and one per
 * "Found heuristic solution: objective V", "User MIP start produced solution with objective V (T s)" or
 * "Loaded user MIP start with objective V" (when it tells something new). A line
 * without a time takes that of the last line that printed one, at least the presolve's duration once presolve
 * is done. The last point is the summary's "Best objective A, best bound B" at "Explored N nodes (...) in T
 * seconds", A and B to 13 significant digits where the table prints 6 or so.
 */
export function gurobiProgress(lines: readonly string[]): SolveProgress[] {
  const points: SolveProgress[] = [];
  let incumbent: number | undefined;
  let bound: number | undefined;
  let clock = 0;
  let endSec: number | undefined;
  let best: { incumbent?: number; bound?: number } | undefined;
  const at = (atSec: number) => {
    clock = Math.max(clock, atSec);
    const point: SolveProgress = { atSec: clock };
    if (incumbent !== undefined) point.incumbent = incumbent;
    if (bound !== undefined) point.bound = bound;
    points.push(point);
  };
  let m: RegExpExecArray | null;
  for (const raw of lines) {
    const line = raw.trim();
    const row = parseGurobiNodeRow(line);
    if (row) {
      if (row.incumbent !== undefined) incumbent = row.incumbent;
      if (row.bound !== undefined) bound = row.bound;
      at(row.atSec);
    } else if ((m = RX.heuristic.exec(line))) {
      incumbent = Number(m[1]);
      at(clock);
    } else if ((m = RX.mipStart.exec(line))) {
      incumbent = Number(m[1]);
      at(m[2] !== undefined ? Number(m[2]) : clock);
    } else if ((m = RX.startLoaded.exec(line))) {
      if (incumbent !== Number(m[1])) {
        incumbent = Number(m[1]);
        at(clock);
      }
    } else if ((m = RX.presolve.exec(line))) clock = Math.max(clock, Number(m[1]));
    else if ((m = RX.explored.exec(line))) endSec = Number(m[1]);
    else if ((m = RX.best.exec(line))) {
      best = {};
      if (VALUE.test(m[1]!)) best.incumbent = Number(m[1]);
      if (VALUE.test(m[2]!)) best.bound = Number(m[2]);
    }
  }
  if (best) {
    incumbent = best.incumbent ?? incumbent;
    bound = best.bound ?? bound;
    at(endSec ?? clock);
  }
  return points;
}
