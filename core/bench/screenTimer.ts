import type { BenchScreen } from '../../api/bench.ts';
import type { CoreServices } from '../services.ts';

/**
 * How the bench times the app's screens in a browser: a capability a shell gives the core (CoreServices.screenTimer),
 * since the core knows no browser, no HTTP server and no built renderer. `jessica bench` gives one that serves the
 * built renderer over the same bridge as `jessica serve` and drives Chromium (cli/screenTimer.ts); where none is
 * given (the app's Bench screen, a test), the bench's screens rows are skipped with the reason.
 */
export interface ScreenTimer {
  /**
   * Readies what the visits need (the built renderer, the browser), once, in the bench's untimed setup: the
   * browser the screens will be timed in, or why they cannot be timed here, in one line.
   */
  prepare(options: { signal?: AbortSignal }): Promise<{ ready: true; browser: string } | { ready: false; reason: string }>;
  /** A browser on the app served over `services`, showing the stored batch run `runId`, until closed. */
  open(services: CoreServices, runId: number): Promise<ScreenSession>;
}

export interface ScreenSession {
  /** the browser as the bench's table names it: `Chromium 131.0.6778.85 (headless, 1280×800)` */
  browser: string;
  /** One visit of `screen` in a fresh browser context; throws when the screen does not render in time. */
  visit(screen: BenchScreen): Promise<ScreenVisit>;
  close(): Promise<void>;
}

/** One call the page made to the core during a visit. */
export interface ScreenCall {
  /** `book/run` */
  method: string;
  /** the core's time: from the bridge handing it the call to its answer object (validation and the query) */
  ms: number;
  /** the answer's body as the browser received it */
  bytes: number;
}

/** What one visit measured. */
export interface ScreenVisit {
  /**
   * From the visit's start (the page's time origin for a page load, else the click) to the first animation frame
   * whose DOM holds the screen's content, and a task after it (its paint), ms, on the page's clock.
   */
  ms: number;
  /** the calls the screen made, those it makes once drawn included, in the order they ended */
  calls: ScreenCall[];
  /** the page's V8 heap in use after the visit, MiB */
  pageHeapMiB: number;
}
