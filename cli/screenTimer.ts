import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright';
import { benchScreenTitles, type BenchScreen } from '../api/bench.ts';
import type { BatchRunDetail, BatchRunSummary, ClusterSummary } from '../api/book.ts';
import type { Envelope } from '../api/envelope.ts';
import type { ScreenCall, ScreenSession, ScreenTimer, ScreenVisit } from '../core/bench/screenTimer.ts';
import { createCore, type Core } from '../core/createCore.ts';
import type { CoreServices } from '../core/services.ts';
import { createBridge } from '../server/createBridge.ts';
import { launchToken } from '../server/launchToken.ts';
import { builtRenderer } from './rendererBuild.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where Debian (and Ubuntu) put Chromium; Playwright's own browsers are never downloaded here. */
const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const VIEWPORT = { width: 1280, height: 800 };
const MIB = 2 ** 20;

export interface ChromiumScreenTimerOptions {
  /** the browser (default: $JESSICA_E2E_CHROMIUM, as the end-to-end tests take it, else Debian's chromium) */
  executablePath?: string;
  /** a built renderer served as it is (index.html and its assets); default: dist/renderer, built first when missing or stale, as `jessica serve` does */
  rendererDir?: string;
  /** how long a screen may take to render before its visit fails, ms */
  renderTimeoutMs?: number;
  /** where the renderer's build says it is building */
  log?: (line: string) => void;
}

type Playwright = typeof import('playwright');

/**
 * The bench's screen timer for `jessica bench` (core/bench/screenTimer.ts): the built renderer served in this process
 * over the same bridge `jessica serve` starts, on a core over the bench's own services (its store and pools), and
 * Debian's Chromium driven by Playwright, headless at 1280×800, a fresh browser context per visit:
 *
 * - `book-load`: from navigation to `#book` to the clusters table holding every cluster of the run, its figures and
 *   the accounts table its first rows, on the page's clock from its time origin (the bundle's download and start in);
 * - `book-nav`: the app already open on the Data screen with its calls done, from the click on Book to the same;
 * - `cluster`: the Book screen drawn, from the click on the run's largest cluster to its title, its full target, its
 *   dispersion and its first members;
 * - `account`: that cluster drawn, from the click on its first member to the account's title and holdings.
 *
 * "Rendered" is the first animation frame whose DOM holds the content, and a task after it (the paint). A visit's
 * calls are the page's /rpc/ calls until none is pending (those a screen makes once drawn included), each timed at
 * the core's dispatch and sized as the browser received it.
 *
 * The Book screen opens on the newest batch run; the bench's own batch rows may have stored newer ones, so the served
 * `book/runs` answer lists the measured run first (the same runs, so the same size).
 */
export function chromiumScreenTimer(options: ChromiumScreenTimerOptions = {}): ScreenTimer {
  const renderTimeoutMs = options.renderTimeoutMs ?? 60_000;
  let ready: { playwright: Playwright; executablePath: string; rendererDir: string; browser: string } | undefined;
  return {
    async prepare() {
      const executablePath = options.executablePath ?? process.env.JESSICA_E2E_CHROMIUM ?? CHROMIUM_PATHS.find((p) => existsSync(p)) ?? CHROMIUM_PATHS[0]!;
      if (!existsSync(executablePath)) {
        return { ready: false, reason: `no Chromium at ${executablePath} to time the screens in: install Debian's chromium package (apt-get install chromium), or set JESSICA_E2E_CHROMIUM to a Chromium` };
      }
      let playwright: Playwright;
      try {
        playwright = await import('playwright');
      } catch (error) {
        return { ready: false, reason: `Playwright, which drives the browser, cannot be loaded (${firstLine(error)}): it is a development dependency, installed by npm ci` };
      }
      let rendererDir: string;
      try {
        rendererDir = options.rendererDir ?? (await builtRenderer({ configFile: path.join(repoRoot, 'renderer/vite.config.ts'), folders: [path.join(repoRoot, 'renderer'), path.join(repoRoot, 'api')] }, options.log ?? stderrLine));
        if (!existsSync(path.join(rendererDir, 'index.html'))) throw new Error(`${rendererDir} has no index.html`);
      } catch (error) {
        return { ready: false, reason: `the app is not built and cannot be built here (${firstLine(error)}): npm run build:renderer` };
      }
      let version: string;
      try {
        const browser = await launch(playwright, executablePath);
        version = browser.version();
        await browser.close();
      } catch (error) {
        return { ready: false, reason: `Chromium at ${executablePath} does not start: ${firstLine(error)}` };
      }
      const browser = `Chromium ${version} (headless, ${VIEWPORT.width}×${VIEWPORT.height})`;
      ready = { playwright, executablePath, rendererDir, browser };
      return { ready: true, browser };
    },

    async open(services, runId) {
      if (!ready) throw new Error('the screen timer was not prepared: call prepare first');
      return openSession(services, runId, ready, renderTimeoutMs);
    },
  };
}

/** A browser on a bridge serving a core over `services`, with every call the page makes timed. */
async function openSession(
  services: CoreServices,
  runId: number,
  { playwright, executablePath, rendererDir, browser: browserName }: { playwright: Playwright; executablePath: string; rendererDir: string; browser: string },
  renderTimeoutMs: number,
): Promise<ScreenSession> {
  const core = createCore(services);
  const shown = await core.dispatch('book/run', { runId });
  if (!shown.ok) throw new Error(`batch run ${runId} cannot be shown: ${shown.error.message}`);
  const clusters = (shown.value as BatchRunDetail).clusters;
  const listed = await core.dispatch('book/runs', { limit: 100 });
  if (listed.ok && !(listed.value as BatchRunSummary[]).some((r) => r.runId === runId)) {
    throw new Error(`batch run ${runId} is not among the 100 newest batch runs the Book screen lists`);
  }
  const served = timedCore(core, runId);
  const bridge = await createBridge({ core: served.core, token: launchToken({}), rendererDir, workspace: path.join(services.home, 'workspace'), port: 0, host: '127.0.0.1' });
  let browser: Browser;
  try {
    browser = await launch(playwright, executablePath);
  } catch (error) {
    await bridge.close();
    throw error;
  }
  const visits = new ScreenVisits(browser, bridge.url, served.calls, clusters, renderTimeoutMs);
  return {
    browser: browserName,
    visit: (screen) => visits.visit(screen),
    async close() {
      await browser.close();
      await bridge.close();
    },
  };
}

function launch(playwright: Playwright, executablePath: string): Promise<Browser> {
  return playwright.chromium.launch({ executablePath, args: ['--no-sandbox'] });
}

/** The core the bridge serves: every call timed at its dispatch, `book/runs` with the measured run first. */
function timedCore(core: Core, runId: number): { core: Pick<Core, 'dispatch' | 'subscribe'>; calls: { method: string; ms: number }[] } {
  const calls: { method: string; ms: number }[] = [];
  return {
    calls,
    core: {
      subscribe: (event, handler) => core.subscribe(event, handler),
      async dispatch(method, args) {
        const started = performance.now();
        const envelope = await core.dispatch(method, args);
        calls.push({ method, ms: performance.now() - started });
        return method === 'book/runs' ? measuredRunFirst(envelope, runId) : envelope;
      },
    },
  };
}

function measuredRunFirst(envelope: Envelope<unknown>, runId: number): Envelope<unknown> {
  if (!envelope.ok) return envelope;
  const runs = envelope.value as BatchRunSummary[];
  return { ...envelope, value: [...runs.filter((r) => r.runId === runId), ...runs.filter((r) => r.runId !== runId)] };
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
 * taken after that frame's paint (a task queued from its callback runs after it); rejects after `timeoutMs`.
 */
const untilRendered = `(ready, timeoutMs) => new Promise((resolve, reject) => {
  const deadline = performance.now() + timeoutMs;
  const check = () => {
    if (ready()) requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
    else if (performance.now() > deadline) reject(new Error('not rendered within ' + timeoutMs + ' ms'));
    else requestAnimationFrame(check);
  };
  check();
})`;

/** A page in its own browser context, what it threw, and its /rpc/ traffic. */
interface OpenPage {
  page: Page;
  traffic: RpcTraffic;
  errors: string[];
  close(): Promise<void>;
}

/** One screen visit after another, each from a fresh browser context on the served app. */
class ScreenVisits {
  private readonly largest: ClusterSummary;

  constructor(
    private readonly browser: Browser,
    private readonly url: string,
    private readonly calls: { method: string; ms: number }[],
    private readonly clusters: readonly ClusterSummary[],
    private readonly timeoutMs: number,
  ) {
    this.largest = clusters.reduce((a, b) => (b.accounts > a.accounts ? b : a));
  }

  async visit(screen: BenchScreen): Promise<ScreenVisit> {
    const open = await this.openPage();
    try {
      const ms = await this.timed(screen, open).catch((error: unknown) => {
        const threw = open.errors.length > 0 ? `; the page threw: ${open.errors[0]}` : '';
        throw new Error(`the ${benchScreenTitles[screen]} screen: ${firstLine(error)}${threw}`);
      });
      const calls = await this.settle(open.traffic);
      const heap = (await open.page.evaluate('performance.memory ? performance.memory.usedJSHeapSize : 0')) as number;
      return { ms, calls, pageHeapMiB: heap / MIB };
    } finally {
      await open.close();
    }
  }

  /** The visit's time; what it does before its start (opening the app, the screens before) is not timed and its calls not counted. */
  private async timed(screen: BenchScreen, { page, traffic }: OpenPage): Promise<number> {
    if (screen === 'book-load') {
      this.calls.splice(0);
      return this.loadBook(page);
    }
    if (screen === 'book-nav') {
      await page.goto(`${this.url}#data`, { waitUntil: 'networkidle' });
      await page.getByTestId('nav-book').waitFor();
      await this.settle(traffic);
      return this.clicked(page, 'document.querySelector("[data-testid=nav-book]")', this.bookReady());
    }
    await this.loadBook(page);
    await this.settle(traffic);
    const cluster = JSON.stringify(this.largest.clusterId);
    const clusterButton = `[...document.querySelectorAll('[data-testid=cluster-open]')].find((b) => b.textContent.trim() === ${cluster})`;
    const clusterReady = `() => {
      const title = document.querySelector('[data-testid=cluster-title]');
      return title !== null && title.textContent.includes(${cluster})
        && document.querySelectorAll('[data-testid=target-row]').length === ${this.largest.names}
        && document.querySelector('[data-testid=dispersion-table]') !== null
        && document.querySelectorAll('[data-testid=account-row]').length > 0;
    }`;
    if (screen === 'cluster') return this.clicked(page, clusterButton, clusterReady);
    await this.clicked(page, clusterButton, clusterReady);
    await this.settle(traffic);
    const member = `document.querySelector('[data-testid=account-row] [data-testid=account-open]')`;
    const accountReady = `() => {
      const title = document.querySelector('[data-testid=account-title]');
      return title !== null && title.textContent.includes(window.__account) && document.querySelectorAll('[data-testid=account-holding]').length > 0;
    }`;
    await page.evaluate(`window.__account = ${member}.textContent.trim()`);
    return this.clicked(page, member, accountReady);
  }

  private bookReady(): string {
    return `() => document.querySelectorAll('[data-testid=cluster-row]').length === ${this.clusters.length}
      && document.querySelector('[data-testid=batch-summary]') !== null
      && document.querySelectorAll('[data-testid=accounts-table] [data-testid=account-row]').length > 0`;
  }

  /** Opens the app on the Book screen: ms from the page's time origin to the rendered screen. */
  private async loadBook(page: Page): Promise<number> {
    await page.addInitScript(`window.__rendered = (${untilRendered})(${this.bookReady()}, ${this.timeoutMs}); window.__rendered.catch(() => {});`);
    await page.goto(`${this.url}#book`, { waitUntil: 'commit' });
    return (await page.evaluate('window.__rendered')) as number;
  }

  /** Clicks what `button` finds: ms from the click to the rendered screen `ready` says. */
  private async clicked(page: Page, button: string, ready: string): Promise<number> {
    return (await page.evaluate(`(() => {
      const button = ${button};
      if (!button) throw new Error('nothing to click');
      const started = performance.now();
      button.click();
      return (${untilRendered})(${ready}, ${this.timeoutMs}).then((t) => t - started);
    })()`)) as number;
  }

  private async openPage(): Promise<OpenPage> {
    const context = await this.browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return { page, traffic: rpcTraffic(page), errors, close: () => context.close() };
  }

  /**
   * The calls since the last settle, once the page waits for none (a screen's calls after it is drawn belong to
   * its visit), each with its answer's size; the core's list and the browser's are matched by method, in order.
   */
  private async settle(traffic: RpcTraffic): Promise<ScreenCall[]> {
    const deadline = Date.now() + 30_000;
    while ((traffic.pending > 0 || traffic.sizes.length < this.calls.length) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const unmatched = traffic.sizes.splice(0);
    return this.calls.splice(0).map((c) => {
      const k = unmatched.findIndex((s) => s.method === c.method);
      const bytes = k >= 0 ? unmatched.splice(k, 1)[0]!.bytes : 0;
      return { ...c, bytes };
    });
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function stderrLine(line: string): void {
  process.stderr.write(`${line}\n`);
}
