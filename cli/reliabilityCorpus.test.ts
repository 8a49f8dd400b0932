import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './testing/runJessica.ts';

/**
 * The black-box reliability corpus (issue 14): what a user can type or feed the `jessica` command, each case
 * named for what it probes. Every case also holds the invariants of every run: the exit code is 0, 1 (bad
 * input) or 2 (solver or model); no stack trace; no raw control character from the input reaches the
 * terminal; `Infinity` and `NaN` never printed; and it ends within its time.
 */
interface ProbeCase {
  name: string;
  /** files written into the case's directory first: name → text or bytes */
  files?: Record<string, string | Buffer>;
  /** arguments; `@/` is the case's directory */
  args: string[];
  code: 0 | 1 | 2;
  stderr?: RegExp;
  stdout?: RegExp;
  /** text that must not appear in stdout or stderr (e.g. a line of the file given as input) */
  never?: string[];
  /** the case must end within this many seconds (default 60) */
  seconds?: number;
  /** a fresh data directory, for cases that break the store itself */
  ownHome?: (home: string) => void;
  /** further checks on the case's directory after the run */
  after?: (dir: string, run: Run) => void;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

let root: string;
let sharedHome: string;

function jessica(home: string, args: string[], timeoutSec: number): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/jessica.mjs'), ...args], {
    env: { ...process.env, JESSICA_HOME: home },
    encoding: 'utf8',
    timeout: timeoutSec * 1000 + 5000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, seconds: (performance.now() - t0) / 1000 };
}

/** A small, valid price file: `tickers` names over `days` weekdays of 2024, with an optional extra row. */
function prices(tickers = 4, days = 30, extra: string[] = []): string {
  const lines = ['date,ticker,close'];
  const start = Date.UTC(2024, 0, 1);
  let d = 0;
  for (let k = 0; lines.length - 1 < tickers * days; k++) {
    const date = new Date(start + k * 86_400_000);
    if (date.getUTCDay() === 0 || date.getUTCDay() === 6) continue;
    for (let t = 0; t < tickers; t++) lines.push(`${date.toISOString().slice(0, 10)},T${t},${(10 + t + Math.sin(d + t)).toFixed(2)}`);
    d++;
  }
  return `${[...lines, ...extra].join('\n')}\n`;
}

const SECRET = 'secret-line-2-never-echoed';
const accountsHeader = 'account_id,strategy,value,tax_status,exclude,cash';

const corpus: ProbeCase[] = [
  // the command line itself
  { name: 'no command prints help and exits 1', args: [], code: 1 },
  { name: '--help exits 0', args: ['--help'], code: 0, stdout: /Usage: jessica/ },
  { name: 'an unknown command exits 1', args: ['frobnicate'], code: 1, stderr: /unknown command/ },
  { name: 'a missing required option exits 1 naming it', args: ['optimize', '--universe', 'demo'], code: 1, stderr: /--use-case/ },
  { name: 'an unknown universe exits 1 naming it', args: ['optimize', '--universe', 'nowhere', '--use-case', 'index-tracking'], code: 1, stderr: /nowhere/ },
  { name: 'an unknown use case exits 1 naming it', args: ['optimize', '--universe', 'demo', '--use-case', 'no-such-case'], code: 1, stderr: /no-such-case/ },
  { name: 'a negative lookback exits 1', args: ['optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--lookback', '-5'], code: 1, stderr: /lookback/ },
  { name: 'a min weight above 1 exits 1', args: ['optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--min-weight', '2'], code: 1, stderr: /min-weight/ },
  { name: 'a non-number time limit exits 1', args: ['optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--time-limit', 'soon'], code: 1, stderr: /time-limit/ },
  { name: 'a malformed as-of date exits 1', args: ['optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--as-of', '2025-13-45'], code: 1, stderr: /as-of/ },
  {
    name: 'an infeasible model exits 2 naming its components',
    args: ['optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--max-names', '3', '--max-weight', '0.2'],
    code: 2,
    stderr: /con\.max-names.*con\.max-weight|con\.max-weight.*con\.max-names/,
  },

  {
    name: 'an --exclude entry that no import would take as a ticker exits 1, printed escaped',
    args: ['optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--exclude', 'AAPL,\x1b[2JX'],
    code: 1,
    stderr: /\\x1b\[2JX.*is not a ticker/,
    seconds: 10,
  },

  // absurd numbers (issue 14, item 5)
  { name: 'an account value of 1e308 is refused, naming --account-value', args: ['optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--account-value', '1e308'], code: 1, stderr: /--account-value/, seconds: 10 },
  { name: 'an account value of Infinity is refused', args: ['optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--account-value', 'Infinity'], code: 1, stderr: /account-value/, seconds: 10 },
  { name: 'cash of 1e13 is refused', args: ['optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--holdings', '@/lots.csv', '--cash', '1e13'], files: { 'lots.csv': 'ticker,shares\nAAPL,1\n' }, code: 1, stderr: /cash/, seconds: 10 },
  {
    name: '--as-of after the last price date is refused, naming the last date',
    args: ['optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--as-of', '2030-01-01'],
    code: 1,
    stderr: /2025-12-31/,
    seconds: 15,
  },
  {
    name: '--account-value with --holdings is refused at once, saying which to use',
    files: { 'lots.csv': 'ticker,shares\nAAPL,10\n' },
    args: ['optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--account-value', '100000', '--holdings', '@/lots.csv'],
    code: 1,
    stderr: /--account-value.*--holdings|--holdings.*--account-value/,
    seconds: 5,
  },

  // output paths (item 3)
  {
    name: 'batch --out an existing file is refused before any work, naming --out',
    files: { 'taken.txt': 'not a directory\n', 'book.csv': `${accountsHeader}\nA1,core,50000,taxable,,\n` },
    args: ['batch', '--accounts', '@/book.csv', '--universe', 'demo', '--use-case', 'index-tracking', '--out', '@/taken.txt'],
    code: 1,
    stderr: /--out/,
    seconds: 8,
    after: (dir) => expect(fs.readFileSync(path.join(dir, 'taken.txt'), 'utf8')).toBe('not a directory\n'),
  },
  {
    name: 'optimize --out where run.json is a directory is refused before any work',
    files: { 'out/run.json/keep': 'x' },
    args: ['optimize', '--universe', 'demo', '--use-case', 'index-tracking', '--out', '@/out'],
    code: 1,
    stderr: /--out|run\.json/,
    seconds: 8,
    after: (dir) => expect(fs.existsSync(path.join(dir, 'out', 'portfolio.csv'))).toBe(false),
  },

  // files with no end (item 4)
  { name: 'prices from /dev/zero end with an error within 10 s', args: ['data', 'import', '--universe', 'zero', '--prices', '/dev/zero'], code: 1, stderr: /\/dev\/zero/, seconds: 10 },
  {
    name: 'a gzip bomb ends with an error within 10 s',
    files: { 'bomb.csv.gz': zlib.gzipSync(Buffer.alloc(200 * 1024 * 1024)) },
    args: ['data', 'import', '--universe', 'bomb', '--prices', '@/bomb.csv.gz'],
    code: 1,
    stderr: /bomb\.csv\.gz/,
    seconds: 10,
  },
  {
    name: 'a line of a million characters is refused naming the file and line',
    files: { 'long.csv': `date,ticker,close\n2024-01-02,${'X'.repeat(1_000_000)},10\n` },
    args: ['data', 'import', '--universe', 'long', '--prices', '@/long.csv'],
    code: 1,
    stderr: /long\.csv.*line 2/,
    seconds: 10,
  },

  // implausible data (item 5)
  { name: 'a close of 1e308 is refused naming file, line and field', files: { 'p.csv': prices(3, 20, ['2024-03-01,T0,1e308']) }, args: ['data', 'import', '--universe', 'huge', '--prices', '@/p.csv'], code: 1, stderr: /p\.csv line 62, field close/ },
  { name: 'a price dated in the future is refused', files: { 'p.csv': prices(3, 20, ['2031-01-02,T0,10']) }, args: ['data', 'import', '--universe', 'future', '--prices', '@/p.csv'], code: 1, stderr: /p\.csv line 62, field date/ },
  { name: 'a negative close is refused', files: { 'p.csv': prices(3, 20, ['2024-03-01,T0,-3']) }, args: ['data', 'import', '--universe', 'negative', '--prices', '@/p.csv'], code: 1, stderr: /line 62, field close/ },
  { name: 'a ticker with a comma is refused', files: { 'p.csv': prices(3, 20, ['2024-03-01,"A,B",10']) }, args: ['data', 'import', '--universe', 'comma', '--prices', '@/p.csv'], code: 1, stderr: /field ticker/ },
  { name: 'a valid small file imports', files: { 'p.csv': prices(4, 30) }, args: ['data', 'import', '--universe', 'small', '--prices', '@/p.csv'], code: 0, stdout: /imported small: 120 price rows, 4 tickers/ },
  {
    name: 'constituent weights summing to 5.5 import with a warning',
    files: { 'p.csv': prices(4, 30), 'c.csv': 'ticker,weight\nT0,1\nT1,1.5\nT2,1.5\nT3,1.5\n' },
    args: ['data', 'import', '--universe', 'weights', '--prices', '@/p.csv', '--constituents', '@/c.csv'],
    code: 0,
    stderr: /warning: .*weight.*5\.5/,
  },

  // what a file may make the terminal print (items 5 and 7)
  {
    name: 'a header with terminal escapes is printed escaped',
    files: { 'p.csv': 'date,\x1b[31mticker\x1b[0m,price\x07\n2024-01-02,A,1\n' },
    args: ['data', 'import', '--universe', 'escapes', '--prices', '@/p.csv'],
    code: 1,
    stderr: /missing required column ticker .*\\x1b\[31mticker/,
  },
  {
    name: 'a file that is not a price CSV is refused without echoing its data lines',
    files: { 'secret.txt': `root:x:0:0:root:/root:/bin/bash\n${SECRET}:x:1:1\n` },
    args: ['data', 'import', '--universe', 'secret', '--prices', '@/secret.txt'],
    code: 1,
    never: [SECRET],
  },
  {
    name: 'an account id of 100,000 characters is refused, as is one of 5,000',
    files: { 'book.csv': `${accountsHeader}\n${'A'.repeat(100_000)},core,50000,taxable,,\n`, 'book5k.csv': `${accountsHeader}\n${'A'.repeat(5000)},core,50000,taxable,,\n` },
    args: ['accounts', 'import', '@/book.csv', '--book', 'long-id'],
    code: 1,
    stderr: /book\.csv line 2/,
    after: (dir) => {
      const r = jessica(sharedHome, ['accounts', 'import', path.join(dir, 'book5k.csv'), '--book', 'long-id'], 20);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/line 2, field account_id/);
    },
  },
  { name: 'an account value of 1e308 is refused', files: { 'book.csv': `${accountsHeader}\nA1,core,1e308,taxable,,\n` }, args: ['accounts', 'import', '@/book.csv', '--book', 'huge'], code: 1, stderr: /line 2, field value/ },

  // files that are not there or not files
  { name: 'a missing prices file exits 1 naming it', args: ['data', 'import', '--universe', 'missing', '--prices', '@/nope.csv'], code: 1, stderr: /nope\.csv: file not found/ },
  { name: 'a directory given as a file exits 1', files: { 'dir/x': '' }, args: ['data', 'import', '--universe', 'dir', '--prices', '@/dir'], code: 1, stderr: /is a directory/ },
  { name: 'an empty file exits 1', files: { 'empty.csv': '' }, args: ['data', 'import', '--universe', 'empty', '--prices', '@/empty.csv'], code: 1, stderr: /empty/ },
  { name: 'a header-only file exits 1', files: { 'h.csv': 'date,ticker,close\n' }, args: ['data', 'import', '--universe', 'h', '--prices', '@/h.csv'], code: 1, stderr: /no data rows/ },
  { name: 'a bad number exits 1 naming line and field', files: { 'p.csv': prices(3, 20, ['2024-03-01,T0,abc']) }, args: ['data', 'import', '--universe', 'nan', '--prices', '@/p.csv'], code: 1, stderr: /line 62, field close/ },
  { name: 'a bad tax status exits 1 naming the field', files: { 'book.csv': `${accountsHeader}\nA1,core,50000,offshore,,\n` }, args: ['accounts', 'import', '@/book.csv', '--book', 'tax'], code: 1, stderr: /tax_status/ },

  // the store itself (item 5: store errors named with their path)
  {
    name: 'a corrupt jessica.sqlite exits 1 naming the file',
    ownHome: (home) => fs.writeFileSync(path.join(home, 'jessica.sqlite'), 'this is not a database, just text that fills a page '.repeat(200)),
    args: ['data', 'list'],
    code: 1,
    stderr: /jessica\.sqlite/,
  },
];

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'jessica-corpus-'));
  sharedHome = path.join(root, 'home');
  fs.mkdirSync(sharedHome);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;

describe('the reliability corpus: every case ends with a clear line and an exit code of 0, 1 or 2', () => {
  corpus.forEach((c, k) => {
    it(c.name, () => {
      const dir = path.join(root, `case-${k}`);
      fs.mkdirSync(dir);
      for (const [name, content] of Object.entries(c.files ?? {})) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), content);
      }
      let home = sharedHome;
      if (c.ownHome) {
        home = path.join(dir, 'home');
        fs.mkdirSync(home);
        c.ownHome(home);
      }
      const seconds = c.seconds ?? 60;
      const run = jessica(home, c.args.map((a) => a.replace(/^@\//, `${dir}/`)), seconds);
      const output = `${run.stdout}\n${run.stderr}`;
      expect(run.code, output).toBe(c.code);
      expect(run.seconds, 'seconds').toBeLessThan(seconds);
      expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(output).not.toMatch(RAW_CONTROL);
      // the user's own argument may be quoted back; nothing else may say Infinity or NaN
      const echoed = c.args.some((a) => /Infinity|NaN/.test(a));
      if (!echoed) expect(output).not.toMatch(/\bInfinity\b|\bNaN\b/);
      if (c.stderr) expect(run.stderr).toMatch(c.stderr);
      if (c.stdout) expect(run.stdout).toMatch(c.stdout);
      for (const text of c.never ?? []) expect(output).not.toContain(text);
      c.after?.(dir, run);
    });
  });
});
