/**
 * bench/batch: a book of 10,000 demo accounts on the real S&P 500, clustered, optimized and mapped to whole shares.
 *
 *   npm run bench:batch -- [--accounts 10000] [--audit 30] [--native 4] [--native-limit 10] [--workers 2] [--runs 1]
 *
 * Imports the real S&P 500 from ../shared/data into a scratch data directory, generates the demo book
 * (`jessica accounts generate`, with legacy lots), then runs `book/batch` in its own process `runs` times
 * (bench/batchCase.ts) and prints the time of every stage, peak memory, the accounts' tracking errors, the
 * audit (accounts optimized one by one on the same pool, extrapolated to the book) and, when python3 has
 * scipy, native HiGHS (scipy.optimize.milp) on the individual whole-share models of a sample of accounts,
 * extrapolated to the book on the same cores: the targets of the issue beside the measured figures.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, markdownTable as table } from './benchTable.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared/data');
const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '10000' },
    audit: { type: 'string', default: '30' },
    native: { type: 'string', default: '4' },
    'native-limit': { type: 'string', default: '10' },
    workers: { type: 'string', default: '2' },
    runs: { type: 'string', default: '1' },
  },
});
const count = Number(values.accounts);
const audit = Number(values.audit);
const nativeCount = Number(values.native);
const nativeLimit = Number(values['native-limit']);
const workers = Number(values.workers);
const runs = Number(values.runs);

const home = mkdtempSync(path.join(os.tmpdir(), 'jessica-bench-'));
const scratch = path.join(home, 'scratch');
mkdirSync(scratch);
const jessica = (...args: string[]) =>
  execFileSync(process.execPath, [path.join(root, 'bin/jessica.mjs'), ...args], { env: { ...process.env, JESSICA_HOME: home }, encoding: 'utf8' });

interface CaseResult {
  seconds: number;
  stages: Record<string, number>;
  optimizeAttrs: Record<string, number>;
  clusters: number;
  accounts: number;
  trackingError: { median: number; p90: number; max: number };
  audit: { accounts: number; median: number; p90: number; max: number; individualSeconds: number; extrapolatedBookSeconds: number } | null;
  peakRssMb: number;
  models: { file: string; accountId: string; value: number }[];
}

const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import scipy.optimize'], { stdio: 'ignore' }).status === 0);
const results: CaseResult[] = [];
const native: { accountId: string; value: number; seconds: number; status: number; message: string; gap: number | null }[] = [];
try {
  jessica('data', 'import', '--universe', 'sp500', '--prices', `${shared}/sp500/prices.csv.gz`, '--constituents', `${shared}/sp500/constituents.csv`, '--index', `${shared}/sp500/index.csv`);
  const accounts = path.join(scratch, 'accounts.csv');
  const holdings = path.join(scratch, 'holdings.csv');
  jessica('accounts', 'generate', '--count', String(count), '--seed', '1', '--universe', 'sp500', '--out', accounts, '--holdings-out', holdings);
  const args = { accountsFile: accounts, holdingsFile: holdings, universe: 'sp500', useCase: 'index-tracking', workers, audit, out: path.join(scratch, 'out') };
  for (let r = 0; r < runs; r++) {
    const extra = r === 0 && python && nativeCount > 0 ? [scratch, String(nativeCount)] : [];
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/batchCase.ts'), home, JSON.stringify(args), ...extra], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (child.status !== 0) throw new Error(`the batch failed: ${child.stderr}`);
    results.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!));
  }
  for (const m of results[0]!.models) {
    const out = execFileSync(python!, [path.join(root, 'bench/nativeHighs.py'), m.file, String(nativeLimit)], { encoding: 'utf8' });
    const n = JSON.parse(out.trim()) as { seconds: number; status: number; message: string; gap: number | null };
    native.push({ accountId: m.accountId, value: m.value, ...n });
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}

const m = (f: (r: CaseResult) => number) => median(results.map(f));
const s = (ms: number) => (ms / 1000).toFixed(2);
const last = results.at(-1)!;
const stageNames = ['load', 'returns', 'cluster', 'optimize', 'map', 'write', 'persist'];
process.stdout.write(
  `command: npm run bench:batch -- --accounts ${count} --audit ${audit} --native ${nativeCount} --native-limit ${nativeLimit} --workers ${workers} --runs ${runs}; ` +
    `real S&P 500 (502 names priced over 252 days to 2021-04-21), index-tracking, demo book (seed 1, legacy lots for about 15 %), ` +
    `${os.cpus().length} cores, HiGHS pool of ${workers} threads; seconds, medians over ${runs} processes\n\n` +
    table(
      [...stageNames, 'batch total', 'clusters', 'models solved / reused', 'peak MB'],
      [
        [
          ...stageNames.map((n) => s(m((r) => r.stages[n] ?? 0))),
          m((r) => r.seconds).toFixed(2),
          String(last.clusters),
          `${last.optimizeAttrs.solved} / ${last.optimizeAttrs.reused}`,
          m((r) => r.peakRssMb).toFixed(0),
        ],
      ],
    ) +
    '\n\n' +
    `accounts' whole-share tracking error: median ${(100 * last.trackingError.median).toFixed(2)} %, 90th percentile ${(100 * last.trackingError.p90).toFixed(2)} %, max ${(100 * last.trackingError.max).toFixed(2)} %\n`,
);
const a = last.audit;
if (a) {
  process.stdout.write(
    `audit: ${a.accounts} accounts optimized one by one (regular path: heuristics then branch-and-bound, ${2.5} s each on the same pool): ` +
      `TE ratio batch / individual median ${a.median.toFixed(3)}, 90th percentile ${a.p90.toFixed(3)}, max ${a.max.toFixed(3)}; ` +
      `${a.individualSeconds.toFixed(1)} s, extrapolated to the book ${(a.extrapolatedBookSeconds / 3600).toFixed(2)} h\n`,
  );
}
const nativeBook = native.length > 0 ? (native.reduce((t, n) => t + n.seconds, 0) / native.length) * (last.accounts / workers) : null;
if (native.length > 0) {
  process.stdout.write(
    `native HiGHS (scipy.optimize.milp, ${nativeLimit} s limit) on ${native.length} accounts' individual whole-share models: ` +
      native.map((n) => `${n.accountId} ($${Math.round(n.value).toLocaleString('en-US')}) ${n.seconds.toFixed(1)} s ${n.status === 1 ? 'time limit' : `status ${n.status}`}${n.gap == null ? '' : ` gap ${(100 * n.gap).toFixed(1)} %`}`).join('; ') +
      `; extrapolated to the book on ${workers} cores: ${(nativeBook! / 3600).toFixed(1)} h (a lower bound where the limit was hit)\n`,
  );
}
const batchSeconds = m((r) => r.seconds);
process.stdout.write(
  '\n' +
    table(
      ['target', 'issue', 'measured'],
      [
        [`the whole book (${count.toLocaleString('en-US')} accounts), ${os.cpus().length} cores`, '<= 30 s', `${batchSeconds.toFixed(1)} s`],
        ['faster than account by account (our regular path, audit extrapolated)', '>= 100x', a ? `${(a.extrapolatedBookSeconds / batchSeconds).toFixed(0)}x` : 'no audit'],
        ['faster than account by account (native HiGHS per account, extrapolated)', '>= 100x', nativeBook ? `${(nativeBook / batchSeconds).toFixed(0)}x or more` : 'no scipy'],
        ['median audit ratio (batch TE / individual TE)', '<= 1.10', a ? a.median.toFixed(3) : 'no audit'],
      ],
    ) +
    '\n',
);
