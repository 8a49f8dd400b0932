/**
 * bench/data: market data into the store and the store into the team database (issue 15).
 *
 *   npm run bench:data -- [--runs 3] [--reruns 5] [--accounts 10000] [--pg postgres://postgres@127.0.0.1:5432/test]
 *
 * Into a scratch data directory: imports the real S&P 500 (../shared/data/sp500/prices.csv.gz, 1.1 M rows) `runs`
 * times; syncs it `runs` times, each into a new scratch database on the --pg server (so each is a first sync); syncs
 * again `reruns` times with nothing new; then generates a book of `accounts` demo accounts on the S&P 500, runs
 * book/batch on it and syncs the batch's results (the book, the run, its clusters, accounts, holdings and trades).
 * Every step runs in its own process (bench/dataCase.ts) for its peak memory. Prints the medians and the issue's
 * targets beside them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AccountsImportSummary, BatchResult } from '../api/book.ts';
import type { ImportSummary } from '../api/domain.ts';
import type { SyncSummary } from '../api/sync.ts';
import { createScratchDatabase, TEST_PG_URL } from '../core/sync/testing/scratchDatabase.ts';
import { median, markdownTable as table } from './benchTable.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared/data/sp500');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    reruns: { type: 'string', default: '5' },
    accounts: { type: 'string', default: '10000' },
    pg: { type: 'string', default: TEST_PG_URL },
  },
});
const runs = Number(values.runs);
const reruns = Number(values.reruns);
const accounts = Number(values.accounts);

interface Step<T> {
  seconds: number;
  peakRssMb: number;
  value: T;
}

const home = mkdtempSync(path.join(os.tmpdir(), 'jessica-bench-data-'));
function step<T>(method: string, args: unknown): Step<T> {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/dataCase.ts'), home, method, JSON.stringify(args)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (child.status !== 0) throw new Error(`${method} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Step<T>;
}
const jessica = (...args: string[]) =>
  execFileSync(process.execPath, [path.join(root, 'bin/jessica.mjs'), ...args], { env: { ...process.env, JESSICA_HOME: home }, encoding: 'utf8' });

const scratches: Awaited<ReturnType<typeof createScratchDatabase>>[] = [];
const imports: Step<ImportSummary>[] = [];
const firsts: Step<SyncSummary>[] = [];
const nothingNew: Step<SyncSummary>[] = [];
let batch: Step<BatchResult>;
let book: Step<AccountsImportSummary>;
let batchSync: Step<SyncSummary>;
try {
  for (let r = 0; r < runs; r++) {
    imports.push(step<ImportSummary>('data/import', { universe: 'sp500', pricesFile: `${shared}/prices.csv.gz`, constituentsFile: `${shared}/constituents.csv`, indexFile: `${shared}/index.csv` }));
  }
  let target = '';
  for (let r = 0; r < runs; r++) {
    const scratch = await createScratchDatabase(values.pg);
    scratches.push(scratch);
    target = scratch.url;
    firsts.push(step<SyncSummary>('sync/run', { url: target }));
  }
  for (let r = 0; r < reruns; r++) nothingNew.push(step<SyncSummary>('sync/run', { url: target }));
  const accountsFile = path.join(home, 'accounts.csv');
  const holdingsFile = path.join(home, 'holdings.csv');
  jessica('accounts', 'generate', '--count', String(accounts), '--seed', '1', '--universe', 'sp500', '--out', accountsFile, '--holdings-out', holdingsFile);
  book = step<AccountsImportSummary>('accounts/import', { file: accountsFile, holdingsFile, book: 'bench' });
  batch = step<BatchResult>('book/batch', { book: 'bench', universe: 'sp500', useCase: 'index-tracking', workers: 2 });
  batchSync = step<SyncSummary>('sync/run', { url: target });
} finally {
  for (const s of scratches) await s.drop().catch(() => {});
  rmSync(home, { recursive: true, force: true });
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const s2 = (x: number) => x.toFixed(2);
const m = <T>(list: Step<T>[], f: (s: Step<T>) => number) => median(list.map(f));
const first = firsts.at(-1)!.value;
const batchRows = batchSync.value.rows;
const priceRows = imports[0]!.value.rows;
const syncRate = m(firsts, (s) => s.value.rowsPerSecond);
const rerunSeconds = m(nothingNew, (s) => s.value.seconds);
process.stdout.write(
  `command: npm run bench:data -- --runs ${runs} --reruns ${reruns} --accounts ${accounts}; real S&P 500 (${n(priceRows)} price rows, 504 members, 2,340 index closes), ` +
    `PostgreSQL at ${first.target} (${first.timescale === null ? 'no TimescaleDB' : `TimescaleDB ${first.timescale}`}), ${os.cpus().length} cores; ` +
    `seconds are medians over the runs, each step in its own process (peak MB: its resident set)\n\n`,
);
process.stdout.write(
  `${table(
    ['step', 'data', 'rows', 'median s', 'rows/s', 'peak MB', 'target'],
    [
      ['import prices.csv.gz into SQLite', 'S&P 500 prices, members, index', n(priceRows), s2(m(imports, (s) => s.value.seconds)), n(priceRows / m(imports, (s) => s.value.seconds)), n(m(imports, (s) => s.peakRssMb)), ''],
      ['first sync to PostgreSQL', 'the S&P 500 universe', n(first.rows), s2(m(firsts, (s) => s.value.seconds)), n(syncRate), n(m(firsts, (s) => s.peakRssMb)), `>= 100,000 rows/s: ${syncRate >= 100_000 ? 'met' : 'NOT met'}`],
      ['sync again, nothing new', 'the same store', '0', s2(rerunSeconds), '', n(m(nothingNew, (s) => s.peakRssMb)), `< 1 s: ${rerunSeconds < 1 ? 'met' : 'NOT met'}`],
      [`sync of a ${n(accounts)}-account batch`, `book ${n(book.value.accounts)} accounts, ${n(book.value.lots)} lots; batch run ${batch.value.runId}, ${batch.value.clusters.length} clusters`, n(batchRows), s2(batchSync.value.seconds), n(batchSync.value.rowsPerSecond), n(batchSync.peakRssMb), ''],
    ],
  )}\n`,
);
const perTable = (s: SyncSummary) => s.tables.map((t) => [t.table, String(t.scopes), n(t.rows), s2(t.seconds), t.seconds > 0 ? n(t.rows / t.seconds) : '']);
process.stdout.write(`\nfirst sync (last run), by table\n\n${table(['table', 'scopes', 'rows', 'seconds', 'rows/s'], perTable(first))}\n`);
process.stdout.write(`\nbatch sync, by table (the batch itself: ${s2(batch.value.seconds)} s, peak ${n(batch.peakRssMb)} MB)\n\n${table(['table', 'scopes', 'rows', 'seconds', 'rows/s'], perTable(batchSync.value))}\n`);
