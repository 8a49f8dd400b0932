import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Span } from '../../api/domain.ts';
import type { Envelope } from '../../api/envelope.ts';
import type { RunFile, StoredRun } from '../../api/runs.ts';
import { createCore, type Core } from '../createCore.ts';
import { openServices } from '../services.ts';
import { saveRun } from '../store/runStore.ts';
import { parseHtml, parseSvg, type MarkupDocument, type MarkupElement } from './testing/parsedMarkup.ts';
import { storedRun, syntheticBatch } from './testing/syntheticRuns.ts';

let home: string;
let core: Core;
beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), 'jessica-waterfall-file-'));
  core = createCore(openServices({ home, highsWorkers: 1 }));
});
afterAll(async () => {
  await core.services.close();
  rmSync(home, { recursive: true, force: true });
});

function value<T>(r: Envelope<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/** Stores the run as a job would and answers its id. */
function store(run: StoredRun): number {
  const { id: _id, durationMs: _d, createdAt: _c, ...input } = run;
  return saveRun(core.services.db, { ...input, spans: run.spans, samples: run.samples });
}

async function waterfall(id: number, format: 'svg' | 'html', withId?: number): Promise<RunFile> {
  return value<RunFile>(await core.dispatch('runs/waterfall', { id, format, ...(withId === undefined ? {} : { with: withId }) }));
}

/** Parses the SVG as strict XML: it throws on anything not well-formed. */
const svgDocument = (text: string): MarkupDocument => parseSvg(text);

const number = (el: MarkupElement, attr: string) => Number(el.getAttribute(attr));

/** Checks that every bar's x is one linear map of its start (the same time axis), and answers the map. */
function expectOneTimeAxis(bars: MarkupElement[], spans: Map<string, Span>): { x0: number; scale: number } {
  const timed = bars.map((b) => ({ x: number(b, 'x'), span: spans.get(`${b.getAttribute('data-run')}:${b.getAttribute('data-span')}`)! }));
  const first = timed.reduce((a, b) => (b.span.startMs < a.span.startMs ? b : a));
  const last = timed.reduce((a, b) => (b.span.startMs > a.span.startMs ? b : a));
  const scale = (last.x - first.x) / (last.span.startMs - first.span.startMs);
  const x0 = first.x - first.span.startMs * scale;
  for (const t of timed) expect(Math.abs(t.x - (x0 + t.span.startMs * scale))).toBeLessThan(0.02);
  return { x0, scale };
}

describe('runs/waterfall as SVG', () => {
  it('is well-formed XML with one bar per span at its start and duration, a title on every bar, an axis, a legend and the CPU and memory track', async () => {
    const run = syntheticBatch({ models: 30, lanes: 3, shape: 'worker', samples: true });
    const id = store(run);
    const file = await waterfall(id, 'svg');
    expect(file).toMatchObject({ fileName: `run-${id}-waterfall.svg`, mediaType: 'image/svg+xml' });
    const doc = svgDocument(file.text);
    expect(doc.documentElement.localName).toBe('svg');

    const bars = [...doc.querySelectorAll('rect.bar')];
    expect(bars.map((b) => Number(b.getAttribute('data-span'))).sort((a, b) => a - b)).toEqual(run.spans.map((s) => s.id));
    const spans = new Map(run.spans.map((s) => [`${id}:${s.id}`, s]));
    const { scale } = expectOneTimeAxis(bars, spans);
    for (const bar of bars) {
      const span = spans.get(`${id}:${bar.getAttribute('data-span')}`)!;
      expect(number(bar, 'width')).toBeCloseTo(Math.max(1, span.durationMs * scale), 1);
      const title = bar.querySelector('title')!.textContent!.split('\n');
      expect(title[0]).toBe(span.name);
      expect(title.join('\n')).toContain(`duration `);
      for (const [key, v] of Object.entries(span.attrs ?? {})) expect(title).toContain(`${key}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    }
    // coloured by stage: each stage one colour, no two stages alike (phases drawn inside a lane bar are darker shades)
    const ownRow = bars.filter((b) => b.getAttribute('stroke') === null);
    expect(ownRow.length).toBeLessThan(bars.length);
    const stageOf = (bar: MarkupElement) => {
      let span = spans.get(`${id}:${bar.getAttribute('data-span')}`)!;
      while (span.parent !== null) span = spans.get(`${id}:${span.parent}`)!;
      return span.name;
    };
    const fills = new Map<string, Set<string>>();
    for (const bar of ownRow) fills.set(stageOf(bar), (fills.get(stageOf(bar)) ?? new Set()).add(bar.getAttribute('fill')!));
    expect([...fills.values()].every((f) => f.size === 1)).toBe(true);
    expect(new Set([...fills.values()].map((f) => [...f][0])).size).toBe(fills.size);
    // the legend names the stages in their order, with their colours
    const swatches = [...doc.querySelectorAll('rect.swatch')];
    expect(swatches.map((s) => s.nextElementSibling!.textContent)).toEqual(['load', 'returns', 'cluster', 'optimize', 'minimum', 'map', 'write', 'persist']);
    for (const s of swatches) expect(s.getAttribute('fill')).toBe([...fills.get(s.nextElementSibling!.textContent!)!][0]);
    // the axis: ticks from 0 at 1, 2 or 5 times a power of ten
    const ticks = [...doc.querySelectorAll('text.tick')].map((t) => t.textContent);
    expect(ticks[0]).toBe('0');
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    // the track: CPU and RSS (no child process in this run), one point per sample on the same axis
    const lines = [...doc.querySelectorAll('polyline.track-line')];
    expect(lines.map((l) => l.querySelector('title')!.textContent!.split(':')[0])).toEqual(['CPU', 'RSS']);
    for (const line of lines) {
      const xs = line.getAttribute('points')!.split(' ').map((p) => Number(p.split(',')[0]));
      expect(xs).toHaveLength(run.samples.length);
      expect(xs[1]! - xs[0]!).toBeCloseTo(100 * scale, 1);
    }
    // nothing outside the file: the namespace is the only URL
    expect(file.text.replace('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:|href|url\(|@import|<image|<script|<foreignObject/i);
  });

  it('says there are no samples, and draws the child processes’ CPU and memory when a run has them', async () => {
    const bare = store(storedRun(0, 'optimize', [{ id: 1, parent: null, name: 'solve', startMs: 0, durationMs: 50 }]));
    expect(svgDocument((await waterfall(bare, 'svg')).text).querySelector('text.note:last-of-type')?.textContent).toBe('no CPU or memory samples for this run');
    const withChild = storedRun(0, 'compare', [{ id: 1, parent: null, name: 'solve', startMs: 0, durationMs: 500 }], [
      { tMs: 0, cpuPercent: 20, rssMiB: 200, heapUsedMiB: 50, childCpuPercent: 90, childRssMiB: 80 },
      { tMs: 250, cpuPercent: 10, rssMiB: 210, heapUsedMiB: 50, childCpuPercent: 99, childRssMiB: 120 },
    ]);
    const doc = svgDocument((await waterfall(store(withChild), 'svg')).text);
    expect([...doc.querySelectorAll('polyline.track-line title')].map((t) => t.textContent!.split(':')[0])).toEqual(['CPU', 'RSS', 'child CPU', 'child RSS']);
  });

  it('names, on the top one, the copies of one solve drawn over each other on a lane', async () => {
    const run = syntheticBatch({ models: 4, lanes: 2, clustersPerModel: 3, shape: 'lane' });
    const doc = svgDocument((await waterfall(store(run), 'svg')).text);
    const titles = [...doc.querySelectorAll('rect.bar title')].map((t) => t.textContent!);
    const top = titles.filter((t) => t.includes('the same work, drawn under it'));
    // per model, clusters c(3m+1), c(3m+2), c(3m+3): the last drawn names the two under it
    expect(top.map((t) => [t.split('\n')[0], t.split('\n').at(-1)])).toEqual([
      ['c003', 'the same work, drawn under it: c001, c002'],
      ['c006', 'the same work, drawn under it: c004, c005'],
      ['c009', 'the same work, drawn under it: c007, c008'],
      ['c012', 'the same work, drawn under it: c010, c011'],
    ]);
  });

  it('escapes what comes from the store: a span named <script>&", attributes that close tags, control characters', async () => {
    const hostile = '<script>&"';
    const run = storedRun(0, 'import', [
      { id: 1, parent: null, name: hostile, startMs: 0, durationMs: 10, attrs: { note: '</title><script>alert(1)</script>', 'k<"\'>': 'x', ctrl: 'a\u001bb\u0000' } },
      { id: 2, parent: 1, name: "it's ]]> & <b>", startMs: 1, durationMs: 5 },
    ]);
    run.universe = '<u>&';
    const id = store(run);
    const svg = (await waterfall(id, 'svg')).text;
    const doc = svgDocument(svg);
    expect(doc.querySelectorAll('script, b, u')).toHaveLength(0);
    const titles = [...doc.querySelectorAll('rect.bar title')].map((t) => t.textContent!);
    expect(titles[0]!.split('\n')[0]).toBe(hostile);
    expect(titles[0]).toContain('note: </title><script>alert(1)</script>');
    expect(titles[0]).toContain(`k<"'>: x`);
    expect(titles[0]).toContain('ctrl: a\\u001bb\\u0000');
    expect(titles[1]!.split('\n')[0]).toBe("it's ]]> & <b>");
    expect(doc.querySelector('text.heading')!.textContent).toBe(`import ${id} · <u>& · index-tracking · 10 ms`);
    expect(svg).not.toContain('<script>');

    const html = (await waterfall(id, 'html')).text;
    const page = parseHtml(html).document;
    expect(page.querySelectorAll('script')).toHaveLength(1);
    expect(page.querySelectorAll('b, u')).toHaveLength(0);
    expect(page.querySelector('h1')!.textContent).toBe(`import ${id} · <u>& · index-tracking · 10 ms`);
    expect(page.querySelector('rect.bar title')!.textContent!.split('\n')[0]).toBe(hostile);
  });
});

describe('runs/waterfall as HTML', () => {
  it('inlines the SVG, loads nothing from anywhere, and shows a bar’s details on hover', async () => {
    const run = syntheticBatch({ models: 10, lanes: 2, shape: 'lane', samples: true });
    const id = store(run);
    const file = await waterfall(id, 'html');
    expect(file).toMatchObject({ fileName: `run-${id}-waterfall.html`, mediaType: 'text/html' });
    expect(file.text).not.toMatch(/https?:|\/\/|\bsrc=|\bhref=|url\(|@import|xmlns/i);
    const window = parseHtml(file.text, { runScripts: true });
    const doc = window.document;
    expect(doc.querySelectorAll('svg')).toHaveLength(1);
    expect(doc.querySelectorAll('svg rect.bar')).toHaveLength(run.spans.length);
    // the SVG inlined is the SVG file's drawing
    const svgBars = svgDocument((await waterfall(id, 'svg')).text).querySelectorAll('rect.bar');
    expect([...doc.querySelectorAll('svg rect.bar')].map((b) => b.getAttribute('x'))).toEqual([...svgBars].map((b) => b.getAttribute('x')));

    const details = doc.getElementById('details')!;
    const bar = [...doc.querySelectorAll('rect.bar')].find((b) => b.querySelector('title')!.textContent!.startsWith('c003'))!;
    bar.dispatchEvent(new window.MouseEvent('mouseover', { bubbles: true }));
    expect(details.style.display).toBe('block');
    expect(details.textContent).toBe(bar.querySelector('title')!.textContent);
    expect(details.textContent).toMatch(/^c003\nstage optimize, depth 1, lane \d\nstart .+, duration .+\nmodel: m2/);
  });
});

describe('runs/waterfall with a second run', () => {
  it('draws both runs on one time axis, scaled to the longer one', async () => {
    const long = syntheticBatch({ models: 40, lanes: 2, shape: 'worker', samples: true });
    const short = syntheticBatch({ models: 8, lanes: 4, shape: 'lane', samples: true });
    const a = store(short);
    const b = store(long);
    for (const format of ['svg', 'html'] as const) {
      const file = await waterfall(a, format, b);
      expect(file.fileName).toBe(`run-${a}-vs-${b}-waterfall.${format}`);
      const doc = format === 'svg' ? svgDocument(file.text) : parseHtml(file.text).document;
      const bars = [...doc.querySelectorAll('rect.bar')];
      expect(bars.filter((x) => x.getAttribute('data-run') === String(a))).toHaveLength(short.spans.length);
      expect(bars.filter((x) => x.getAttribute('data-run') === String(b))).toHaveLength(long.spans.length);
      const spans = new Map([...short.spans.map((s) => [`${a}:${s.id}`, s] as const), ...long.spans.map((s) => [`${b}:${s.id}`, s] as const)]);
      const { x0, scale } = expectOneTimeAxis(bars, spans);
      const right = (run: number) => Math.max(...bars.filter((x) => x.getAttribute('data-run') === String(run)).map((x) => number(x, 'x') + number(x, 'width')));
      // a bar of no duration (persist) is drawn 1 px wide, so it can be seen and hovered
      expect(Math.abs(right(a) - x0 - short.durationMs * scale)).toBeLessThanOrEqual(1.01);
      expect((right(a) - x0) / (right(b) - x0)).toBeCloseTo(short.durationMs / long.durationMs, 2);
      // the first run above the second, each under its own heading, one axis for both
      const headings = [...doc.querySelectorAll('text.heading')];
      expect(headings.map((h) => h.textContent!.split(' ·')[0])).toEqual([`batch ${a}`, `batch ${b}`]);
      const topOf = (run: number) => Math.min(...bars.filter((x) => x.getAttribute('data-run') === String(run)).map((x) => number(x, 'y')));
      const bottomOf = (run: number) => Math.max(...bars.filter((x) => x.getAttribute('data-run') === String(run)).map((x) => number(x, 'y')));
      expect(topOf(b)).toBeGreaterThan(bottomOf(a));
      expect(doc.querySelectorAll('text.tick')[0]!.textContent).toBe('0');
      expect(doc.querySelectorAll('text.tick').length).toBeLessThanOrEqual(11);
    }
  });

  it('names a second run that is not there', async () => {
    const a = store(syntheticBatch({ models: 2, lanes: 1, shape: 'lane' }));
    const r = await core.dispatch('runs/waterfall', { id: a, format: 'svg', with: 99_999 });
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found', message: 'no run 99999 in the store (with)' } });
  });
});
