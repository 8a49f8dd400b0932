/**
 * bench/solvers: HiGHS (WebAssembly) against CBC on the real S&P 500 (issue 16), each from Jessica's heuristic
 * start and from nothing, and the race of both.
 *
 *   npm run bench:solvers -- [--quick] [--models lp,k50,k100,ws100k,ws250k]
 *
 * Imports ../shared/data/sp500 once into a scratch data directory. Per model, one `solvers/compare` (the model
 * assembled once, the heuristic start found once, every solver × start solved under the same time limit and gap)
 * and one `portfolio/optimize` with `solver: 'race'`, each in its own process (bench/dataCase.ts) so that its peak
 * memory is its own. The gap at 10 s is read from the solver's own log (the compare entry's progress), so one
 * 60-s solve gives both the 10-s and the 60-s figure. --quick: a 10-s limit, to check the script.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ImportSummary, OptimizeResult } from '../api/domain.ts';
import type { CompareEntry, CompareResult, SolverAvailability } from '../api/solvers.ts';
import { markdownTable as table } from './benchTable.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared/data/sp500');

interface Model {
  id: string;
  /** what the model is, in the table */
  words: string;
  args: Record<string, unknown>;
}

/**
 * In-sample MAD tracking with more names than days has an optimum of (near) zero (SOLVER-FACTS.md), so the LP
 * looks back 756 days (about three years) on ~500 names; the MILPs keep the default year, as bench:optimize does.
 */
const MODELS: readonly Model[] = [
  { id: 'lp', words: 'index-tracking LP, all names', args: { lookback: 756 } },
  { id: 'k50', words: 'max names 50, min weight 0.5 %', args: { lookback: 252, maxNames: 50, minWeight: 0.005 } },
  { id: 'k100', words: 'max names 100, min weight 0.5 %', args: { lookback: 252, maxNames: 100, minWeight: 0.005 } },
  { id: 'ws100k', words: 'whole shares, $100k account', args: { lookback: 252, accountValue: 100_000 } },
  { id: 'ws250k', words: 'whole shares, $250k account', args: { lookback: 252, accountValue: 250_000 } },
];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    models: { type: 'string', default: MODELS.map((m) => m.id).join(',') },
  },
});
const quick = values.quick!;
const timeLimit = quick ? 10 : 60;
/** the earlier moment the table reads each solve's gap at; with --quick it is the time limit itself */
const EARLY_SEC = 10;
/** HiGHS's and Gurobi's default relative gap, given to every solver so "optimal" means the same for all */
const MIP_GAP = 1e-4;
const wanted = values.models!.split(',').map((s) => s.trim()).filter((s) => s !== '');
const unknown = wanted.filter((id) => !MODELS.some((m) => m.id === id));
if (unknown.length > 0 || wanted.length === 0) {
  throw new Error(`--models: ${unknown.length > 0 ? `no model ${unknown.join(', ')}` : 'none named'} (known: ${MODELS.map((m) => m.id).join(', ')})`);
}
const models = MODELS.filter((m) => wanted.includes(m.id));

/** What bench/dataCase.ts prints for one core call, or why the call failed. */
type Step<T> = { ok: true; seconds: number; peakRssMb: number; value: T } | { ok: false; error: string };

const home = mkdtempSync(path.join(os.tmpdir(), 'jessica-bench-solvers-'));
function step<T>(method: string, args: unknown): Step<T> {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/dataCase.ts'), home, method, JSON.stringify(args)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (child.status !== 0) {
    // dataCase throws `METHOD: the core's message`; keep that line, else the last words on stderr
    const lines = child.stderr.split('\n').filter((l) => l.trim() !== '');
    const said = lines.find((l) => l.includes(`${method}: `));
    return { ok: false, error: said ? said.slice(said.indexOf(`${method}: `) + method.length + 2) : (lines.at(-1) ?? `exit ${child.status ?? child.signal}`) };
  }
  return { ok: true, ...(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { seconds: number; peakRssMb: number; value: T }) };
}
function mustSucceed<T>(method: string, s: Step<T>): Extract<Step<T>, { ok: true }> {
  if (!s.ok) throw new Error(`${method} failed: ${s.error}`);
  return s;
}

const pct = (x: number, digits = 2): string => `${(x * 100).toFixed(digits)} %`;
const objective = (x: number | null): string => (x === null ? '—' : x.toExponential(4));

/** A relative gap as the table prints it: 0 for a closed gap, else in percent, two significant digits below 10 %. */
function gapWords(g: number): string {
  if (g < 1e-9) return '0';
  const p = g * 100;
  return `${p >= 10 ? p.toFixed(0) : p.toPrecision(2)} %`;
}

/**
 * The gap of a solve at `atSec` seconds, from the solver's log: a solve that had proved optimality by then reports
 * its final gap; otherwise the last progress point at or before `atSec`, whose gap is |incumbent − bound| /
 * max(|incumbent|, 1e-9). At the time limit it is the solve's final gap.
 */
function gapAt(e: CompareEntry, atSec: number): string {
  const final = atSec >= timeLimit;
  if (e.status === 'optimal' && (final || e.seconds <= atSec)) return gapWords(e.gap ?? 0);
  if (final) {
    if (e.objective === null) return 'no incumbent';
    if (e.gap === null) return e.bound === null ? 'no bound' : '—';
    return gapWords(e.gap);
  }
  const seen = e.progress.filter((p) => p.atSec <= atSec);
  const last = seen.at(-1);
  if (!last) return e.progress.length > 0 ? 'no incumbent' : 'no log';
  if (last.gap !== null) return gapWords(last.gap);
  return last.incumbent === null ? 'no incumbent' : 'no bound';
}

const modelRows: string[][] = [];
const compareRows: string[][] = [];
const raceRows: string[][] = [];
const notes: string[] = [];
let imported: Extract<Step<ImportSummary>, { ok: true }>;
let solvers: SolverAvailability[];
let asOf = '';
try {
  imported = mustSucceed(
    'data/import',
    step<ImportSummary>('data/import', { universe: 'sp500', pricesFile: `${shared}/prices.csv.gz`, constituentsFile: `${shared}/constituents.csv`, indexFile: `${shared}/index.csv` }),
  );
  solvers = mustSucceed('solvers/list', step<SolverAvailability[]>('solvers/list', {})).value;
  for (const id of ['highs', 'cbc'] as const) {
    const s = solvers.find((x) => x.id === id);
    if (!s?.available) throw new Error(`${id} is not available here: ${s?.reason ?? 'solvers/list does not name it'}`);
  }

  for (const m of models) {
    const modelArgs = { universe: 'sp500', useCase: 'index-tracking', ...m.args, timeLimit, mipGap: MIP_GAP };
    process.stderr.write(`${m.id}: comparing HiGHS and CBC (${timeLimit} s each)…\n`);
    const compare = step<CompareResult>('solvers/compare', { ...modelArgs, solvers: ['highs', 'cbc'], starts: ['heuristic', 'none'] });
    process.stderr.write(`${m.id}: racing them (${timeLimit} s)…\n`);
    const race = step<OptimizeResult>('portfolio/optimize', { ...modelArgs, solver: 'race' });

    let size = '—';
    let start = '—';
    let schedule = '—';
    if (compare.ok) {
      const c = compare.value;
      asOf = c.asOf;
      size = `${c.modelClass} ${c.modelSize.columns}x${c.modelSize.rows} (${c.modelSize.integerColumns} int)`;
      start = c.start ? `${c.start.heuristic}: ${objective(c.start.objective)} in ${c.start.seconds.toFixed(2)} s` : `none: ${c.noStartReason ?? 'not asked for'}`;
      schedule = c.schedule.words;
      for (const e of c.entries) {
        compareRows.push([
          m.id,
          e.solver,
          e.start,
          e.status,
          e.status === 'optimal' ? e.seconds.toFixed(1) : '—',
          ...(quick ? [] : [gapAt(e, EARLY_SEC)]),
          gapAt(e, timeLimit),
          objective(e.objective),
          e.trackingError === null ? '—' : pct(e.trackingError),
          e.names === null ? '—' : String(e.names),
          e.nodes === null ? '—' : String(e.nodes),
        ]);
      }
      for (const d of c.agreement.disagreements) notes.push(`${m.id}: DISAGREEMENT: ${d.message}`);
      for (const e of c.entries.filter((x) => x.status === 'error')) notes.push(`${m.id}: ${e.solver} (${e.start} start) failed: ${e.message ?? e.solverStatus}`);
    } else {
      compareRows.push([m.id, 'highs, cbc', '—', 'failed', ...Array<string>(quick ? 6 : 7).fill('—')]);
      notes.push(`${m.id}: solvers/compare failed: ${compare.error}`);
    }

    if (race.ok) {
      const r = race.value;
      const entrants = r.race ?? [];
      const winner = entrants.find((e) => e.outcome === 'won');
      const solveMs = r.spans.find((s) => s.name === 'solve' && s.parent === null)?.durationMs;
      raceRows.push([
        m.id,
        winner?.solver ?? r.solver,
        r.status,
        objective(r.objective),
        r.trackingError === null ? '—' : pct(r.trackingError),
        String(r.names),
        winner ? winner.seconds.toFixed(1) : '—',
        solveMs === undefined ? '—' : (solveMs / 1000).toFixed(1),
        entrants.map((e) => `${e.solver} ${e.outcome} (${e.status}, ${objective(e.objective)}, ${e.seconds.toFixed(1)} s)`).join('; '),
      ]);
    } else {
      raceRows.push([m.id, '—', 'failed', '—', '—', '—', '—', '—', '—']);
      notes.push(`${m.id}: the race failed: ${race.error}`);
    }

    modelRows.push([
      m.id,
      m.words,
      String(m.args.lookback),
      size,
      start,
      schedule,
      compare.ok ? compare.seconds.toFixed(1) : '—',
      compare.ok ? compare.peakRssMb.toFixed(0) : '—',
      race.ok ? race.seconds.toFixed(1) : '—',
      race.ok ? race.peakRssMb.toFixed(0) : '—',
    ]);
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}

const version = (id: string) => solvers.find((s) => s.id === id)?.version ?? '?';
const command = `npm run bench:solvers --${quick ? ' --quick' : ''} --models ${models.map((m) => m.id).join(',')}`;
const d = imported.value;
const gapColumns = quick ? [`gap at ${timeLimit} s (final)`] : [`gap at ${EARLY_SEC} s`, `gap at ${timeLimit} s (final)`];

process.stdout.write(
  `command: ${command}\n` +
    `data: S&P 500 (sp500), ${d.members} members, ${d.tickers} tickers with prices, ${d.rows.toLocaleString('en-US')} price rows, ` +
    `${d.firstDate} to ${d.lastDate} (${d.days} trading days), as-of ${asOf || '—'}; imported in ${imported.seconds.toFixed(1)} s\n` +
    `solvers: HiGHS ${version('highs')} (WebAssembly, one thread per solve), CBC ${version('cbc')} (${solvers.find((s) => s.id === 'cbc')?.path ?? 'cbc'}, one thread); ` +
    `time limit ${timeLimit} s, relative gap ${MIP_GAP} for both; machine: ${os.availableParallelism()} cores, ${os.cpus()[0]?.model ?? '?'}\n` +
    `every figure is one run (a ${timeLimit}-s solve is not repeated), so there are no medians; ` +
    `peak MB = the Node process's max RSS (HiGHS runs in its worker threads; CBC is a process of its own, not counted)\n\n` +
    `models (s = the whole core call in its own process: load, assemble, heuristic start, every solve)\n\n` +
    table(['model', 'what', 'lookback d', 'model size', 'heuristic start (found once)', 'compare schedule', 'compare s', 'compare peak MB', 'race s', 'race peak MB'], modelRows) +
    '\n\n' +
    `solvers/compare, one per model at a ${timeLimit}-s limit: start = the heuristic's point as the MIP start, or none (an LP has no start); ` +
    `proof s = the solver's wall clock to proven optimality (handing it the model and its solve; the heuristic's time is in the models table), '—' when not proved; ` +
    (quick
      ? `gap = the final relative gap at the ${timeLimit}-s limit (--quick); `
      : `gap at ${EARLY_SEC} s = from the same solve's own log: the last progress point at or before ${EARLY_SEC} s, |incumbent − bound| / max(|incumbent|, 1e-9) ` +
        `(the final gap when it had proved optimality by then); gap at ${timeLimit} s = the final gap; `) +
    `objective = MAD of active returns; TE = annualized tracking error of the solver's portfolio\n\n` +
    table(['model', 'solver', 'start', 'status', 'proof s', ...gapColumns, 'objective', 'TE', 'names', 'nodes'], compareRows) +
    '\n\n' +
    `race: portfolio/optimize with solver 'race' at a ${timeLimit}-s limit: every installed solver at once from one heuristic start; ` +
    `the first to prove optimality wins, else the best incumbent at the limit; winner s = its own solve; solve s = the solve stage (heuristic start and race)\n\n` +
    table(['model', 'winner', 'status', 'objective', 'TE', 'names', 'winner s', 'solve s', 'entrants (outcome, status, objective, s)'], raceRows) +
    '\n' +
    (notes.length > 0 ? `\n${notes.join('\n')}\n` : ''),
);
if (notes.length > 0) process.exitCode = 2;
