/**
 * bench/batch: books of 10,000 demo accounts on the real S&P 500, clustered, optimized and fitted to whole shares.
 *
 *   npm run bench:batch -- [--accounts 10000] [--audit 40] [--native 4] [--native-limit 10] [--workers 2] [--runs 1]
 *                          [--books individual,sets]
 *
 * Imports the real S&P 500 from ../shared/data into a scratch data directory and, for each book, generates
 * the demo book (`jessica accounts generate --restrictions individual|sets`, with legacy lots: individual
 * restrictions as real books have them, or the old handful of shared lists), then runs `book/batch` in its own process `runs` times
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
import type { AuditSummary } from '../api/book.ts';
import { median, markdownTable as table } from './benchTable.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared/data');
const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '10000' },
    audit: { type: 'string', default: '40' },
    books: { type: 'string', default: 'individual,sets' },
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
  fallback: number;
  unallocated: number;
  failedModels: number;
  trackingError: { median: number; p90: number; max: number };
  audit: Omit<AuditSummary, 'ratios'> | null;
  peakRssMb: number;
  /** bytes of the store the run's allocations take (batch_allocations, its index, batch_names) */
  storedBytes: number;
  models: { file: string; accountId: string; value: number }[];
}

const books = values.books.split(',').map((b) => b.trim()).filter((b) => b === 'individual' || b === 'sets');
const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import scipy.optimize'], { stdio: 'ignore' }).status === 0);
const results = new Map<string, CaseResult[]>();
const native: { accountId: string; value: number; seconds: number; status: number; message: string; gap: number | null }[] = [];
try {
  jessica('data', 'import', '--universe', 'sp500', '--prices', `${shared}/sp500/prices.csv.gz`, '--constituents', `${shared}/sp500/constituents.csv`, '--index', `${shared}/sp500/index.csv`);
  for (const book of books) {
    const accounts = path.join(scratch, `accounts-${book}.csv`);
    const holdings = path.join(scratch, `holdings-${book}.csv`);
    jessica('accounts', 'generate', '--count', String(count), '--seed', '1', '--universe', 'sp500', '--restrictions', book, '--out', accounts, '--holdings-out', holdings);
    const args = { accountsFile: accounts, holdingsFile: holdings, universe: 'sp500', useCase: 'index-tracking', workers, audit, out: path.join(scratch, `out-${book}`) };
    const list: CaseResult[] = [];
    for (let r = 0; r < runs; r++) {
      const extra = book === books[0] && r === 0 && python && nativeCount > 0 ? [scratch, String(nativeCount)] : [];
      const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/batchCase.ts'), home, JSON.stringify(args), ...extra], {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
      if (child.status !== 0) throw new Error(`the batch failed: ${child.stderr}`);
      list.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!));
    }
    results.set(book, list);
  }
  for (const m of results.get(books[0]!)![0]!.models) {
    const out = execFileSync(python!, [path.join(root, 'bench/nativeHighs.py'), m.file, String(nativeLimit)], { encoding: 'utf8' });
    const n = JSON.parse(out.trim()) as { seconds: number; status: number; message: string; gap: number | null };
    native.push({ accountId: m.accountId, value: m.value, ...n });
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}

const s = (ms: number) => (ms / 1000).toFixed(2);
const r3 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3));
const dollars = (x: number) => (x >= 1e6 ? `$${(x / 1e6).toFixed(2)}M` : `$${Math.round(x / 1000)}k`);
const stageNames = ['load', 'returns', 'cluster', 'optimize', 'map', 'write', 'persist'];
process.stdout.write(
  `command: npm run bench:batch -- --accounts ${count} --audit ${audit} --native ${nativeCount} --native-limit ${nativeLimit} --workers ${workers} --runs ${runs} --books ${books.join(',')}; ` +
    `real S&P 500 (502 names priced over 252 days to 2021-04-21), index-tracking, demo books (seed 1, legacy lots for about 15 %), ` +
    `${os.cpus().length} cores, HiGHS pool of ${workers} threads; seconds, medians over ${runs} processes\n`,
);
const targetRows: string[][] = [];
for (const book of books) {
  const list = results.get(book)!;
  const m = (f: (r: CaseResult) => number) => median(list.map(f));
  const last = list.at(-1)!;
  const a = last.audit;
  process.stdout.write(
    `\n### ${book === 'individual' ? 'individually restricted book (an employer stock for about a third, values screens for a quarter, both for some)' : 'few-sets book (11 shared restriction lists)'}\n\n` +
      table(
        [...stageNames, 'batch total', 'clusters', 'models solved / reused / failed', 'fallback / unallocated', 'peak MB'],
        [
          [
            ...stageNames.map((n) => s(m((r) => r.stages[n] ?? 0))),
            m((r) => r.seconds).toFixed(2),
            String(last.clusters),
            `${last.optimizeAttrs.solved} / ${last.optimizeAttrs.reused} / ${last.optimizeAttrs.failed ?? 0}`,
            `${last.fallback} / ${last.unallocated}`,
            m((r) => r.peakRssMb).toFixed(0),
          ],
        ],
      ) +
      `\n\nstored with the run: ${(last.storedBytes / 1e6).toFixed(1)} MB of the store for ${last.accounts.toLocaleString('en-US')} accounts' allocations (${Math.round(last.storedBytes / last.accounts)} bytes per account)` +
      `\n\naccounts' whole-share tracking error: median ${(100 * last.trackingError.median).toFixed(2)} %, 90th percentile ${(100 * last.trackingError.p90).toFixed(2)} %, max ${(100 * last.trackingError.max).toFixed(2)} %\n`,
  );
  if (a) {
    process.stdout.write(
      `\naudit of ${a.accounts} accounts stratified by size band: TE ratio batch / baseline (a) optimized alone under its own limits (heuristics then branch-and-bound, ${2.5} s each), ` +
        `(b) its own fractional LP target rounded by the knapsack; "book" weighs each band by its accounts\n\n` +
        table(
          ['band', 'accounts in book', 'sampled', '(a) median', '(a) p90', '(b) median', '(b) p90'],
          [
            ...a.byBand.map((b) => [`${b.band}: ${dollars(b.minValue)}-${dollars(b.maxValue)}`, String(b.bookAccounts), String(Math.max(b.individual.accounts, b.ownLp.accounts)), r3(b.individual.median), r3(b.individual.p90), r3(b.ownLp.median), r3(b.ownLp.p90)]),
            ['book', String(last.accounts), String(a.accounts), r3(a.book.individual.median), r3(a.book.individual.p90), r3(a.book.ownLp.median), r3(a.book.ownLp.p90)],
          ],
        ) +
        `\n\nindividual solves: ${a.individualSeconds.toFixed(1)} s on ${workers} threads, extrapolated to the book ${(a.extrapolatedBookSeconds / 3600).toFixed(2)} h\n`,
    );
  }
  const batchSeconds = m((r) => r.seconds);
  targetRows.push(
    [`${book}: the whole book (${count.toLocaleString('en-US')} accounts), ${os.cpus().length} cores`, '<= 30 s', `${batchSeconds.toFixed(1)} s`],
    [`${book}: accounts left uninvested (unallocated)`, '0', String(last.unallocated)],
    [`${book}: TE against own LP target rounded by the knapsack, median (book-weighted)`, '<= 0.95', a ? r3(a.book.ownLp.median) : 'no audit'],
    [`${book}: TE against own LP target rounded by the knapsack, 90th percentile (book-weighted)`, '<= 1.02', a ? r3(a.book.ownLp.p90) : 'no audit'],
    [`${book}: audit against own-limit individual solves, median (book-weighted)`, '<= 1.05', a ? r3(a.book.individual.median) : 'no audit'],
    [`${book}: faster than account by account (our regular path, audit extrapolated)`, '>= 100x', a ? `${(a.extrapolatedBookSeconds / batchSeconds).toFixed(0)}x` : 'no audit'],
  );
}
const first = results.get(books[0]!)!.at(-1)!;
const nativeBook = native.length > 0 ? (native.reduce((t, n) => t + n.seconds, 0) / native.length) * (first.accounts / workers) : null;
if (native.length > 0) {
  process.stdout.write(
    `\nnative HiGHS (scipy.optimize.milp, ${nativeLimit} s limit) on ${native.length} accounts' individual whole-share models: ` +
      native.map((n) => `${n.accountId} ($${Math.round(n.value).toLocaleString('en-US')}) ${n.seconds.toFixed(1)} s ${n.status === 1 ? 'time limit' : `status ${n.status}`}${n.gap == null ? '' : ` gap ${(100 * n.gap).toFixed(1)} %`}`).join('; ') +
      `; extrapolated to the book on ${workers} cores: ${(nativeBook! / 3600).toFixed(1)} h (a lower bound where the limit was hit)\n`,
  );
  targetRows.push([`${books[0]}: faster than account by account (native HiGHS per account, extrapolated)`, '>= 100x', `${(nativeBook! / median(results.get(books[0]!)!.map((r) => r.seconds))).toFixed(0)}x or more`]);
}
process.stdout.write('\n' + table(['target', 'issue', 'measured'], targetRows) + '\n');
