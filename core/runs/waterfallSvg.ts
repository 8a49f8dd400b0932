import { waterfallStagePalette, type ResourceSample, type WaterfallBar, type WaterfallLayout } from '../../api/runs.ts';
import { durationText } from './durationText.ts';
import { xmlText } from './xmlText.ts';

/**
 * A waterfall drawn as one SVG with nothing outside it: no fonts, images, links or scripts to fetch. One or more
 * runs stack on one time axis scaled to the longest of them, so two runs compare by eye. Each bar is a
 * `<rect class="bar" data-run data-span>` at x = its start, width = its duration, y = its row, coloured by its stage
 * from a fixed palette (the same stage the same colour in both runs), with a `<title>` (name, stage, start,
 * duration, attributes) that a browser shows on hover. Under each run's bars, its CPU and memory samples on the same
 * axis. Every text from the store goes through xmlText.
 */

const WIDTH = 1200;
const LABEL_WIDTH = 220;
const PLOT_X = LABEL_WIDTH;
const PLOT_WIDTH = WIDTH - LABEL_WIDTH - 24;
const ROW_HEIGHT = 18;
const BAR_HEIGHT = 14;
/** how much thinner a phase drawn inside its lane bar is at each level, px a side */
const INSET = 3;
const TRACK_HEIGHT = 64;
/** average width of a character of the 11 px sans-serif labels, to cut text to the space it has */
const CHAR_WIDTH = 6.2;

/** Tableau 10: ten hues told apart at a glance on white; a run with more than ten stages repeats them. */
const PALETTE = waterfallStagePalette;
const TRACK_COLOURS = { cpu: '#d62728', rss: '#1f77b4', childCpu: '#ff7f0e', childRss: '#9467bd' };

const STYLE = [
  'text { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 11px; fill: #222; }',
  '.heading { font-size: 13px; font-weight: 600; }',
  '.tick, .note { fill: #666; font-size: 10px; }',
  '.name { fill: #fff; font-size: 10px; }',
  '.grid { stroke: #e4e4e4; stroke-width: 1; }',
  '.bar:hover { stroke: #000; stroke-width: 1.5; }',
  'polyline { fill: none; stroke-width: 1.5; }',
].join('\n');

export interface SvgOptions {
  /** a file of its own (XML declaration, namespace) rather than an element inlined in HTML */
  standalone: boolean;
}

export function waterfallSvg(layouts: readonly WaterfallLayout[], { standalone }: SvgOptions = { standalone: true }): string {
  const totalMs = Math.max(1e-9, ...layouts.map((l) => finite(l.totalMs)));
  const scale = PLOT_WIDTH / totalMs;
  const x = (ms: number) => PLOT_X + Math.max(0, finite(ms)) * scale;
  const stages = [...new Set(layouts.flatMap((l) => l.stages))];
  const colourOf = new Map(stages.map((s, k) => [s, PALETTE[k % PALETTE.length]!]));

  const body: string[] = [];
  let y = 8;

  // the legend: one swatch per stage, wrapped to the width
  let legendX = 8;
  y += 12;
  for (const stage of stages) {
    const label = cut(stage, 30);
    const width = 18 + label.length * CHAR_WIDTH + 14;
    if (legendX + width > WIDTH - 8 && legendX > 8) {
      legendX = 8;
      y += 16;
    }
    body.push(`<rect class="swatch" x="${legendX}" y="${y - 9}" width="12" height="10" rx="2" fill="${colourOf.get(stage)}"/>`);
    body.push(`<text x="${legendX + 16}" y="${y}">${xmlText(label)}</text>`);
    legendX += width;
  }

  // the time axis, shared by every run drawn
  y += 22;
  const axisY = y;
  const ticks = tickTimes(totalMs);
  const gridTop = axisY + 4;
  for (const t of ticks) body.push(`<text class="tick" x="${num(x(t))}" y="${axisY}" text-anchor="middle">${t === 0 ? '0' : xmlText(durationText(t))}</text>`);
  y = gridTop + 6;

  const sections: string[] = [];
  for (const layout of layouts) {
    const drawn = drawRun(layout, y, x, scale, colourOf);
    sections.push(drawn.svg);
    y = drawn.bottom + 16;
  }
  const height = Math.ceil(y);
  const grid = ticks.map((t) => `<line class="grid" x1="${num(x(t))}" y1="${gridTop}" x2="${num(x(t))}" y2="${height - 8}"/>`);
  const title = layouts.map((l) => l.title).join(' vs ');

  const open = standalone
    ? `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">`
    : `<svg width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${xmlText(`waterfall of ${title}`)}">`;
  return [
    open,
    `<title>${xmlText(`waterfall: ${title}`)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#fff"/>`,
    ...grid,
    `<line x1="${PLOT_X}" y1="${gridTop}" x2="${PLOT_X + PLOT_WIDTH}" y2="${gridTop}" stroke="#999"/>`,
    ...body,
    ...sections,
    '</svg>',
    '',
  ].join('\n');
}

/** One run: its heading, its rows of bars with their labels, its resource track; answers where it ends. */
function drawRun(layout: WaterfallLayout, top: number, x: (ms: number) => number, scale: number, colourOf: ReadonlyMap<string, string>): { svg: string; bottom: number } {
  const out: string[] = [`<g class="run" data-run="${layout.runId}">`];
  out.push(`<text class="heading" x="8" y="${top + 13}">${xmlText(layout.title)}</text>`);
  out.push(`<text class="note" x="${WIDTH - 24}" y="${top + 13}" text-anchor="end">${xmlText(`${layout.status} · ${layout.createdAt} · ${layout.bars.length} spans`)}</text>`);
  const rowsTop = top + 22;
  const rowY = (row: number) => rowsTop + row * ROW_HEIGHT;

  const byId = new Map(layout.bars.map((b) => [b.spanId, b]));
  // a row's label is its first bar's name; a lane row's (several bars side by side) the lane under its parent's name
  const firstOnRow = new Map<number, WaterfallBar>();
  const sideBySide = new Map<number, number>();
  for (const bar of layout.bars) {
    const first = firstOnRow.get(bar.row);
    if (!first) firstOnRow.set(bar.row, bar);
    if (!first || first.depth === bar.depth) sideBySide.set(bar.row, (sideBySide.get(bar.row) ?? 0) + 1);
  }
  const labels = new Map<number, { text: string; depth: number }>();
  const laneRowsSeen = new Map<string, number>();
  for (const [row, bar] of firstOnRow) {
    let text = bar.name;
    if (bar.lane !== null && (sideBySide.get(row) ?? 0) > 1) {
      const parent = bar.parent === null ? undefined : byId.get(bar.parent);
      const key = `${bar.parent}:${bar.lane}`;
      const seen = (laneRowsSeen.get(key) ?? 0) + 1;
      laneRowsSeen.set(key, seen);
      text = `${parent ? `${parent.name} · ` : ''}lane ${bar.lane}${seen > 1 ? ` (${seen})` : ''}`;
    } else if (bar.lane !== null) text = `${bar.name} · lane ${bar.lane}`;
    labels.set(row, { text, depth: bar.depth });
  }
  for (let row = 0; row < layout.rows; row++) {
    if (row % 2 === 1) out.push(`<rect class="row" x="0" y="${rowY(row)}" width="${WIDTH}" height="${ROW_HEIGHT}" fill="#000" fill-opacity="0.03"/>`);
    const label = labels.get(row);
    if (!label) continue;
    const indent = 8 + Math.min(label.depth, 12) * 10;
    out.push(`<text x="${indent}" y="${rowY(row) + 13}">${xmlText(cut(label.text, Math.floor((LABEL_WIDTH - indent - 6) / CHAR_WIDTH)))}</text>`);
  }

  // copies of one piece of work on a lane (clusters sharing a model's solve) are drawn over each other: the top one
  // (the last drawn) names the ones under it
  const copies = new Map<string, WaterfallBar[]>();
  for (const bar of layout.bars) {
    const parent = bar.parent === null ? undefined : byId.get(bar.parent);
    if (bar.lane === null || (parent && parent.row === bar.row)) continue;
    const key = `${bar.row}|${bar.startMs}|${bar.durationMs}`;
    const group = copies.get(key);
    if (group) group.push(bar);
    else copies.set(key, [bar]);
  }
  const underneath = new Map<number, string[]>();
  const covered = new Set<number>();
  for (const group of copies.values()) {
    if (group.length < 2) continue;
    underneath.set(group.at(-1)!.spanId, group.slice(0, -1).map((b) => b.name));
    for (const b of group.slice(0, -1)) covered.add(b.spanId);
  }

  // bars come parents first, so a phase inside its lane bar is drawn over it; names go on top of all bars
  const inset = new Map<number, number>();
  const names: string[] = [];
  for (const bar of layout.bars) {
    const parent = bar.parent === null ? undefined : byId.get(bar.parent);
    const level = parent && parent.row === bar.row ? (inset.get(parent.spanId) ?? 0) + 1 : 0;
    inset.set(bar.spanId, level);
    const pad = Math.min(level * INSET, BAR_HEIGHT / 2 - 1.5);
    const barX = x(bar.startMs);
    const width = Math.max(1, Math.max(0, finite(bar.durationMs)) * scale);
    const barY = rowY(bar.row) + (ROW_HEIGHT - BAR_HEIGHT) / 2 + pad;
    const colour = colourOf.get(bar.stage) ?? PALETTE[0]!;
    // a phase inside its lane bar: darker at each level, a hairline of white between neighbours
    const paint =
      level > 0
        ? `fill="${darker(colour, level)}" stroke="#fff" stroke-opacity="0.7" stroke-width="0.5"`
        : `fill="${colour}" fill-opacity="${num(Math.max(0.45, 1 - 0.15 * bar.depth))}"`;
    out.push(
      `<rect class="bar" data-run="${layout.runId}" data-span="${bar.spanId}" x="${num(barX)}" y="${num(barY)}" width="${num(width)}" height="${num(BAR_HEIGHT - 2 * pad)}" rx="2" ${paint}><title>${xmlText(barDetails(bar, underneath.get(bar.spanId)))}</title></rect>`,
    );
    // the top copy of one piece of work says how many are under it: `c001 +5`
    const name = underneath.has(bar.spanId) ? `${bar.name} +${underneath.get(bar.spanId)!.length}` : bar.name;
    if (level === 0 && !covered.has(bar.spanId) && width >= name.length * CHAR_WIDTH + 8) {
      names.push(`<text class="name" x="${num(barX + 4)}" y="${num(barY + BAR_HEIGHT - 4)}" pointer-events="none">${xmlText(name)}</text>`);
    }
  }
  out.push(...names);

  const track = drawTrack(layout.samples, rowY(layout.rows) + 8, x);
  out.push(track.svg, '</g>');
  return { svg: out.join('\n'), bottom: track.bottom };
}

/**
 * What a bar's hover says: name, where it sits, its times, every attribute the recorder gave it, and the bars of
 * the same work drawn under it.
 */
function barDetails(bar: WaterfallBar, underneath: readonly string[] = []): string {
  const lines = [
    bar.name,
    `stage ${bar.stage}${bar.depth > 0 ? `, depth ${bar.depth}` : ''}${bar.lane !== null ? `, lane ${bar.lane}` : ''}`,
    `start ${durationText(bar.startMs)}, duration ${durationText(bar.durationMs)}`,
  ];
  for (const [key, value] of Object.entries(bar.attrs ?? {})) {
    lines.push(`${key}: ${cut(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)), 300)}`);
  }
  if (underneath.length > 0) lines.push(`the same work, drawn under it: ${cut(underneath.join(', '), 300)}`);
  return lines.join('\n');
}

/**
 * The resource track: CPU (% of one core; the child processes' too when there are any) and resident memory (MiB)
 * as polylines on the bars' time axis, each scaled to its own peak (CPU never below 100 %, one core's worth).
 */
function drawTrack(samples: readonly ResourceSample[], top: number, x: (ms: number) => number): { svg: string; bottom: number } {
  if (samples.length === 0) {
    return { svg: `<text class="note" x="${PLOT_X}" y="${top + 12}">no CPU or memory samples for this run</text>`, bottom: top + 18 };
  }
  const present = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  const cpuValues = samples.flatMap((s) => [s.cpuPercent, s.childCpuPercent].filter(present));
  const memValues = samples.flatMap((s) => [s.rssMiB, s.childRssMiB].filter(present));
  const cpuTop = Math.max(100, ...cpuValues);
  const memTop = Math.max(1, ...memValues);
  const line = (values: (number | null)[], top100: number, colour: string, what: string, dashed: boolean): string => {
    const points = samples
      .map((s, k) => ({ t: s.tMs, v: values[k] }))
      .filter((p): p is { t: number; v: number } => present(p.v))
      .map((p) => `${num(x(p.t))},${num(top + TRACK_HEIGHT - (Math.max(0, p.v) / top100) * TRACK_HEIGHT)}`);
    if (points.length === 0) return '';
    return `<polyline class="track-line" points="${points.join(' ')}" stroke="${colour}"${dashed ? ' stroke-dasharray="4 2"' : ''}><title>${xmlText(what)}</title></polyline>`;
  };
  const stats = (values: (number | null)[]) => {
    const v = values.filter(present);
    return { peak: Math.max(...v), mean: v.reduce((a, b) => a + b, 0) / v.length, any: v.length > 0 };
  };
  const series = [
    { key: 'cpu', values: samples.map((s) => s.cpuPercent), unit: '%', label: 'CPU', top: cpuTop, dashed: false },
    { key: 'rss', values: samples.map((s) => s.rssMiB), unit: 'MiB', label: 'RSS', top: memTop, dashed: false },
    { key: 'childCpu', values: samples.map((s) => s.childCpuPercent), unit: '%', label: 'child CPU', top: cpuTop, dashed: true },
    { key: 'childRss', values: samples.map((s) => s.childRssMiB), unit: 'MiB', label: 'child RSS', top: memTop, dashed: true },
  ] as const;
  const out = [`<rect class="track" x="${PLOT_X}" y="${top}" width="${PLOT_WIDTH}" height="${TRACK_HEIGHT}" fill="#fafafa" stroke="#ddd"/>`];
  let labelY = top + 11;
  for (const s of series) {
    const st = stats(s.values);
    if (!st.any) continue;
    const colour = TRACK_COLOURS[s.key];
    const what = `${s.label}: peak ${st.peak.toFixed(0)} ${s.unit}, mean ${st.mean.toFixed(0)} ${s.unit} (${samples.length} samples; axis 0–${s.top.toFixed(0)} ${s.unit})`;
    out.push(line([...s.values], s.top, colour, what, s.dashed));
    out.push(`<text x="8" y="${labelY}" fill="${colour}">${xmlText(`${s.label} peak ${st.peak.toFixed(0)} ${s.unit}, mean ${st.mean.toFixed(0)}`)}</text>`);
    labelY += 13;
  }
  return { svg: out.join('\n'), bottom: top + TRACK_HEIGHT };
}

/** About eight ticks at 1, 2 or 5 times a power of ten, from 0 to the total. */
function tickTimes(totalMs: number): number[] {
  const raw = Math.max(totalMs, 1e-6) / 8;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let k = 0; k * step <= totalMs * (1 + 1e-9); k++) ticks.push(k * step);
  return ticks;
}

/** `#rrggbb` darkened by 18 % a level, so nested phases stand apart from the bar they are drawn in. */
function darker(hex: string, level: number): string {
  const f = Math.max(0.3, 1 - 0.18 * level);
  const channel = (k: number) => Math.round(parseInt(hex.slice(1 + 2 * k, 3 + 2 * k), 16) * f).toString(16).padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`;
}

function cut(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, Math.max(1, chars - 1))}…`;
}

function finite(v: number): number {
  return Number.isFinite(v) ? v : 0;
}

/** A coordinate in an attribute: two decimals, never NaN or Infinity (a stored span with a broken time draws at 0). */
function num(v: number): string {
  return String(Math.round(finite(v) * 100) / 100);
}
