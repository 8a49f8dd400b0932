import type { SolverPhase } from '../backend.ts';
import { PHASE } from '../solverPhases.ts';

/**
 * What CBC 2.10 writes, read back. Formats as CBC 2.10.8 (Debian coinor-cbc) produces them with
 * `solu FILE` and its default printing options; see the fixtures in cbcFiles.test.ts.
 */

/** The solution file: a status line, then `index name value reducedCost` per printed column. */
export interface CbcSolution {
  /** the status words of the first line, e.g. "Optimal", "Stopped on time", "Integer infeasible" */
  status: string;
  /** "objective value X" of the first line: the original sense, objective constant included */
  objective: number | undefined;
  /**
   * CBC stopped before it had an integer solution and printed the LP relaxation's point instead
   * ("... (no integer solution - continuous used)"): the values are not a feasible answer.
   */
  continuousFallback: boolean;
  /** printed columns by name; CBC omits columns at zero, which read as 0 */
  values: Map<string, number>;
  /** names of columns whose value CBC marked `**` (outside their bounds) */
  flagged: string[];
}

const STATUS_LINE = /^(.*?)\s+-\s+objective value\s+(\S+)\s*$/;
const NO_INTEGER = ' (no integer solution - continuous used)';

/**
 * Reads CBC's solution file. CBC prints values with `%15.8g`, so every value carries 8
 * significant digits and no more. Throws on a line it cannot read, naming the file and line.
 */
export function parseCbcSolution(text: string, file = 'CBC solution file'): CbcSolution {
  const lines = text.split(/\r?\n/);
  const head = lines[0]?.trim() ?? '';
  if (head === '') throw new Error(`${file}: empty, CBC wrote no status line`);
  const m = STATUS_LINE.exec(head);
  let status = m ? m[1]! : head;
  const objective = m ? Number(m[2]) : undefined;
  if (objective !== undefined && !Number.isFinite(objective)) {
    throw new Error(`${file} line 1: objective value "${m![2]}" is not a number`);
  }
  const continuousFallback = status.endsWith(NO_INTEGER);
  if (continuousFallback) status = status.slice(0, -NO_INTEGER.length);

  const values = new Map<string, number>();
  const flagged: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    let line = lines[i]!.trim();
    if (line === '') continue;
    // CBC prints "**** Results not valid when LP not optimal" instead of ranging output
    if (line.startsWith('****')) continue;
    let flag = false;
    if (line.startsWith('**')) {
      flag = true;
      line = line.slice(2).trim();
    }
    const f = line.split(/\s+/);
    if (f.length < 3 || !/^\d+$/.test(f[0]!)) {
      throw new Error(`${file} line ${i + 1}: expected "index name value reducedCost", got "${lines[i]}"`);
    }
    const value = Number(f[2]);
    if (!Number.isFinite(value)) throw new Error(`${file} line ${i + 1}: value "${f[2]}" of ${f[1]} is not a number`);
    values.set(f[1]!, value);
    if (flag) flagged.push(f[1]!);
  }
  return { status, objective, continuousFallback, values, flagged };
}

/** What CBC's log says beyond the solution file. Objectives and bounds are CBC's own numbers. */
export interface CbcLogSummary {
  version?: string;
  /** the model file had errors ("read with N errors"): CBC's complaints, verbatim */
  readErrors?: { count: number; complaints: string[] };
  /** the words after "Result - ", e.g. "Stopped on time limit" (MIP runs only) */
  result?: string;
  /**
   * Search bound and incumbent as the Cbc00xx messages print them: in CBC's internal
   * minimization sense, i.e. negated for a maximization (`max`), objective constant included.
   */
  internal: {
    bestObjective?: number;
    bestPossible?: number;
    /** absolute gap at which CBC stopped ("Exiting as integer gap of G less than ...") */
    exitGap?: number;
  };
  /** CBC's own words when it stopped early for a reason other than its limits */
  remarks: string[];
  /**
   * whether a MIP start was read and what became of it. `objective` is the cost CBC prints for it (Cbc0045I), which is
   * not always the start's objective in the model: for a start worth 0.010925 it printed 0.0104363 (found by the Gurobi
   * stand-in's tests), so nothing takes it for the start's value
   */
  mipStart?: { accepted: boolean; objective?: number; words: string };
  /** branch-and-bound nodes (MIP) */
  nodes?: number;
  /** simplex iterations: of the whole search (MIP), or of Clp's solve (LP) */
  iterations?: number;
  wallclockSec?: number;
  phases: SolverPhase[];
}

const NUM = '([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)';
const RX = {
  version: /^Version:\s*(\S+)/,
  readWith: /^Coin0008I .* read with (\d+) errors?/,
  errorsOnInput: /^There were (\d+) errors on input/,
  result: /^Result - (.*\S)/,
  continuous: new RegExp(`^Continuous objective value is ${NUM} - ${NUM} seconds`),
  node: new RegExp(`^Cbc0010I After (\\d+) nodes, \\d+ on tree, ${NUM} best solution, best possible ${NUM} \\(${NUM} seconds\\)`),
  nodeNoSolution: new RegExp(`^Cbc0010I After (\\d+) nodes, \\d+ on tree, .*best possible ${NUM} \\(${NUM} seconds\\)`),
  completed: new RegExp(`^Cbc0001I Search completed - best objective ${NUM}, took (\\d+) iterations and (\\d+) nodes \\(${NUM} seconds\\)`),
  partial: new RegExp(`^Cbc0005I Partial search - best objective ${NUM} \\(best possible ${NUM}\\), took (\\d+) iterations and (\\d+) nodes \\(${NUM} seconds\\)`),
  exitGap: new RegExp(`^Cbc0011I Exiting as integer gap of ${NUM} less than`),
  mipStartGood: new RegExp(`^Cbc0045I MIPStart provided solution with cost ${NUM}`),
  mipStartBad: /mipstart values could not be used|MIPStart.*(?:infeasible|not feasible|could not)/i,
  lpDone: new RegExp(`^(?:Optimal|PrimalInfeasible|DualInfeasible|Stopped|Primal infeasible|Dual infeasible)\\b.* - (\\d+) iterations time ${NUM}`),
  totalTime: new RegExp(`^Total time \\(CPU seconds\\):\\s*${NUM}\\s*\\(Wallclock seconds\\):\\s*${NUM}`),
  enumerated: /^Enumerated nodes:\s*(\d+)/,
  iterations: /^Total iterations:\s*(\d+)/,
  remark: /^(?:Cbc0006I|Cgl0000I|Cgl0013I|Cgl0014I|Pre-processing says|Problem is unbounded|\*\* Current model not valid)/,
};

/**
 * Reads CBC's log. Phases (names in solverPhases.ts) are timed from CBC's own clock (run it with
 * `timeMode elapsed`), not from when lines arrive: CBC's stdout is block-buffered on a pipe, so lines
 * come in bursts.
 *  - MIP: `root` from CBC's start (reading the model, the LP relaxation "Continuous objective value is
 *    ... - T seconds", preprocessing, primal heuristics, cut rounds) up to "Cbc0010I After 0 nodes ...
 *    (T seconds)"; `branch-and-bound` from there to the search's end ("Cbc0001I"/"Cbc0005I ... (T seconds)").
 *    CBC prints no time when its preprocessing ends, so there is no `presolve` phase; a model solved at
 *    the root has no branch-and-bound phase.
 *  - LP: one `solve` phase, Clp's "... - N iterations time T".
 */
export function summarizeCbcLog(lines: readonly string[]): CbcLogSummary {
  const s: CbcLogSummary = { internal: {}, remarks: [], phases: [] };
  let readComplaints: string[] = [];
  let inRead = false;
  let lpSec: number | undefined;
  let simplexSec: number | undefined;
  let simplexIterations: number | undefined;
  let rootEndSec: number | undefined;
  let searchEndSec: number | undefined;
  let m: RegExpExecArray | null;

  for (const raw of lines) {
    const line = raw.trim();
    if ((m = RX.version.exec(line))) s.version = m[1];
    else if (line.startsWith('At line ')) inRead = true;
    else if ((m = RX.readWith.exec(line))) {
      inRead = false;
      const count = Number(m[1]);
      if (count > 0) s.readErrors = { count, complaints: readComplaints };
    } else if ((m = RX.errorsOnInput.exec(line))) {
      const count = Number(m[1]);
      s.readErrors = { count: Math.max(count, s.readErrors?.count ?? 0), complaints: readComplaints };
    } else if (inRead) {
      // between "At line" and "read with": anything but CBC's progress lines is a complaint
      if (!/^Problem .* has \d+ rows/.test(line) && !/OBJSENSE - Coin ignores/.test(line) && line !== '') {
        readComplaints.push(line);
      }
    } else if ((m = RX.result.exec(line))) s.result = m[1];
    else if ((m = RX.continuous.exec(line))) lpSec = Number(m[2]);
    else if ((m = RX.node.exec(line))) {
      s.internal.bestObjective = Number(m[2]);
      s.internal.bestPossible = Number(m[3]);
      if (m[1] === '0' && rootEndSec === undefined) rootEndSec = Number(m[4]);
    } else if ((m = RX.nodeNoSolution.exec(line))) {
      s.internal.bestPossible = Number(m[2]);
      if (m[1] === '0' && rootEndSec === undefined) rootEndSec = Number(m[3]);
    } else if ((m = RX.completed.exec(line))) {
      s.internal.bestObjective = Number(m[1]);
      s.iterations = Number(m[2]);
      s.nodes = Number(m[3]);
      searchEndSec = Number(m[4]);
    } else if ((m = RX.partial.exec(line))) {
      s.internal.bestObjective = Number(m[1]);
      s.internal.bestPossible = Number(m[2]);
      s.iterations = Number(m[3]);
      s.nodes = Number(m[4]);
      searchEndSec = Number(m[5]);
    } else if ((m = RX.exitGap.exec(line))) s.internal.exitGap = Number(m[1]);
    else if ((m = RX.mipStartGood.exec(line))) s.mipStart = { accepted: true, objective: Number(m[1]), words: line };
    else if (RX.mipStartBad.test(line)) s.mipStart = { accepted: false, words: line };
    else if ((m = RX.lpDone.exec(line))) {
      simplexIterations = Number(m[1]);
      simplexSec = Number(m[2]);
    } else if ((m = RX.totalTime.exec(line))) s.wallclockSec = Number(m[2]);
    else if ((m = RX.enumerated.exec(line))) s.nodes = Number(m[1]);
    else if ((m = RX.iterations.exec(line))) s.iterations = Number(m[1]);
    else if (RX.remark.test(line)) s.remarks.push(line);
    if (readComplaints.length > 20) readComplaints = readComplaints.slice(0, 20);
  }
  // a bound CBC could not establish prints as ±1e50 or beyond
  if (s.internal.bestPossible !== undefined && !(Math.abs(s.internal.bestPossible) < 1e49)) delete s.internal.bestPossible;
  if (s.internal.bestObjective !== undefined && !(Math.abs(s.internal.bestObjective) < 1e49)) delete s.internal.bestObjective;

  const endSec = searchEndSec ?? s.wallclockSec;
  const mip = lpSec !== undefined || rootEndSec !== undefined || searchEndSec !== undefined;
  if (mip) {
    const ms = (a: number, b: number) => Math.max(0, (b - a) * 1000);
    const rootEnd = rootEndSec ?? endSec ?? lpSec;
    if (rootEnd !== undefined) s.phases.push({ name: PHASE.root, durationMs: ms(0, rootEnd) });
    if (rootEndSec !== undefined && endSec !== undefined) {
      s.phases.push({ name: PHASE.branchAndBound, durationMs: ms(rootEndSec, endSec) });
    }
  } else if (simplexSec !== undefined) {
    s.phases.push({ name: PHASE.solve, durationMs: simplexSec * 1000 });
    if (s.iterations === undefined && simplexIterations !== undefined) s.iterations = simplexIterations;
  }
  return s;
}
