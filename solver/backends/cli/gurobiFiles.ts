import type { SolveStatus, SolverPhase } from '../backend.ts';
import { PHASE } from '../solverPhases.ts';
import { parseGurobiNodeRow } from './gurobiProgress.ts';

/**
 * What gurobi_cl writes, read back. Gurobi cannot be installed here (it needs a licence), so these
 * follow Gurobi's documented formats and the log lines its releases 9–12 print, as quoted in its
 * reference manual and in public logs; the fixtures in gurobiFiles.test.ts are such lines.
 */

/** A SOL file: `# ...` comment lines (one is "# Objective value = V"), then `name value` per variable. */
export interface GurobiSolution {
  objective: number | undefined;
  values: Map<string, number>;
}

const OBJECTIVE_COMMENT = /^#\s*Objective value\s*=\s*(\S+)/i;

/** Reads a Gurobi SOL file. Throws on a line it cannot read, naming the file and line. */
export function parseGurobiSolution(text: string, file = 'Gurobi solution file'): GurobiSolution {
  let objective: number | undefined;
  const values = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = OBJECTIVE_COMMENT.exec(line);
      if (m) {
        objective = Number(m[1]);
        if (!Number.isFinite(objective)) throw new Error(`${file} line ${i + 1}: objective value "${m[1]}" is not a number`);
      }
      continue;
    }
    const f = line.split(/\s+/);
    if (f.length !== 2) throw new Error(`${file} line ${i + 1}: expected "name value", got "${lines[i]}"`);
    const value = Number(f[1]);
    if (!Number.isFinite(value)) throw new Error(`${file} line ${i + 1}: value "${f[1]}" of ${f[0]} is not a number`);
    values.set(f[0]!, value);
  }
  return { objective, values };
}

/** The summary gurobi_cl's log ends with, and its phases. */
export interface GurobiLogSummary {
  version?: string;
  /** the line that says how the optimization ended, and what it means */
  termination?: { status: SolveStatus; words: string };
  /** "Best objective A, best bound B, gap C%" (MIP); '-' reads as absent */
  bestObjective?: number;
  bestBound?: number;
  gapPercent?: number;
  /** "Optimal objective V" (LP, QP) */
  optimalObjective?: number;
  /** "ERROR 10009: ..." and similar lines: licence, file and parameter errors */
  errors: string[];
  /** branch-and-bound nodes explored (MIP) */
  nodes?: number;
  /** simplex iterations of the search (MIP), or simplex or barrier iterations of the solve (LP, QP) */
  iterations?: number;
  phases: SolverPhase[];
}

const NUM = '([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)';
const VALUE_OR_DASH = '([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?|-)';

/** Gurobi's termination lines → SolveStatus. Order matters: the longer phrase first. */
const TERMINATIONS: { pattern: RegExp; status: SolveStatus }[] = [
  { pattern: /^Optimal solution found\b/, status: 'optimal' },
  { pattern: /^Optimal objective\b/, status: 'optimal' },
  { pattern: /^(?:Model is infeasible or unbounded|Infeasible or unbounded model)\b/, status: 'infeasible-or-unbounded' },
  { pattern: /^(?:Model is infeasible|Infeasible model)\b/, status: 'infeasible' },
  { pattern: /^(?:Model is unbounded|Unbounded model)\b/, status: 'unbounded' },
  { pattern: /^Time limit reached\b/, status: 'time-limit' },
  { pattern: /^(?:Iteration|Node|Work) limit reached\b/, status: 'iteration-limit' },
  { pattern: /^(?:Solution limit reached|Solve interrupted|Interrupt request received)\b/, status: 'interrupted' },
  { pattern: /^(?:Numerical trouble encountered|Numeric error|Model solve failed)\b/, status: 'error' },
];

const RX = {
  version: /^Gurobi Optimizer version (\S+)|^Gurobi (\d+\.\d+\.\d+) \(/,
  best: new RegExp(`^Best objective ${VALUE_OR_DASH}, best bound ${VALUE_OR_DASH}, gap ${VALUE_OR_DASH}%?`),
  optimalObjective: new RegExp(`^Optimal objective\\s+${NUM}`),
  error: /^ERROR\b|^Error \d+:|^Unable to /,
  presolve: new RegExp(`^Presolve time: ${NUM}s`),
  root: new RegExp(`^Root relaxation: .*, ${NUM} seconds`),
  explored: new RegExp(`^Explored (\\d+) nodes \\((\\d+) simplex iterations\\) in ${NUM} seconds`),
  lpDone: new RegExp(`^(?:Solved|Stopped|Barrier solved model) in (\\d+) iterations and ${NUM} seconds`),
};

/**
 * Reads gurobi_cl's log (its stdout, or the LogFile). The last termination line wins: gurobi_cl
 * prints one per optimization, and an interrupted run prints "Interrupt request received" before
 * its own ending. Phases (names in solverPhases.ts) come from the times Gurobi prints, not from when
 * lines arrive:
 *  - MIP: `presolve` ("Presolve time: Ts", its duration), `root` (the root relaxation "Root relaxation:
 *    ..., T seconds", cut rounds and heuristics) up to the first row of the branch-and-bound table with a
 *    node explored or waiting, `branch-and-bound` from there to "Explored N nodes (M simplex iterations) in
 *    T seconds". Gurobi prints that row ("0 2 ..." in Expl Unexpl) when it first branches; no such row:
 *    the root settled the model. The row's Time is in whole seconds, so the root is taken to end no sooner
 *    than presolve and the root relaxation's own time allow.
 *  - LP/QP: `presolve`, then `solve` (the rest of "Solved in N iterations and T seconds").
 */
export function summarizeGurobiLog(lines: readonly string[]): GurobiLogSummary {
  const s: GurobiLogSummary = { errors: [], phases: [] };
  let presolveSec: number | undefined;
  let rootLpSec: number | undefined;
  let rootEndSec: number | undefined;
  let exploredSec: number | undefined;
  let solvedSec: number | undefined;
  let m: RegExpExecArray | null;
  for (const raw of lines) {
    const line = raw.trim();
    const t = TERMINATIONS.find((x) => x.pattern.test(line));
    if (t) s.termination = { status: t.status, words: line };
    if ((m = RX.version.exec(line))) s.version = m[1] ?? m[2];
    else if ((m = RX.best.exec(line))) {
      const num = (v: string) => (v === '-' ? undefined : Number(v));
      const [obj, bound, gap] = [num(m[1]!), num(m[2]!), num(m[3]!)];
      if (obj !== undefined) s.bestObjective = obj;
      else delete s.bestObjective;
      if (bound !== undefined) s.bestBound = bound;
      else delete s.bestBound;
      if (gap !== undefined) s.gapPercent = gap;
      else delete s.gapPercent;
    } else if ((m = RX.optimalObjective.exec(line))) s.optimalObjective = Number(m[1]);
    else if (RX.error.test(line)) s.errors.push(line);
    else if ((m = RX.presolve.exec(line))) presolveSec = Number(m[1]);
    else if ((m = RX.root.exec(line))) rootLpSec = Number(m[1]);
    else if ((m = RX.explored.exec(line))) {
      s.nodes = Number(m[1]);
      s.iterations = Number(m[2]);
      exploredSec = Number(m[3]);
    } else if ((m = RX.lpDone.exec(line))) {
      s.iterations = Number(m[1]);
      solvedSec = Number(m[2]);
    } else if (rootEndSec === undefined) {
      const row = parseGurobiNodeRow(line);
      if (row && (row.explored > 0 || row.unexplored > 0)) rootEndSec = row.atSec;
    }
  }
  const ms = (sec: number) => Math.max(0, sec * 1000);
  const presolved = presolveSec ?? 0;
  if (presolveSec !== undefined) s.phases.push({ name: PHASE.presolve, durationMs: ms(presolveSec) });
  if (exploredSec !== undefined) {
    // the table's whole seconds can fall before the end of the root relaxation or after the end of the search
    const rootEnd = rootEndSec === undefined ? exploredSec : Math.min(exploredSec, Math.max(presolved + (rootLpSec ?? 0), rootEndSec));
    s.phases.push({ name: PHASE.root, durationMs: ms(rootEnd - presolved) });
    if (rootEndSec !== undefined) s.phases.push({ name: PHASE.branchAndBound, durationMs: ms(exploredSec - rootEnd) });
  } else if (solvedSec !== undefined) {
    s.phases.push({ name: PHASE.solve, durationMs: ms(solvedSec - presolved) });
  }
  return s;
}
