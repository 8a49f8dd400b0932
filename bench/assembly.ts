/**
 * bench/assembly: assembling and solving re-solves of one use case, cold against cached and patched.
 *
 *   npm run bench:assembly -- [--runs 3] [--cases tracking-dates,tracking-days,esg-dates,esg-clusters,funding-dates,small-sizes,shares-sizes,
 *     periodic-rebalance-accounts,tax-loss-harvesting-accounts,cash-withdrawal-accounts,transition-accounts]
 *
 * Imports the real S&P 500 from ../shared/data into a scratch data directory, then runs each case in its
 * own process `runs` times (bench/assemblyCase.ts) and prints medians: per re-solve, the cold assembly
 * (assembleModel) against the cached one (assembleCached writing into the last IR's arrays), and the cold
 * solve (a fresh HiGHS model: pass + run) against the re-used one (one persistent model: changed entries, or
 * the whole model when most coefficients changed, run from the last basis), on one in-thread HiGHS instance.
 * The held-account cases are ten accounts of 40 real-price tax lots each; the MILP ones are assembled only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AssemblyCaseArgs } from './assemblyCase.ts';
import { median, markdownTable as table } from './benchTable.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared/data');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    cases: { type: 'string', default: 'tracking-dates,tracking-days,esg-dates,esg-clusters,funding-dates,small-sizes,shares-sizes,periodic-rebalance-accounts,tax-loss-harvesting-accounts,cash-withdrawal-accounts,transition-accounts' },
  },
});
const runs = Number(values.runs);
const wanted = new Set(values.cases!.split(','));

const accountValues = [25_000, 40_000, 60_000, 80_000, 100_000, 150_000, 250_000, 500_000, 1_000_000, 2_000_000];
const catalogue: { id: string; varies: string; args: AssemblyCaseArgs }[] = [
  { id: 'tracking-dates', varies: '10 monthly as-of dates', args: { useCase: 'index-tracking', vary: 'asOf', lookback: 252, step: 21, solve: true } },
  {
    id: 'tracking-days',
    varies: '10 consecutive trading days',
    args: { useCase: 'index-tracking', vary: 'asOf', lookback: 252, step: 1, solve: true },
  },
  { id: 'esg-dates', varies: '10 monthly as-of dates', args: { useCase: 'esg-exclusions', vary: 'asOf', lookback: 252, step: 21, solve: true } },
  { id: 'esg-clusters', varies: '10 sectors excluded x max weights', args: { useCase: 'esg-exclusions', vary: 'exclusions', lookback: 252, solve: true } },
  {
    id: 'funding-dates',
    varies: '10 monthly as-of dates',
    args: { useCase: 'new-account-funding', vary: 'asOf', lookback: 252, step: 21, cash: 250_000, solve: true },
  },
  { id: 'small-sizes', varies: '10 account values', args: { useCase: 'small-account', vary: 'accountValue', lookback: 252, accountValues, solve: false } },
  ...(['periodic-rebalance', 'tax-loss-harvesting', 'cash-withdrawal', 'transition'] as const).map((useCase) => ({
    id: `${useCase}-accounts`,
    varies: useCase === 'cash-withdrawal' ? '10 held accounts (40 lots), 10 % withdrawn' : '10 held accounts (40 lots each)',
    // transition is an LP (no trade flags): solved; the others are MILPs: assembled only
    args: { useCase, vary: 'accounts' as const, lookback: 252, lots: 40, solve: useCase === 'transition', ...(useCase === 'cash-withdrawal' ? { withdrawShare: 0.1 } : {}) },
  })),
  {
    id: 'shares-sizes',
    varies: '10 account values',
    args: { useCase: 'index-tracking', vary: 'accountValue', lookback: 252, accountValues, solve: false },
  },
];
const cases = catalogue.filter((c) => wanted.has(c.id));

const home = mkdtempSync(path.join(os.tmpdir(), 'jessica-bench-'));
const jessica = (...args: string[]) =>
  execFileSync(process.execPath, [path.join(root, 'bin/jessica.mjs'), ...args], { env: { ...process.env, JESSICA_HOME: home }, encoding: 'utf8' });


interface CaseResult {
  size: string;
  universe: number;
  outcomes: Record<string, number>;
  [figure: string]: unknown;
}

const rows: string[][] = [];
try {
  jessica('data', 'import', '--universe', 'sp500', '--prices', `${shared}/sp500/prices.csv.gz`, '--constituents', `${shared}/sp500/constituents.csv`, '--index', `${shared}/sp500/index.csv`);
  for (const c of cases) {
    const results: CaseResult[] = [];
    for (let r = 0; r < runs; r++) {
      const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/assemblyCase.ts'), home, JSON.stringify(c.args)], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
      if (child.status !== 0) throw new Error(`case ${c.id} failed: ${child.stderr}`);
      results.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!));
    }
    const m = (k: string) => median(results.map((x) => Number(x[k])));
    const ms = (k: string) => (results[0]![k] === null ? '' : m(k).toFixed(1));
    const last = results.at(-1)!;
    rows.push([
      c.id,
      c.args.useCase,
      c.varies,
      `${last.size} (${last.universe} names)`,
      String(runs),
      m('dataMs').toFixed(0),
      ms('coldAssemble'),
      ms('cachedAssemble'),
      (m('coldAssemble') / m('cachedAssemble')).toFixed(1),
      Object.entries(last.outcomes)
        .map(([o, n]) => `${n} ${o}`)
        .join(', '),
      ms('coldSolve'),
      ms('patchedSolve'),
      last.coldSolve === null ? '' : (m('coldSolve') / m('patchedSolve')).toFixed(1),
      last.coldIterations === null ? '' : `${m('coldIterations')} / ${m('patchedIterations')}`,
      last.worstDifference === null ? '' : Math.max(...results.map((x) => Number(x.worstDifference))).toExponential(1),
      m('peakRssMb').toFixed(0),
    ]);
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}

process.stdout.write(
  `command: npm run bench:assembly -- --runs ${runs}; real S&P 500, lookback 252 trading days, universe fixed to the names priced ` +
    `over every window; times are medians in ms per re-solve over re-solves 2-10 and ${runs} processes; ` +
    `data = reading the panel and building the tracking problem; cached = assembleCached after the first (cold) call; ` +
    `solve cold = fresh HiGHS model (pass + run), patched = persistent model (changed entries, or passed whole when over 5 % of coefficients changed, + run from the last basis carried by name), ` +
    'in-thread, not through the worker pool; iterations = simplex iterations cold / patched; max rel diff = worst relative ' +
    'objective difference cold vs patched; MILP cases (whole shares, trade flags) are assembled only; peak = process max RSS\n\n' +
    table(
      ['case', 'use case', 'varies', 'model', 'runs', 'data', 'assemble cold', 'assemble cached', 'x', 'cache', 'solve cold', 'solve patched', 'x', 'iterations', 'max rel diff', 'peak MB'],
      rows,
    ) +
    '\n',
);
