#!/usr/bin/env node
/*
 * A STAND-IN FOR gurobi_cl, FOR JESSICA'S TESTS. It is not Gurobi and holds nothing of Gurobi's: it answers
 * gurobi_cl's documented command line and writes gurobi_cl's documented files, and it solves with the real CBC.
 * It exists because Gurobi needs a licence that the machines Jessica is built on do not have; with it the Gurobi
 * backend's whole path (arguments, MPS model, MIP start file, ResultFile, LogFile, log, exit codes) runs against a
 * real optimizer. It is never shipped: electron-builder.yml leaves out every testing/ folder. Its banner says what
 * it is: `Gurobi Optimizer version 12.0.1 build v12.0.1rc0 (linux64 - "stand-in for gurobi_cl: solves with CBC")`.
 *
 * Command line (gurobi_cl's):
 *   gurobi_cl --version | -v           the version banner
 *   gurobi_cl --license                the licence, or Gurobi's error for it (exit 1)
 *   gurobi_cl --help | -h              usage
 *   gurobi_cl [Param=value]* model.mps solve; parameter names are case-insensitive, as gurobi_cl's
 *     TimeLimit=S       CBC `sec S`
 *     MIPGap=G          CBC `ratio G`; default 1e-4, Gurobi's
 *     MIPGapAbs=A       CBC `allowableGap A` and `increment A`; default 1e-10, Gurobi's. CBC's own cutoff increment
 *                       (about 1e-5 on Jessica's models, whose objectives are near 1e-3) would stop CBC 0.4 % above
 *                       the optimum and call it optimal, which Gurobi does not do.
 *     Threads=N         CBC `threads N` (Debian's CBC is built with threads); 0 = Gurobi's automatic choice
 *     ResultFile=F.sol  the solution as a SOL file ("# Objective value = V", then "name value" for every column),
 *                       written only when there is a solution, as gurobi_cl does
 *     LogFile=F         the log, which also goes to stdout; default gurobi.log, as gurobi_cl's
 *     InputFile=F.mst   a MIP start ("name value" lines, # comments), handed to CBC as its `mips` file
 *                       ("index name value" lines, plain decimals)
 *   Other parameters are echoed ("Set parameter X to value Y") and otherwise ignored. The model must be MPS
 *   (free or fixed rows as Jessica's writer makes them); a quadratic objective (QUADOBJ) is refused, since CBC
 *   solves LP and MILP only.
 *
 * Its log has gurobi_cl's lines: "Set parameter ...", the banner, "Read MPS format model from file ...",
 * "Optimize a model with R rows, C columns and NZ nonzeros", "Read MIP start from file ...", "Loaded user MIP start
 * with objective V", "Presolved: ...", "Root relaxation: objective V, N iterations, T seconds", the branch-and-bound
 * table (a row for each of CBC's "Integer solution" and "After N nodes" messages), "Explored N nodes (M simplex
 * iterations) in T seconds", "Solution count K: ...", then "Optimal solution found (tolerance G)", "Time limit
 * reached", "Solve interrupted", "Model is infeasible" ..., and "Best objective V, best bound B, gap P%"; for an
 * LP, the simplex table, "Solved in N iterations and T seconds" and "Optimal objective V". The numbers are CBC's;
 * those CBC does not print (root iterations, a node's depth and integer infeasibilities) are written as 0. The
 * objective in the ResultFile and the log is the model's objective at the point written (c'x plus its constant),
 * so the two always agree.
 *
 * An interrupt (SIGINT) reaches CBC through the process group, as a terminal's Ctrl-C and Jessica's hard deadline
 * send it; CBC stops, writes its incumbent, and this stand-in reports "Solve interrupted" with it.
 *
 * Switches, by environment variable:
 *   GUROBI_STAND_IN_LICENCE  valid (default) | missing | expired | error: what `--license` says and whether a solve
 *                            runs. missing: "ERROR 10009: No Gurobi license found (user U, host H, hostid I, cores C)";
 *                            expired: "ERROR 10009: License expired 2024-12-31"; error: "ERROR 10009: HostID mismatch
 *                            (licensed to 1f2e3d4c, hostid is 9a8b7c6d)". A solve then prints its "Set parameter"
 *                            lines and the error, writes no ResultFile and exits 1.
 *   GUROBI_STAND_IN_WORSE    a relative amount d > 0. When CBC proves an optimum V, the stand-in solves again with
 *                            the objective held at least d·|V| worse (a row c'x >= V + d|V| for a minimization,
 *                            <= V − d|V| for a maximization; d itself when V = 0) and reports that point and its
 *                            objective as "Optimal solution found": a wrong optimum with a feasible point, for the
 *                            tests that two solvers' disagreement is caught. Exit 3 when no point is that much worse.
 *   GUROBI_STAND_IN_RECORD   a file to which every run appends one JSON line {argv, cwd, inputFiles}, inputFiles
 *                            holding the text of each InputFile, so tests can check what was passed after the
 *                            backend has removed its temporary directory.
 *   GUROBI_STAND_IN_CBC      the CBC executable (default: cbc on the PATH).
 *   GUROBI_STAND_IN_VERSION  the version the banner gives (default 12.0.1).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, hostname, tmpdir, userInfo } from 'node:os';
import path from 'node:path';

const VERSION = process.env.GUROBI_STAND_IN_VERSION || '12.0.1';
const BANNER = `Gurobi Optimizer version ${VERSION} build v${VERSION}rc0 (linux64 - "stand-in for gurobi_cl: solves with CBC")`;
const LICENCE = (process.env.GUROBI_STAND_IN_LICENCE || 'valid').toLowerCase();
const CBC = process.env.GUROBI_STAND_IN_CBC || 'cbc';
const WORSE_ROW = 'gurobi_stand_in_worse';

/** Gurobi's parameters this stand-in acts on, by the lower-case name gurobi_cl also accepts. */
const KNOWN = ['TimeLimit', 'MIPGap', 'MIPGapAbs', 'Threads', 'ResultFile', 'LogFile', 'InputFile'];
const STRING_PARAMS = new Set(['ResultFile', 'LogFile', 'InputFile']);

const argv = process.argv.slice(2);
record();

/*
 * An interrupt asks CBC to stop and write its incumbent, as gurobi_cl stops and reports its own. CBC usually gets
 * it already, through the process group; a second SIGINT does no more than the first (CBC only notes the event).
 * A SIGTERM ends both.
 */
let cbcChild;
let interrupted = false;
process.on('SIGINT', () => {
  interrupted = true;
  cbcChild?.kill('SIGINT');
});
process.on('SIGTERM', () => {
  cbcChild?.kill('SIGTERM');
  process.exit(143);
});

let logFile = 'gurobi.log';
const say = (line = '') => {
  process.stdout.write(`${line}\n`);
  if (logFile) appendFileSync(logFile, `${line}\n`);
};

if (argv.includes('--version') || argv.includes('-v')) {
  console.log(BANNER);
  console.log('stand-in for gurobi_cl: this program is not Gurobi; it solves with CBC');
} else if (argv.includes('--license')) {
  const error = licenceError();
  if (error) {
    console.log(error);
    process.exitCode = 1;
  } else {
    console.log(`Using license file ${process.env.GRB_LICENSE_FILE || '/opt/gurobi/gurobi.lic'}`);
  }
} else if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
  console.log('Usage: gurobi_cl [--version|--license|--help] [Param=value]* filename  (stand-in: solves with CBC)');
  if (argv.length === 0) process.exitCode = 1;
} else {
  process.exitCode = await solve().catch((e) => {
    say(`ERROR 10003: stand-in for gurobi_cl failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  });
}

/** Gurobi's words for the licence the switch says this machine has, or undefined for a valid one. */
function licenceError() {
  switch (LICENCE) {
    case 'missing':
      return `ERROR 10009: No Gurobi license found (user ${userInfo().username}, host ${hostname()}, hostid 8e3f21aa, cores ${availableParallelism()})`;
    case 'expired':
      return 'ERROR 10009: License expired 2024-12-31';
    case 'error':
      return 'ERROR 10009: HostID mismatch (licensed to 1f2e3d4c, hostid is 9a8b7c6d)';
    default:
      return undefined;
  }
}

function record() {
  const file = process.env.GUROBI_STAND_IN_RECORD;
  if (!file) return;
  const inputFiles = {};
  for (const a of argv) {
    const m = /^inputfile=(.*)$/i.exec(a);
    if (m && existsSync(m[1])) inputFiles[m[1]] = readFileSync(m[1], 'utf8');
  }
  appendFileSync(file, `${JSON.stringify({ argv, cwd: process.cwd(), inputFiles })}\n`);
}

async function solve() {
  const params = new Map();
  const inputFiles = [];
  let modelFile;
  for (const a of argv) {
    const eq = a.indexOf('=');
    if (eq > 0 && !a.startsWith('-')) {
      const given = a.slice(0, eq);
      const name = KNOWN.find((k) => k.toLowerCase() === given.toLowerCase()) ?? given;
      const value = a.slice(eq + 1);
      if (name === 'InputFile') inputFiles.push(value);
      else params.set(name, value);
    } else if (!a.startsWith('-')) modelFile = a;
  }
  if (params.has('LogFile')) logFile = params.get('LogFile');
  for (const [name, value] of params) say(`Set parameter ${name} to value ${STRING_PARAMS.has(name) ? `"${value}"` : value}`);

  const licence = licenceError();
  if (licence) {
    say(licence);
    return 1;
  }
  const number = (name, fallback, check) => {
    if (!params.has(name)) return fallback;
    const v = Number(params.get(name));
    if (!Number.isFinite(v) || !check(v)) throw new Error(`ERROR 10008: Unable to set parameter ${name} to value ${params.get(name)}`);
    return v;
  };
  let timeLimit, mipGap, mipGapAbs, threads;
  try {
    timeLimit = number('TimeLimit', undefined, (v) => v >= 0);
    mipGap = number('MIPGap', 1e-4, (v) => v >= 0);
    mipGapAbs = number('MIPGapAbs', 1e-10, (v) => v >= 0);
    threads = number('Threads', 0, (v) => Number.isInteger(v) && v >= 0);
  } catch (e) {
    say(e.message);
    return 1;
  }

  say();
  say(BANNER);
  say();
  if (!modelFile || !existsSync(modelFile)) {
    say(`ERROR 10012: Unable to open file '${modelFile ?? ''}' for input`);
    return 1;
  }
  let model;
  try {
    model = readMps(readFileSync(modelFile, 'utf8'));
  } catch (e) {
    say(`ERROR 10012: Unable to read file '${modelFile}': ${e.message}`);
    return 1;
  }
  say(`Read MPS format model from file ${modelFile}`);
  say('Reading time = 0.00 seconds');
  say(`${model.name}: ${model.rows} rows, ${model.columns.length} columns, ${model.nonzeros} nonzeros`);
  if (model.quadratic) {
    say(`ERROR 10020: stand-in for gurobi_cl: model ${model.name} has a quadratic objective, which CBC cannot solve`);
    return 1;
  }
  const cores = availableParallelism();
  say(`Thread count: ${cores} physical cores, ${cores} logical processors, using up to ${threads || cores} threads`);
  say();
  say(`Optimize a model with ${model.rows} rows, ${model.columns.length} columns and ${model.nonzeros} nonzeros`);
  const mip = model.integers > 0;
  if (mip) say(`Variable types: ${model.columns.length - model.integers} continuous, ${model.integers} integer (${model.binaries} binary)`);

  let mipStartObjective;
  const work = mkdtempSync(path.join(tmpdir(), 'gurobi-stand-in-'));
  try {
    const cbcArgs = [path.resolve(modelFile), 'timeMode', 'elapsed'];
    if (model.sense === 'max') cbcArgs.push('max');
    if (timeLimit !== undefined) cbcArgs.push('sec', plainDecimal(Math.max(timeLimit, 0.001)));
    cbcArgs.push('ratio', plainDecimal(mipGap), 'allowableGap', plainDecimal(mipGapAbs), 'increment', plainDecimal(mipGapAbs));
    if (threads > 0) cbcArgs.push('threads', String(threads));
    for (const file of inputFiles) {
      if (!/\.mst$/i.test(file)) {
        say(`ERROR 10012: stand-in for gurobi_cl reads MIP starts (.mst) only, not '${file}'`);
        return 1;
      }
      if (!existsSync(file)) {
        say(`ERROR 10012: Unable to open file '${file}' for input`);
        return 1;
      }
      say(`Read MIP start from file ${file}`);
      if (!mip) continue;
      const starts = mipStartForCbc(readFileSync(file, 'utf8'), model);
      mipStartObjective = starts.objective;
      if (starts.unknown > 0) say(`Warning: ${starts.unknown} variables in MIP start file are not in the model`);
      const startFile = path.join(work, 'start.txt');
      writeFileSync(startFile, starts.text);
      cbcArgs.push('mips', startFile);
    }

    let run = await runCbc(cbcArgs, work);
    if (run.startError) {
      say(`ERROR 10003: stand-in for gurobi_cl could not start CBC (${CBC}): ${run.startError}`);
      return 1;
    }
    let outcome = readOutcome(run, model, mip);
    if (!outcome) {
      say(`ERROR 10003: stand-in for gurobi_cl: CBC wrote no solution (exit ${run.code}): ${run.lines.slice(-3).join(' / ')}`);
      return 1;
    }

    const worse = Number(process.env.GUROBI_STAND_IN_WORSE || 0);
    if (worse > 0 && outcome.status === 'optimal') {
      const v = outcome.objective;
      const step = v === 0 ? worse : worse * Math.abs(v);
      const target = model.sense === 'max' ? v - step : v + step;
      const worseFile = path.join(work, 'worse.mps');
      writeFileSync(worseFile, withObjectiveHeld(readFileSync(modelFile, 'utf8'), model, target));
      // the same settings without the MIP start, which the held row may cut off
      const settings = cbcArgs.slice(1).filter((arg, i, all) => arg !== 'mips' && all[i - 1] !== 'mips');
      const again = await runCbc([worseFile, ...settings], work);
      const held = again.startError ? undefined : readOutcome(again, model, mip);
      if (!held || held.status !== 'optimal') {
        say(`stand-in for gurobi_cl: GUROBI_STAND_IN_WORSE=${worse}: no feasible point has an objective ${step} worse than the optimum ${v}`);
        return 3;
      }
      // the held solve's log is the one written, with its point claimed as the optimum
      run = again;
      outcome = { ...held, bound: held.objective };
    }

    writeLog(run, outcome, model, mip, { mipGap, threads, cores, mipStartObjective });
    const resultFile = params.get('ResultFile');
    if (resultFile && outcome.x) {
      const lines = [`# Solution for model ${model.name}`, `# Objective value = ${outcome.objective}`];
      model.columns.forEach((name, j) => lines.push(`${name} ${outcome.x[j]}`));
      writeFileSync(resultFile, `${lines.join('\n')}\n`);
    }
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The parts of an MPS model the stand-in needs: its size for the log, the objective (coefficients and constant)
 * to compute the objective at a point, the column order for CBC's MIP start, which columns are integer.
 */
function readMps(text) {
  const m = { name: 'model', sense: 'min', objRow: undefined, rowTypes: new Map(), rows: 0, columns: [], cost: new Map(), offset: 0 };
  m.nonzeros = 0;
  m.integers = 0;
  m.binaries = 0;
  m.quadratic = false;
  const integer = new Set();
  const bounds = new Map();
  let section = '';
  let inInteger = false;
  let senseNext = false;
  for (const raw of text.split(/\r?\n/)) {
    if (raw.startsWith('*') || raw.trim() === '') continue;
    const f = raw.trim().split(/\s+/);
    if (!/^\s/.test(raw)) {
      section = f[0].toUpperCase();
      if (section === 'NAME' && f[1]) m.name = f[1];
      if (section === 'OBJSENSE') {
        if (f[1]) m.sense = /^MAX/i.test(f[1]) ? 'max' : 'min';
        else senseNext = true;
      }
      if (section === 'QUADOBJ' || section === 'QMATRIX' || section === 'QSECTION') m.quadratic = true;
      continue;
    }
    if (senseNext) {
      m.sense = /^MAX/i.test(f[0]) ? 'max' : 'min';
      senseNext = false;
      continue;
    }
    if (section === 'ROWS') {
      const type = f[0].toUpperCase();
      m.rowTypes.set(f[1], type);
      if (type === 'N') m.objRow ??= f[1];
      else m.rows++;
    } else if (section === 'COLUMNS') {
      if (f[1] === "'MARKER'" || f[0] === "'MARKER'" || f[0] === 'MARKER') {
        inInteger = /INTORG/.test(raw);
        continue;
      }
      const col = f[0];
      if (m.columns[m.columns.length - 1] !== col) {
        m.columns.push(col);
        if (inInteger) integer.add(col);
      }
      for (let k = 1; k + 1 < f.length; k += 2) {
        if (f[k] === m.objRow) m.cost.set(col, (m.cost.get(col) ?? 0) + Number(f[k + 1]));
        else if (m.rowTypes.get(f[k]) !== 'N') m.nonzeros++;
      }
    } else if (section === 'RHS') {
      // "set row value [row value]"; the objective row's right-hand side is the negated objective constant
      for (let k = f.length % 2 === 1 ? 1 : 0; k + 1 < f.length; k += 2) if (f[k] === m.objRow) m.offset = -Number(f[k + 1]);
    } else if (section === 'BOUNDS') {
      const type = f[0].toUpperCase();
      const col = f[2];
      const b = bounds.get(col) ?? { lo: 0, up: Infinity };
      const v = Number(f[3]);
      if (type === 'BV') {
        integer.add(col);
        Object.assign(b, { lo: 0, up: 1 });
      } else if (type === 'UP' || type === 'UI') b.up = v;
      else if (type === 'LO' || type === 'LI') b.lo = v;
      else if (type === 'FX') Object.assign(b, { lo: v, up: v });
      else if (type === 'MI') b.lo = -Infinity;
      if (type === 'UI' || type === 'LI') integer.add(col);
      bounds.set(col, b);
    }
  }
  m.integer = integer;
  m.integers = integer.size;
  for (const col of integer) {
    const b = bounds.get(col);
    if (b && b.lo === 0 && b.up === 1) m.binaries++;
  }
  m.index = new Map(m.columns.map((c, j) => [c, j]));
  return m;
}

/** A Gurobi MST file ("name value") as CBC's `mips` file ("index name value", plain decimals). */
function mipStartForCbc(text, model) {
  const lines = ['MIP start from the stand-in for gurobi_cl'];
  let unknown = 0;
  let objective = model.offset;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [name, value] = line.split(/\s+/);
    const j = model.index.get(name);
    if (j === undefined) {
      unknown++;
      continue;
    }
    lines.push(`${j} ${name} ${plainDecimal(Number(value))}`);
    objective += (model.cost.get(name) ?? 0) * Number(value);
  }
  return { text: `${lines.join('\n')}\n`, unknown, objective };
}

/** A number without an exponent, digit for digit (CBC's MIP start reader takes plain decimals only). */
function plainDecimal(v) {
  const s = String(v);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, lead, rest = '', exp] = m;
  const digits = lead + rest;
  const point = 1 + Number(exp);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  return `${sign}${digits.padEnd(point, '0').slice(0, point)}${point < digits.length ? `.${digits.slice(point)}` : ''}`;
}

/**
 * The model with one more row that holds the objective at `target` or worse: c'x + constant >= target for a
 * minimization (<= for a maximization), so that minimizing again lands on a feasible point exactly that much worse
 * (an LP) or the best point at least that much worse (a MILP). The row goes in after ROWS, its coefficients after
 * each column's own entries, its right-hand side first in RHS.
 */
function withObjectiveHeld(text, model, target) {
  const lines = text.split(/\r?\n/);
  const isHeader = (raw) => raw !== '' && !/^\s/.test(raw) && !raw.startsWith('*');
  // the right-hand side set the file uses, so the new entry is not read as a second set
  const rhsAt = lines.findIndex((l) => isHeader(l) && l.trim().toUpperCase() === 'RHS');
  const firstRhs = rhsAt < 0 ? undefined : lines.slice(rhsAt + 1).find((l) => !isHeader(l) && l.trim() !== '');
  const rhsFields = firstRhs?.trim().split(/\s+/) ?? [];
  const rhsSet = rhsFields.length % 2 === 1 ? rhsFields[0] : 'RHS';
  const rhsLine = `    ${rhsSet} ${WORSE_ROW} ${target - model.offset}`;

  const out = [];
  let section = '';
  let column;
  let columnsDone = false;
  let rhsWritten = false;
  const endColumn = () => {
    const c = column === undefined ? 0 : (model.cost.get(column) ?? 0);
    if (c !== 0) out.push(`    ${column} ${WORSE_ROW} ${c}`);
    column = undefined;
  };
  for (const raw of lines) {
    if (isHeader(raw)) {
      const next = raw.trim().split(/\s+/)[0].toUpperCase();
      if (section === 'COLUMNS') {
        endColumn();
        columnsDone = true;
      }
      if (columnsDone && !rhsWritten && next !== 'RHS') {
        out.push('RHS', rhsLine);
        rhsWritten = true;
      }
      out.push(raw);
      if (next === 'ROWS') out.push(` ${model.sense === 'max' ? 'L' : 'G'}  ${WORSE_ROW}`);
      if (next === 'RHS') {
        out.push(rhsLine);
        rhsWritten = true;
      }
      section = next;
      continue;
    }
    if (section === 'COLUMNS' && raw.trim() !== '' && !raw.startsWith('*')) {
      const f = raw.trim().split(/\s+/);
      const marker = f[1] === "'MARKER'" || f[0] === 'MARKER' || f[0] === "'MARKER'";
      if (marker || f[0] !== column) endColumn();
      if (!marker) column = f[0];
    }
    out.push(raw);
  }
  return out.join('\n');
}

/** Runs CBC and keeps its output lines; never rejects. */
function runCbc(args, work) {
  const solution = path.join(work, `cbc-${Math.random().toString(36).slice(2)}.sol`);
  return new Promise((resolve) => {
    const lines = [];
    let pending = '';
    const child = spawn(CBC, [...args, 'solve', 'solu', solution], { stdio: ['ignore', 'pipe', 'pipe'] });
    cbcChild = child;
    const take = (chunk) => {
      pending += chunk;
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        lines.push(pending.slice(0, nl).replace(/\r$/, ''));
        pending = pending.slice(nl + 1);
      }
    };
    child.stdout.setEncoding('utf8').on('data', take);
    child.stderr.setEncoding('utf8').on('data', take);
    child.on('error', (e) => resolve({ startError: e.message, lines }));
    child.on('close', (code) => {
      cbcChild = undefined;
      if (pending) lines.push(pending);
      resolve({ code, lines, solution: existsSync(solution) ? readFileSync(solution, 'utf8') : undefined });
    });
  });
}

/**
 * CBC's ending as Gurobi's: status, the point with every column (CBC lists nonzeros only), its objective computed
 * from the model, and the best bound in the model's sense.
 */
function readOutcome(run, model, mip) {
  if (run.solution === undefined) return undefined;
  const [head, ...rest] = run.solution.split(/\r?\n/);
  const words = /^(.*?)\s+-\s+objective value/.exec(head.trim())?.[1] ?? head.trim();
  const noInteger = words.includes('no integer solution');
  const values = new Map();
  for (const line of rest) {
    const f = line.replace(/^\*\*/, '').trim().split(/\s+/);
    if (f.length >= 3 && /^\d+$/.test(f[0])) values.set(f[1], Number(f[2]));
  }
  const x = model.columns.map((c) => values.get(c) ?? 0);
  const objective = model.offset + model.columns.reduce((s, c, j) => s + (model.cost.get(c) ?? 0) * x[j], 0);
  const stats = cbcStats(run.lines, model);

  let status;
  if (words.startsWith('Optimal')) status = 'optimal';
  else if (/^Stopped on time/.test(words)) status = 'time-limit';
  else if (/^Stopped on ctrl-c/.test(words)) status = 'interrupted';
  else if (/infeasible/i.test(words)) status = 'infeasible';
  else if (/^Unbounded/.test(words)) status = mip ? 'infeasible-or-unbounded' : 'unbounded';
  else if (/^Stopped/.test(words)) status = 'interrupted';
  else status = 'error';

  const hasPoint = status === 'optimal' || ((status === 'time-limit' || status === 'interrupted') && mip && !noInteger);
  const outcome = { status, words, stats, objective: hasPoint ? objective : undefined, x: hasPoint ? x : undefined };
  if (status === 'optimal') {
    // a proven optimum's bound: the objective, less the gap CBC stopped within
    outcome.bound = stats.exitGap === undefined ? objective : model.sense === 'max' ? objective + stats.exitGap : objective - stats.exitGap;
  } else if (stats.bound !== undefined) outcome.bound = stats.bound;
  return outcome;
}

/** What CBC's log tells about the search, in the model's sense (CBC's Cbc00xx numbers are minimization's). */
function cbcStats(lines, model) {
  const sense = (v) => (model.sense === 'max' ? -v : v);
  const NUM = '([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)';
  const s = { rows: [], solutions: [], nodes: 0, iterations: 0 };
  let bound;
  let onTree = 0;
  let m;
  for (const raw of lines) {
    const line = raw.trim();
    if ((m = new RegExp(`^Continuous objective value is ${NUM} - ${NUM} seconds`).exec(line))) {
      s.root = { objective: Number(m[1]), seconds: Number(m[2]) };
      bound = Number(m[1]);
    } else if ((m = /^Cgl0004I processed model has (\d+) rows, (\d+) columns .* and (\d+) elements/.exec(line))) {
      s.presolved = { rows: Number(m[1]), columns: Number(m[2]), nonzeros: Number(m[3]) };
    } else if ((m = new RegExp(`^Cbc0045I MIPStart provided solution with cost ${NUM}`).exec(line))) {
      s.mipStart = Number(m[1]);
    } else if (/mipstart values could not be used|MIPStart.*(?:infeasible|not feasible|could not)/i.test(line)) {
      s.mipStartRejected = line;
    } else if ((m = new RegExp(`^Cbc0013I At root node, .* to ${NUM}`).exec(line))) {
      bound = sense(Number(m[1]));
    } else if ((m = new RegExp(`^Cbc00(?:12|04)I Integer solution of ${NUM} found .*after (\\d+) iterations and (\\d+) nodes \\(${NUM} seconds\\)`).exec(line))) {
      const v = sense(Number(m[1]));
      // CBC with threads reports a solution once from its heuristic and again from the thread that found it
      const last = s.solutions[s.solutions.length - 1];
      if (last !== undefined && !(model.sense === 'max' ? v > last : v < last)) continue;
      s.solutions.push(v);
      s.rows.push({ kind: 'H', nodes: Number(m[3]), onTree, incumbent: v, bound, seconds: Number(m[4]) });
    } else if ((m = new RegExp(`^Cbc0010I After (\\d+) nodes, (\\d+) on tree, (.*) best solution, best possible ${NUM} \\(${NUM} seconds\\)`).exec(line))) {
      onTree = Number(m[2]);
      bound = sense(Number(m[4]));
      const incumbent = Math.abs(Number(m[3])) < 1e49 ? sense(Number(m[3])) : undefined;
      s.rows.push({ kind: ' ', nodes: Number(m[1]), onTree, incumbent, bound, seconds: Number(m[5]) });
    } else if ((m = new RegExp(`^Cbc0005I Partial search - best objective ${NUM} \\(best possible ${NUM}\\)`).exec(line))) {
      bound = sense(Number(m[2]));
    } else if ((m = new RegExp(`^Cbc0011I Exiting as integer gap of ${NUM} less than`).exec(line))) {
      s.exitGap = Number(m[1]);
    } else if ((m = /^Enumerated nodes:\s*(\d+)/.exec(line))) s.nodes = Number(m[1]);
    else if ((m = /^Total iterations:\s*(\d+)/.exec(line))) s.iterations = Number(m[1]);
    else if ((m = new RegExp(`^Time \\(Wallclock seconds\\):\\s*${NUM}`).exec(line))) s.seconds = Number(m[1]);
    else if ((m = new RegExp(`^Total time \\(CPU seconds\\):.*\\(Wallclock seconds\\):\\s*${NUM}`).exec(line))) s.seconds ??= Number(m[1]);
    else if ((m = new RegExp(`^Presolve (\\d+) \\([-+]?\\d+\\) rows, (\\d+) \\([-+]?\\d+\\) columns and (\\d+)`).exec(line))) {
      s.presolved = { rows: Number(m[1]), columns: Number(m[2]), nonzeros: Number(m[3]) };
    } else if ((m = new RegExp(`^(\\d+)\\s+Obj\\s+${NUM}(?:\\s+Primal inf\\s+${NUM}\\s+\\(\\d+\\))?(?:\\s+Dual inf\\s+${NUM}\\s+\\(\\d+\\))?`).exec(line))) {
      (s.simplex ??= []).push({ iteration: Number(m[1]), objective: Number(m[2]), primal: Number(m[3] ?? 0), dual: Number(m[4] ?? 0) });
    } else if ((m = new RegExp(`^\\S.* - (\\d+) iterations time ${NUM}(?:, Presolve ${NUM})?`).exec(line))) {
      s.lp = { iterations: Number(m[1]), seconds: Number(m[2]), presolveSeconds: m[3] === undefined ? undefined : Number(m[3]) };
    }
  }
  if (bound !== undefined && Math.abs(bound) < 1e49) s.bound = bound;
  return s;
}

/** gurobi_cl's log of the run, from CBC's. */
function writeLog(run, outcome, model, mip, { mipGap, threads, cores, mipStartObjective }) {
  const s = outcome.stats;
  const e = (v) => exponential(v, 12);
  const gapText = (obj, bound) => {
    if (obj === undefined || bound === undefined) return '-';
    if (obj === bound) return '0.0000%';
    const gap = Math.abs(obj - bound) / Math.abs(obj);
    return Number.isFinite(gap) ? `${(gap * 100).toFixed(4)}%` : '-';
  };
  if (mip) {
    // CBC's own figure for the start (Cbc0045I) is not the model's objective (for a start of objective 0.010925 on
    // 6 names of indtrack2 it printed 0.0104363, below the proven optimum), so the start's objective is computed
    if (s.mipStart !== undefined) say(`Loaded user MIP start with objective ${short(mipStartObjective ?? s.mipStart)}`);
    else if (s.mipStartRejected) say(`User MIP start did not produce a new incumbent solution (${s.mipStartRejected})`);
    say();
    if (s.presolved) say(`Presolved: ${s.presolved.rows} rows, ${s.presolved.columns} columns, ${s.presolved.nonzeros} nonzeros`);
    if (s.root) {
      say();
      say(`Root relaxation: objective ${exponential(s.root.objective, 6)}, 0 iterations, ${s.root.seconds.toFixed(2)} seconds`);
    }
    say();
    say('    Nodes    |    Current Node    |     Objective Bounds      |     Work');
    say(' Expl Unexpl |  Obj  Depth IntInf | Incumbent    BestBd   Gap | It/Node Time');
    say();
    for (const r of s.rows) {
      const gap = r.incumbent === undefined || r.bound === undefined ? '-' : `${((Math.abs(r.incumbent - r.bound) / Math.max(Math.abs(r.incumbent), 1e-10)) * 100).toFixed(2)}%`;
      const time = `${Math.floor(r.seconds)}s`;
      const incumbent = r.incumbent === undefined ? '-' : short(r.incumbent);
      const bound = r.bound === undefined ? '-' : short(r.bound);
      if (r.kind === 'H') say(`H${pad(r.nodes, 5)} ${pad(r.onTree, 5)}${' '.repeat(23)}${pad(incumbent, 10)} ${pad(bound, 10)} ${pad(gap, 6)} ${pad('-', 5)} ${pad(time, 4)}`);
      else say(` ${pad(r.nodes, 5)} ${pad(r.onTree, 5)} ${pad(bound, 10)} ${pad(0, 4)} ${pad(0, 4)} ${pad(incumbent, 10)} ${pad(bound, 10)} ${pad(gap, 6)} ${pad(r.nodes > 0 ? (s.iterations / Math.max(s.nodes, 1)).toFixed(1) : '-', 5)} ${pad(time, 4)}`);
    }
    say();
    say(`Explored ${s.nodes} nodes (${s.iterations} simplex iterations) in ${(s.seconds ?? 0).toFixed(2)} seconds`);
    say(`Thread count was ${threads || cores} (of ${cores} available processors)`);
    say();
    // the solutions found, best first: CBC's incumbents, the reported point first
    const found = outcome.x ? [outcome.objective, ...s.solutions.filter((v) => Math.abs(v - outcome.objective) > 1e-9 * Math.max(1, Math.abs(v))).reverse()] : [];
    say(`Solution count ${found.length}: ${found.slice(0, 10).map(short).join(' ')}`);
    say();
    if (interrupted) say('Interrupt request received');
    say(terminationWords(outcome.status, mip, mipGap));
    const best = outcome.objective === undefined ? '-' : e(outcome.objective);
    const bound = outcome.bound === undefined ? '-' : e(outcome.bound);
    say(`Best objective ${best}, best bound ${bound}, gap ${gapText(outcome.objective, outcome.bound)}`);
    return;
  }
  if (s.lp?.presolveSeconds !== undefined) say(`Presolve time: ${s.lp.presolveSeconds.toFixed(2)}s`);
  if (s.presolved) say(`Presolved: ${s.presolved.rows} rows, ${s.presolved.columns} columns, ${s.presolved.nonzeros} nonzeros`);
  say();
  say('Iteration    Objective       Primal Inf.    Dual Inf.      Time');
  for (const it of s.simplex ?? []) {
    say(`${pad(it.iteration, 9)}   ${exponential(it.objective, 7)}   ${exponential(it.primal, 6)}   ${exponential(it.dual, 6)}      0s`);
  }
  say();
  const iterations = s.lp?.iterations ?? 0;
  const seconds = (s.lp?.seconds ?? s.seconds ?? 0).toFixed(2);
  const stopped = outcome.status === 'time-limit' || outcome.status === 'interrupted';
  say(`${stopped ? 'Stopped' : 'Solved'} in ${iterations} iterations and ${seconds} seconds`);
  say(outcome.status === 'optimal' ? `Optimal objective  ${exponential(outcome.objective, 9)}` : terminationWords(outcome.status, mip, mipGap));
}

function terminationWords(status, mip, mipGap) {
  switch (status) {
    case 'optimal':
      return `Optimal solution found (tolerance ${exponential(mipGap, 2)})`;
    case 'time-limit':
      return 'Time limit reached';
    case 'interrupted':
      return 'Solve interrupted';
    case 'infeasible':
      return mip ? 'Model is infeasible' : 'Infeasible model';
    case 'unbounded':
      return 'Unbounded model';
    case 'infeasible-or-unbounded':
      return 'Model is infeasible or unbounded';
    default:
      return 'Model solve failed';
  }
}

/** C's %.Ne, as Gurobi prints: two exponent digits at least (4.000000e+00, 1.00e-04). */
function exponential(v, digits) {
  return v.toExponential(digits).replace(/e([+-])(\d)$/, (_, sign, d) => `e${sign}0${d}`);
}

/** A number as Gurobi's table prints it: a few significant digits, at most 10 characters. */
function short(v) {
  const t = String(Number(v.toPrecision(6)));
  return t.length <= 10 ? t : exponential(v, 4);
}

function pad(v, width) {
  return String(v).padStart(width);
}
