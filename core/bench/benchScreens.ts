import { benchScreenTitles, type BenchRow } from '../../api/bench.ts';
import { Cancelled, throwIfCancelled } from '../errors.ts';
import type { JobControl } from '../jobs/jobControl.ts';
import type { RunRecorder } from '../runs/runRecorder.ts';
import type { CoreServices } from '../services.ts';
import type { BenchData } from './benchData.ts';
import { median } from './benchMeasures.ts';
import type { PlannedRow } from './benchPlan.ts';
import type { ScreenSession, ScreenVisit } from './screenTimer.ts';

const MIB = 2 ** 20;

type ScreensRow = Extract<PlannedRow, { kind: 'screens' }>;

/**
 * A `screens` row: its screen visited in a browser on the stored batch the setup made for its book (benchData.ts),
 * once untimed (the warm-up: the server's and the browser's caches), then `repeats` times, each a span of the
 * bench's run and each from a fresh browser context (the visits are no jobs: nothing else is stored). Skipped with
 * the reason when the setup found no browser, failed when its batch could not be made or a visit failed.
 *
 * The row's time is the visit's, to the rendered screen; its stages are the core methods the screen called (the
 * core's time per visit, median); its answer the calls' sizes as the browser received them and the page's JS heap;
 * its peak memory the resident set and heap of this process, which serves the page, read after each visit.
 */
export async function runScreensRow(
  services: CoreServices,
  row: ScreensRow,
  base: BenchRow,
  data: BenchData,
  rec: RunRecorder,
  control: JobControl,
  report: (message: string, fraction: number) => void,
): Promise<BenchRow> {
  const browser = data.screens;
  if (browser === null || browser.state !== 'ready') {
    return { ...base, status: browser?.state ?? 'skipped', reason: browser?.reason ?? 'the setup prepared no browser for the screens' };
  }
  const batch = data.screensBatchFor(row.setup, row.settings);
  if ('failed' in batch) return { ...base, status: 'failed', reason: batch.failed };
  const { screen } = row.setup;
  const title = benchScreenTitles[screen];

  const visits: ScreenVisit[] = [];
  let peak = { rssMiB: 0, heapMiB: 0 };
  let failure: string | null = null;
  let session: ScreenSession | undefined;
  try {
    const opened = await rec.span('browser', () => browser.timer.open(services, batch.runId));
    session = opened;
    report(`warm-up: ${title}`, 0);
    await rec.span('warm-up', () => opened.visit(screen));
    for (let r = 1; r <= row.repeats; r++) {
      throwIfCancelled(control.signal);
      report(`visit ${r} of ${row.repeats}: ${title}`, r / (row.repeats + 1));
      visits.push(await rec.span(`repeat ${r}`, () => opened.visit(screen)));
      const memory = process.memoryUsage();
      peak = { rssMiB: Math.max(peak.rssMiB, memory.rss / MIB), heapMiB: Math.max(peak.heapMiB, memory.heapUsed / MIB) };
    }
  } catch (error) {
    if (error instanceof Cancelled) throw new Cancelled(`the bench was cancelled during ${row.label}`);
    failure = error instanceof Error ? error.message : String(error);
  } finally {
    await session?.close();
  }

  const times = visits.map((v) => v.ms);
  return {
    ...base,
    data: `${title} on ${batch.description}`,
    repeats: visits.length,
    medianMs: times.length > 0 ? median(times) : null,
    minMs: times.length > 0 ? Math.min(...times) : null,
    maxMs: times.length > 0 ? Math.max(...times) : null,
    stageMedianMs: callMedians(visits, (calls) => calls.reduce((sum, c) => sum + c.ms, 0)),
    peakRssMiB: visits.length > 0 ? peak.rssMiB : null,
    peakHeapMiB: visits.length > 0 ? peak.heapMiB : null,
    answer: visits.length > 0 ? callSizes(visits) : null,
    status: failure === null ? 'ok' : 'failed',
    reason: failure,
    environment: session?.browser ?? browser.browser,
  };
}

/** Per method the screen called, `figure` of its calls in a visit, median over the visits that called it. */
function callMedians(visits: readonly ScreenVisit[], figure: (calls: ScreenVisit['calls']) => number): Record<string, number> {
  const methods = [...new Set(visits.flatMap((v) => v.calls.map((c) => c.method)))];
  return Object.fromEntries(
    methods.map((method) => [method, median(visits.filter((v) => v.calls.some((c) => c.method === method)).map((v) => figure(v.calls.filter((c) => c.method === method))))]),
  );
}

/** `book/runs 0.4 kB, book/run 31.9 kB ×2; page JS heap 8 MiB`: each method's answer size per visit (median), and how often it was called when more than once. */
function callSizes(visits: readonly ScreenVisit[]): string {
  const bytes = callMedians(visits, (calls) => calls.reduce((sum, c) => sum + c.bytes, 0));
  const count = callMedians(visits, (calls) => calls.length);
  const size = (b: number) => (b >= 1e6 ? `${(b / 1e6).toFixed(2)} MB` : `${(b / 1e3).toFixed(1)} kB`);
  const calls = Object.entries(bytes).map(([method, b]) => `${method} ${size(b)}${count[method]! > 1 ? ` ×${count[method]}` : ''}`);
  return `${calls.join(', ') || 'no calls'}; page JS heap ${median(visits.map((v) => v.pageHeapMiB)).toFixed(0)} MiB`;
}
