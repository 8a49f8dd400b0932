/**
 * bench/screens: the UI in the performance train (issue 17): the Book, Cluster and Account screens on a batch of
 * 10,000 accounts, time to a rendered screen in Chromium.
 *
 *   npm run bench:screens -- [--accounts 10000] [--universe demo|sp500] [--repeats 5] [--out FILE.md] [--home DIR]
 *                            [--renderer DIR]
 *
 * Prepares once and reuses (keyed by its data directory, by default $TMPDIR/jessica-bench-screens/UNIVERSE-ACCOUNTS)
 * a demo book of `accounts` accounts (seed 1) and its batch (index-tracking), each step a `jessica` process; the sp500
 * universe is imported from ../shared/data first. Builds the renderer into a directory of its own when it is missing
 * or older than its sources (so a build elsewhere cannot change it under the bench; --renderer serves another build, to
 * compare two), serves it in this process over the same bridge `jessica serve` starts, and drives Debian's Chromium
 * with Playwright, a fresh browser context per repeat:
 *
 * - Book (page load): from navigation to `#book` to the clusters table holding every cluster and the accounts table
 *   its first rows (measured in the page from its time origin: the bundle's download and start included);
 * - Book (from the nav): the app already open on another screen, from the click on Book to the same;
 * - Cluster: from the click on the largest cluster to its title, its full target and its first members;
 * - Account: from the click on the cluster's first member to its title and holdings.
 *
 * "Rendered" is the first animation frame whose DOM holds the content, and a task after it (the paint). Each screen's
 * calls are timed at the core's dispatch (validation, the query, the answer object: the JSON text is the bridge's)
 * and sized as the browser received them. Prints medians and spreads as a markdown table and writes it to --out, with
 * the machine's load average (other work on the cores shows in the spread).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright';
import type { ClusterSummary } from '../api/book.ts';
import { staleReason } from '../cli/rendererBuild.ts';
import { createCore, type Core } from '../core/createCore.ts';
import { openServices } from '../core/services.ts';
import { createBridge } from '../server/createBridge.ts';
import { median, markdownTable as table } from './benchTable.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = path.resolve(root, '../shared/data/sp500');
const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '10000' },
    universe: { type: 'string', default: 'demo' },
    repeats: { type: 'string', default: '5' },
    out: { type: 'string' },
    home: { type: 'string' },
    renderer: { type: 'string' },
    chromium: { type: 'string', default: process.env.JESSICA_E2E_CHROMIUM ?? '/usr/bin/chromium' },
  },
});
const accounts = Number(values.accounts);
const repeats = Number(values.repeats);
const universe = values.universe;
if (!Number.isInteger(accounts) || accounts < 1) throw new Error(`--accounts: expected a whole number of accounts, got "${values.accounts}"`);
if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats: expected a whole number, got "${values.repeats}"`);
if (universe !== 'demo' && universe !== 'sp500') throw new Error(`--universe: demo or sp500, got "${universe}"`);
if (!existsSync(values.chromium)) throw new Error(`--chromium: ${values.chromium} does not exist (Debian's chromium package; never npx playwright install)`);

const benchRoot = path.join(os.tmpdir(), 'jessica-bench-screens');
const home = path.resolve(values.home ?? path.join(benchRoot, `${universe}-${accounts}`));
const BOOK = 'screens';

// ---- the book and its batch, prepared once per data directory

interface Prepared {
  runId: number;
  accounts: number;
  preparedAt: string;
}

function jessica(...args: string[]): string {
  return execFileSync(process.execPath, [path.join(root, 'bin/jessica.mjs'), ...args], { cwd: root, env: { ...process.env, JESSICA_HOME: home }, encoding: 'utf8', maxBuffer: 1 << 26 });
}

function prepare(): Prepared {
  const marker = path.join(home, 'bench-screens.json');
  if (existsSync(marker)) {
    const kept = JSON.parse(readFileSync(marker, 'utf8')) as Prepared;
    process.stderr.write(`reusing batch run ${kept.runId} in ${home} (prepared ${kept.preparedAt}; delete the directory to prepare again)\n`);
    return kept;
  }
  mkdirSync(home, { recursive: true });
  const say = (what: string) => process.stderr.write(`${home}: ${what}\n`);
  if (universe === 'sp500') {
    say('importing the S&P 500 from ../shared/data');
    jessica('data', 'import', '--universe', 'sp500', '--prices', `${shared}/prices.csv.gz`, '--constituents', `${shared}/constituents.csv`, '--index', `${shared}/index.csv`);
  }
  say(`generating and importing ${accounts.toLocaleString('en-US')} accounts`);
  const book = path.join(home, 'book.csv');
  const lots = path.join(home, 'lots.csv');
  jessica('accounts', 'generate', '--count', String(accounts), '--seed', '1', '--universe', universe, '--out', book, '--holdings-out', lots);
  jessica('accounts', 'import', book, '--holdings', lots, '--book', BOOK);
  say('running the batch');
  const printed = jessica('batch', '--book', BOOK, '--universe', universe, '--use-case', 'index-tracking');
  const runId = Number(/\[run (\d+)\]/.exec(printed)?.[1]);
  if (!Number.isInteger(runId)) throw new Error(`the batch printed no run id:\n${printed}`);
  const prepared = { runId, accounts, preparedAt: new Date().toISOString() };
  writeFileSync(marker, JSON.stringify(prepared));
  return prepared;
}

// ---- the renderer, built where nothing else writes

async function renderer(): Promise<string> {
  const configFile = path.join(root, 'renderer/vite.config.ts');
  const outDir = path.join(benchRoot, 'renderer');
  const reason = staleReason(outDir, [path.join(root, 'renderer'), path.join(root, 'api'), configFile]);
  if (reason !== undefined) {
    process.stderr.write(`building the renderer into ${outDir} (${reason})\n`);
    const vite = await import('vite');
    await vite.build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  }
  return outDir;
}

// ---- one screen, measured

interface Call {
  method: string;
  ms: number;
  bytes: number;
}

interface Sample {
  ms: number;
  calls: Call[];
  heapMb: number;
  /** page loads: when the bundle had run (DOMContentLoaded's end), ms from the time origin */
  startedMs?: number;
}

/** The core with every call timed; `calls` is emptied by whoever reads it. */
function timedCore(core: Core): { core: Pick<Core, 'dispatch' | 'subscribe'>; calls: { method: string; ms: number }[] } {
  const calls: { method: string; ms: number }[] = [];
  return {
    calls,
    core: {
      subscribe: (event, handler) => core.subscribe(event, handler),
      async dispatch(method, args) {
        const started = performance.now();
        const envelope = await core.dispatch(method, args);
        calls.push({ method, ms: performance.now() - started });
        return envelope;
      },
    },
  };
}

/** The page's /rpc/ calls: the sizes of the answers it received, in order, and how many it still waits for. */
interface RpcTraffic {
  sizes: { method: string; bytes: number }[];
  pending: number;
}

function rpcTraffic(page: Page): RpcTraffic {
  const traffic: RpcTraffic = { sizes: [], pending: 0 };
  const method = (url: string) => /\/rpc\/(.+)$/.exec(new URL(url).pathname)?.[1];
  page.on('request', (request) => {
    if (method(request.url()) !== undefined) traffic.pending++;
  });
  page.on('requestfailed', (request) => {
    if (method(request.url()) !== undefined) traffic.pending--;
  });
  page.on('requestfinished', (request) => {
    const m = method(request.url());
    if (m === undefined) return;
    void request.sizes().then((s) => {
      traffic.sizes.push({ method: m, bytes: s.responseBodySize });
      traffic.pending--;
    });
  });
  return traffic;
}

/**
 * In the page: resolves with performance.now() at the first frame whose DOM satisfies `ready` (polled every frame),
 * taken after that frame's paint (a task queued from its callback runs after it).
 */
const untilRendered = `(ready) => new Promise((resolve) => {
  const check = () => { if (ready()) requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)); else requestAnimationFrame(check); };
  check();
})`;

const bookReady = (clusters: number) => `() => document.querySelectorAll('[data-testid=cluster-row]').length === ${clusters}
  && document.querySelector('[data-testid=batch-summary]') !== null
  && document.querySelectorAll('[data-testid=accounts-table] [data-testid=account-row]').length > 0`;

async function heapMb(page: Page): Promise<number> {
  return page.evaluate(() => ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 2 ** 20);
}

/**
 * The calls of one screen visit, once the page waits for none (a screen's calls after it is drawn belong to its
 * visit, not to the next one's), each with its answer's size.
 */
async function settle(timing: ReturnType<typeof timedCore>, traffic: RpcTraffic): Promise<Call[]> {
  const deadline = Date.now() + 30_000;
  while ((traffic.pending > 0 || traffic.sizes.length < timing.calls.length) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const unmatched = traffic.sizes.splice(0);
  return timing.calls.splice(0).map((c) => {
    const k = unmatched.findIndex((s) => s.method === c.method);
    const bytes = k >= 0 ? unmatched.splice(k, 1)[0]!.bytes : 0;
    return { ...c, bytes };
  });
}

interface Measured {
  'Book (page load)': Sample[];
  'Book (from the nav)': Sample[];
  Cluster: Sample[];
  Account: Sample[];
}

async function measure(browser: Browser, url: string, timing: ReturnType<typeof timedCore>, clusters: ClusterSummary[]): Promise<Measured> {
  const largest = clusters.reduce((a, b) => (b.accounts > a.accounts ? b : a));
  const out: Measured = { 'Book (page load)': [], 'Book (from the nav)': [], Cluster: [], Account: [] };
  const withHash = (hash: string) => `${url}#${hash}`;
  for (let r = 0; r < repeats; r++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const traffic = rpcTraffic(page);
    try {
      // Book, from navigation: the time since the page's time origin
      timing.calls.splice(0);
      await page.addInitScript(`window.__rendered = (${untilRendered})(${bookReady(clusters.length)});`);
      await page.goto(withHash('book'), { waitUntil: 'commit' });
      const loadMs = (await page.evaluate('window.__rendered')) as number;
      const startedMs = (await page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")) as number;
      out['Book (page load)'].push({ ms: loadMs, calls: await settle(timing, traffic), heapMb: await heapMb(page), startedMs });

      // Cluster: the largest one, from the click on its row
      const clusterMs = (await page.evaluate(
        `(() => {
          const button = [...document.querySelectorAll('[data-testid=cluster-open]')].find((b) => b.textContent.trim() === ${JSON.stringify(largest.clusterId)});
          const started = performance.now();
          button.click();
          return (${untilRendered})(() => {
            const title = document.querySelector('[data-testid=cluster-title]');
            return title !== null && title.textContent.includes(${JSON.stringify(largest.clusterId)})
              && document.querySelectorAll('[data-testid=target-row]').length === ${largest.names}
              && document.querySelector('[data-testid=dispersion-table]') !== null
              && document.querySelectorAll('[data-testid=account-row]').length > 0;
          }).then((t) => t - started);
        })()`,
      )) as number;
      out.Cluster.push({ ms: clusterMs, calls: await settle(timing, traffic), heapMb: await heapMb(page) });

      // Account: the cluster's first member, from the click on it
      const accountMs = (await page.evaluate(
        `(() => {
          const button = document.querySelector('[data-testid=account-row] [data-testid=account-open]');
          const id = button.textContent.trim();
          const started = performance.now();
          button.click();
          return (${untilRendered})(() => {
            const title = document.querySelector('[data-testid=account-title]');
            return title !== null && title.textContent.includes(id) && document.querySelectorAll('[data-testid=account-holding]').length > 0;
          }).then((t) => t - started);
        })()`,
      )) as number;
      out.Account.push({ ms: accountMs, calls: await settle(timing, traffic), heapMb: await heapMb(page) });
    } finally {
      await context.close();
    }

    // Book from the nav: a fresh app opened on the Data screen, its own calls done, then the click on Book
    const context2 = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page2 = await context2.newPage();
    const traffic2 = rpcTraffic(page2);
    try {
      await page2.goto(withHash('data'), { waitUntil: 'networkidle' });
      await page2.getByTestId('nav-book').waitFor();
      await settle(timing, traffic2);
      const navMs = (await page2.evaluate(
        `(() => {
          const started = performance.now();
          document.querySelector('[data-testid=nav-book]').click();
          return (${untilRendered})(${bookReady(clusters.length)}).then((t) => t - started);
        })()`,
      )) as number;
      out['Book (from the nav)'].push({ ms: navMs, calls: await settle(timing, traffic2), heapMb: await heapMb(page2) });
    } finally {
      await context2.close();
    }
    process.stderr.write(`repeat ${r + 1} of ${repeats}: ${Object.entries(out).map(([k, v]) => `${k} ${(v.at(-1) as Sample).ms.toFixed(0)} ms`).join(', ')}\n`);
  }
  return out;
}

// ---- the run

const prepared = prepare();
const loadBefore = os.loadavg()[0]!;
const rendererDir = values.renderer !== undefined ? path.resolve(values.renderer) : await renderer();
const services = openServices({ home });
const core = createCore(services);
const timing = timedCore(core);
const token = 'bench-screens-0123456789abcdef';
const bridge = await createBridge({ core: timing.core, token, rendererDir, workspace: path.join(home, 'workspace'), port: 0, host: '127.0.0.1' });
const browser = await chromium.launch({ executablePath: values.chromium, args: ['--no-sandbox'] });
let measured: Measured;
let clusters: ClusterSummary[];
let names: number;
const chromiumVersion = browser.version();
try {
  // figures for the conditions, read straight from the store (not timed)
  clusters = JSON.parse(
    services.db.prepare("SELECT json_extract(result, '$.clusters') FROM runs WHERE id = ?").pluck().get(prepared.runId) as string,
  ) as ClusterSummary[];
  names = services.db.prepare('SELECT count(*) FROM batch_names WHERE run_id = ?').pluck().get(prepared.runId) as number;
  measured = await measure(browser, bridge.url, timing, clusters);
} finally {
  await browser.close();
  await bridge.close();
  await services.close();
}

const ms = (x: number) => `${x.toFixed(0)} ms`;
const kb = (b: number) => (b >= 1e6 ? `${(b / 1e6).toFixed(2)} MB` : `${(b / 1e3).toFixed(1)} kB`);
const largest = clusters.reduce((a, b) => (b.accounts > a.accounts ? b : a));
const data = `${universe} (${names} names), ${prepared.accounts.toLocaleString('en-US')} accounts, ${clusters.length} clusters (largest ${largest.clusterId}: ${largest.accounts.toLocaleString('en-US')} accounts, ${largest.names} target names), run ${prepared.runId}`;
const rows = Object.entries(measured).map(([screen, samples]: [string, Sample[]]) => {
  const times = samples.map((s) => s.ms);
  // each method's median time over the repeats, with the size of its answer
  const methods = [...new Set(samples.flatMap((s) => s.calls.map((c) => c.method)))];
  const calls = methods
    .map((m) => {
      const of = samples.flatMap((s) => s.calls.filter((c) => c.method === m));
      return `${m} ×${(of.length / samples.length).toFixed(0)} ${ms(median(of.map((c) => c.ms)))} ${kb(median(of.map((c) => c.bytes)))}`;
    })
    .join('; ');
  return [screen, data, ms(median(times)), `${ms(Math.min(...times))}–${ms(Math.max(...times))}`, calls, `${median(samples.map((s) => s.heapMb)).toFixed(0)} MB`];
});
const peakServerMb = process.resourceUsage().maxRSS / 1024;
const text =
  `command: npm run bench:screens -- --accounts ${accounts} --universe ${universe} --repeats ${repeats}${values.renderer !== undefined ? ` --renderer ${values.renderer}` : ''}; Chromium ${chromiumVersion} (headless, 1280×800), ` +
  `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB; time to a rendered screen, median and spread over ${repeats} repeats; ` +
  `calls: per screen visit, the core's time (median) and the answer's size; server process peak RSS ${peakServerMb.toFixed(0)} MB; ` +
  `load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after\n\n` +
  table(['screen', 'data', 'median', 'spread', 'calls (core time, answer size)', 'page JS heap'], rows) +
  `\n\nBook (page load): the bundle had run (DOMContentLoaded) at ${ms(median(measured['Book (page load)'].map((s) => s.startedMs ?? 0)))} (median); ` +
  `a visit's calls include those a screen makes once it is drawn (the Book screen's batch form: universes, use cases and their facts)` +
  `\n\ntarget (issue 17): the Book screen on a 10,000-account batch renders in at most 1 s: ${ms(median(measured['Book (page load)'].map((s) => s.ms)))} from page load\n`;
process.stdout.write(text);
if (values.out) writeFileSync(values.out, text);
