/**
 * bench/minimums: the account-minimum frontier (`jessica minimums`) on the real S&P 500.
 *
 *   npm run bench:minimums -- [--runs 3] [--cases sp500,sp500-756,esg,small-account]
 *
 * Imports ../shared/data/sp500 into a scratch data directory, then runs each case in its own process `runs`
 * times (bench/minimumsCase.ts): the job cold (the first in a process: the HiGHS pool starts) and warm (again
 * on the warm pool). Prints medians, the minimum found and the process's peak RSS; the target is a
 * 20-size frontier in at most 10 s.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
    cases: { type: 'string', default: 'sp500,sp500-756,esg,small-account' },
  },
});
const runs = Number(values.runs);
const wanted = new Set(values.cases!.split(','));

interface Case {
  id: string;
  args: { useCase: string; teTarget: number; lookback: number };
}
const catalogue: Case[] = [
  { id: 'sp500', args: { useCase: 'index-tracking', teTarget: 0.01, lookback: 252 } },
  { id: 'sp500-756', args: { useCase: 'index-tracking', teTarget: 0.012, lookback: 756 } },
  { id: 'esg', args: { useCase: 'esg-exclusions', teTarget: 0.01, lookback: 252 } },
  { id: 'small-account', args: { useCase: 'small-account', teTarget: 0.026, lookback: 252 } },
];
const cases = catalogue.filter((c) => wanted.has(c.id));

const home = mkdtempSync(path.join(os.tmpdir(), 'jessica-bench-minimums-'));
const jessica = (...args: string[]) =>
  execFileSync(process.execPath, [path.join(root, 'bin/jessica.mjs'), ...args], { env: { ...process.env, JESSICA_HOME: home }, encoding: 'utf8' });

interface CaseResult {
  [figure: string]: number | null;
}

const rows: string[][] = [];
try {
  jessica('data', 'import', '--universe', 'sp500', '--prices', `${shared}/sp500/prices.csv.gz`, '--constituents', `${shared}/sp500/constituents.csv`, '--index', `${shared}/sp500/index.csv`);
  for (const c of cases) {
    const args = { universe: 'sp500', fractional: true, ...c.args };
    const results: CaseResult[] = [];
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/minimumsCase.ts'), home, JSON.stringify(args)], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
      if (child.status !== 0) throw new Error(`case ${c.id} failed: ${child.stderr}`);
      results.push({ ...JSON.parse(child.stdout.trim().split('\n').at(-1)!), processMs: performance.now() - started });
    }
    const m = (k: string) => median(results.map((x) => Number(x[k])));
    const s = (ms: number) => (ms / 1000).toFixed(2);
    const last = results.at(-1)!;
    const minimum = last.minimum === null ? 'none' : `$${Math.round(m('minimum')).toLocaleString('en-US')}`;
    rows.push([
      c.id,
      `jessica minimums --universe sp500 --use-case ${c.args.useCase} --te-target ${Number((c.args.teTarget * 100).toPrecision(6))}% --lookback ${c.args.lookback} --fractional`,
      `S&P 500, ${last.names} names in the target, ${c.args.lookback} days`,
      String(runs),
      String(last.sizes),
      s(m('coldMs')),
      s(m('warmMs')),
      s(m('target')),
      s(m('frontier')),
      `${minimum} (${last.probes} probes)`,
      `${((last.teSmallest ?? 0) * 100).toFixed(2)}% .. ${((last.teLargest ?? 0) * 100).toFixed(2)}%`,
      m('peakRssMb').toFixed(0),
      m('coldMs') <= 10_000 ? 'yes' : 'no',
    ]);
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}

process.stdout.write(
  `command: npm run bench:minimums -- --runs ${runs}; real S&P 500 as of 2021-04-21; 20 account values $10k..$5M (log-spaced) plus the ` +
    `fractional line; times are medians in seconds over ${runs} processes: cold = the first job of a process (the HiGHS pool starts), ` +
    `warm = the same job again; target and frontier are the warm job's stages; peak = process max RSS; target: a 20-size frontier in at most 10 s (cold)\n\n` +
    table(
      ['case', 'command', 'data', 'runs', 'sizes', 'cold s', 'warm s', 'target s', 'frontier s', 'minimum', 'TE $10k .. $5M', 'peak MB', '<= 10 s'],
      rows,
    ) +
    '\n',
);
