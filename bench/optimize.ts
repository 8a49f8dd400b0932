/**
 * bench/optimize: the optimize job on real data, stage by stage.
 *
 *   npm run bench:optimize -- [--runs 3] [--time-limit 10] [--cases lp,k50,k100,orlib6]
 *
 * Imports the real S&P 500 from ../shared/data (and OR-Library indtrack6 as a weekly universe) into a scratch
 * data directory, then runs each case in its own process `runs` times and prints the median of every stage,
 * the objective (MAD), the gap, tracking error and peak memory; beside it native HiGHS (scipy.optimize.milp)
 * on the very same model when python3 has scipy.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, markdownTable as table } from './benchTable.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared/data');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    'time-limit': { type: 'string', default: '10' },
    cases: { type: 'string', default: 'lp,k50,k100,orlib6' },
  },
});
const runs = Number(values.runs);
const timeLimit = Number(values['time-limit']);
const wanted = new Set(values.cases!.split(','));

interface Case {
  id: string;
  data: string;
  args: Record<string, unknown>;
  /** a reference objective from the issue, to print beside ours */
  reference?: string;
}

const cases: Case[] = [
  { id: 'lp', data: 'S&P 500, 252 d', args: { universe: 'sp500', useCase: 'index-tracking', lookback: 252, timeLimit: 120 } },
  {
    id: 'k50',
    data: 'S&P 500, 252 d',
    args: { universe: 'sp500', useCase: 'index-tracking', lookback: 252, maxNames: 50, minWeight: 0.005, timeLimit },
  },
  {
    id: 'k100',
    data: 'S&P 500, 252 d',
    args: { universe: 'sp500', useCase: 'index-tracking', lookback: 252, maxNames: 100, minWeight: 0.005, timeLimit },
  },
  {
    id: 'orlib6',
    data: 'OR-Lib indtrack6 (457), 290 w',
    args: { universe: 'indtrack6', useCase: 'index-tracking', lookback: 290, benchmark: 'index', maxNames: 40, minWeight: 0.005, timeLimit },
    reference: 'crude LP-pruning 0.00262 in 2.2 s; native HiGHS 0.00336 after 60 s',
  },
].filter((c) => wanted.has(c.id));

const home = mkdtempSync(path.join(os.tmpdir(), 'jessica-bench-'));
const scratch = path.join(home, 'scratch');
mkdirSync(scratch);
const jessica = (...args: string[]) =>
  execFileSync(process.execPath, [path.join(root, 'bin/jessica.mjs'), ...args], { env: { ...process.env, JESSICA_HOME: home }, encoding: 'utf8' });


/** OR-Library's `N T / index / prices` numbers as weekly CSV files the importer reads. */
function orLibraryCsv(file: string, dir: string): { prices: string; index: string } {
  const nums = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
  const [N, T] = [nums[0]!, nums[1]!];
  const dates = Array.from({ length: T + 1 }, (_, t) => new Date(Date.UTC(2000, 0, 7) + t * 7 * 86_400_000).toISOString().slice(0, 10));
  const index = ['date,close', ...dates.map((d, t) => `${d},${nums[2 + t]}`)].join('\n');
  const prices = ['date,ticker,close'];
  for (let t = 0; t <= T; t++) {
    for (let i = 0; i < N; i++) prices.push(`${dates[t]},S${String(i + 1).padStart(4, '0')},${nums[2 + (T + 1) * (i + 1) + t]}`);
  }
  const out = { prices: path.join(dir, 'prices.csv'), index: path.join(dir, 'index.csv') };
  writeFileSync(out.prices, prices.join('\n'));
  writeFileSync(out.index, index);
  return out;
}

/** what bench/optimizeCase.ts prints for one run */
interface CaseResult {
  [stage: string]: unknown;
  objective: number;
  heuristicObjective: number | null;
  gap: number | null;
  modelClass: string;
  size: { columns: number; rows: number };
  pass: number;
  solve: number;
}

const rows: string[][] = [];
const nativeRows: string[][] = [];
/** the first python3 that has scipy: the one on PATH, else Debian's */
const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import scipy.optimize'], { stdio: 'ignore' }).status === 0);
const hasScipy = python !== undefined;
try {
  const t0 = performance.now();
  jessica('data', 'import', '--universe', 'sp500', '--prices', `${shared}/sp500/prices.csv.gz`, '--constituents', `${shared}/sp500/constituents.csv`, '--index', `${shared}/sp500/index.csv`);
  const importSeconds = (performance.now() - t0) / 1000;
  if (cases.some((c) => c.id === 'orlib6')) {
    const f = orLibraryCsv(`${shared}/orlib/indtrack6.txt`, scratch);
    jessica('data', 'import', '--universe', 'indtrack6', '--prices', f.prices, '--index', f.index);
  }
  process.stdout.write(`imported the S&P 500 (1,136,986 rows) in ${importSeconds.toFixed(1)} s\n\n`);

  for (const c of cases) {
    const results: CaseResult[] = [];
    const modelFile = path.join(scratch, `${c.id}.json`);
    for (let r = 0; r < runs; r++) {
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(root, 'bench/optimizeCase.ts'), home, JSON.stringify(c.args), ...(r === 0 && hasScipy ? [modelFile] : [])],
        { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 },
      );
      if (child.status !== 0) throw new Error(`case ${c.id} failed: ${child.stderr}`);
      results.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!));
    }
    const m = (k: string) => median(results.map((x) => Number(x[k])));
    const last = results.at(-1)!;
    rows.push([
      c.id,
      c.data,
      `${last.modelClass} ${last.size.columns}x${last.size.rows}`,
      String(runs),
      m('load').toFixed(0),
      m('returns').toFixed(0),
      m('assemble').toFixed(0),
      m('pass').toFixed(0),
      m('coldSolve').toFixed(0),
      m('solve').toFixed(0),
      m('total').toFixed(0),
      m('objective').toExponential(4),
      last.heuristicObjective == null ? '' : median(results.map((x) => Number(x.heuristicObjective))).toExponential(4),
      last.gap == null || last.modelClass === 'LP' ? '' : `${(m('gap') * 100).toFixed(1)}%`,
      `${(m('trackingError') * 100).toFixed(2)}%`,
      String(m('names')),
      m('peakRssMb').toFixed(0),
    ]);
    if (hasScipy && existsSync(modelFile)) {
      const limit = String(c.args.timeLimit ?? 60);
      const native: { seconds: number; objective: number | null }[] = [];
      for (let r = 0; r < runs; r++) {
        const out = execFileSync(python!, [path.join(root, 'bench/nativeHighs.py'), modelFile, limit], { encoding: 'utf8' });
        native.push(JSON.parse(out.trim()));
      }
      const ours = median(results.map((x) => x.pass + x.solve));
      const oursCold = median(results.map((x) => Number(x.coldPass) + Number(x.coldSolve)));
      const theirs = median(native.map((x) => x.seconds * 1000));
      nativeRows.push([
        c.id,
        oursCold.toFixed(0),
        ours.toFixed(0),
        theirs.toFixed(0),
        (ours / theirs).toFixed(2),
        m('objective').toExponential(4),
        median(native.map((x) => x.objective ?? Number.NaN)).toExponential(4),
        c.reference ?? '',
      ]);
    }
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}

process.stdout.write(
  `command: npm run bench:optimize -- --runs ${runs} --time-limit ${timeLimit}; times are medians in ms over ${runs} processes; ` +
    `each process runs the job twice: solve cold (first solve: pool start, wasm code compiled on first use) and warm (the same job again); ` +
    `every other column is the warm run; pass = handing the model to HiGHS; peak = process max RSS\n\n` +
    table(
      ['case', 'data', 'model', 'runs', 'load', 'returns', 'assemble', 'pass', 'solve cold', 'solve warm', 'total', 'MAD', 'heuristic MAD', 'gap', 'TE', 'names', 'peak MB'],
      rows,
    ) +
    '\n\n',
);
if (nativeRows.length > 0) {
  process.stdout.write(
    `native HiGHS = scipy.optimize.milp (scipy ${execFileSync(python!, ['-c', 'import scipy; print(scipy.__version__)'], { encoding: 'utf8' }).trim()}) on the same model, solve call only\n\n` +
      table(['case', 'ours cold ms', 'ours warm ms', 'native ms', 'warm ratio', 'our MAD', 'native MAD', 'reference'], nativeRows) +
      '\n',
  );
} else {
  process.stdout.write('native HiGHS comparison skipped: python3 has no scipy (Debian: apt-get install python3-scipy)\n');
}
