import type { RunDiff, RunSummary, StoredRun } from '../api/runs.ts';
import { durationText } from '../core/runs/durationText.ts';
import { runFields, type FieldValue } from '../core/runs/runFields.ts';
import { spanTree, walkSpans } from '../core/runs/spanTree.ts';
import { laneOf } from '../core/runs/waterfallLayout.ts';

/** Columns padded to their widest cell: the ones in `right` (numbers, times) right-aligned, text left-aligned. */
function columns(rows: readonly string[][], right: ReadonlySet<number>): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n');
}

/** `2026-12-05T13:04:16.301Z` as `2026-12-05 13:04:16` (UTC, as stored). */
function createdText(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

function valueText(v: FieldValue | unknown): string {
  // six significant figures, without the zeros toPrecision pads with (0.01, not 0.0100000)
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (typeof v === 'string') return v;
  if (v === undefined) return '-';
  return JSON.stringify(v) ?? String(v);
}

export function printRunList(list: readonly RunSummary[]): string {
  if (list.length === 0) return 'no run matches\n';
  const rows = [
    ['id', 'created (UTC)', 'kind', 'status', 'universe', 'use case', 'solver', 'duration'],
    ...list.map((r) => [String(r.id), createdText(r.createdAt), r.kind, r.status, r.universe ?? '-', r.useCase ?? '-', r.solver ?? '-', durationText(r.durationMs)]),
  ];
  return `${columns(rows, new Set([0, 7]))}\n`;
}

/**
 * A run in full: what it was, its options, result figures and machine as `field=value` lines, its use of the
 * machine from the samples, the top-level stages with their share of the run's time, and the span tree indented
 * by depth with each span's duration and start.
 */
export function printRunShow(run: StoredRun): string {
  const fieldLine = (label: string, value: unknown) => {
    const fields = [...runFields(value, label)].map(([k, v]) => `${k.slice(label.length + 1)}=${valueText(v)}`);
    return fields.length === 0 ? [] : [`${label}: ${fields.join(', ')}`];
  };
  const lines = [
    `run ${run.id}: ${run.kind}, ${run.status}`,
    `created ${createdText(run.createdAt)} UTC, took ${durationText(run.durationMs)}; universe ${run.universe ?? '-'}, use case ${run.useCase ?? '-'}, solver ${run.solver ?? '-'}`,
    ...fieldLine('options', run.options),
    ...fieldLine('result', run.result),
    ...machineLine(run.machine),
    resourcesLine(run),
  ];

  const roots = run.spans.filter((s) => s.parent === null).sort((a, b) => a.startMs - b.startMs);
  if (roots.length > 0) {
    const total = run.durationMs > 0 ? run.durationMs : Math.max(...roots.map((s) => s.startMs + s.durationMs));
    const stages = [
      ['stage', 'time', 'share'],
      ...roots.map((s) => [s.name, durationText(s.durationMs), total > 0 ? `${((100 * s.durationMs) / total).toFixed(1)} %` : '-']),
    ];
    lines.push('', columns(stages, new Set([1, 2])));
  }

  if (run.spans.length > 0) {
    const tree = [['span', 'duration', 'start']];
    walkSpans(spanTree(run.spans), run.spans, null, (span, depth) => {
      const lane = laneOf(span);
      tree.push([`${'  '.repeat(depth)}${span.name}${lane === null ? '' : ` (lane ${lane})`}`, durationText(span.durationMs), durationText(span.startMs)]);
      return null;
    });
    lines.push('', columns(tree, new Set([1, 2])));
  } else lines.push('', 'no spans recorded');
  return `${lines.join('\n')}\n`;
}

/** The machine in a few words: CPU, cores, memory, platform, Node, and the solvers' versions. */
function machineLine(machine: unknown): string[] {
  if (machine === null || typeof machine !== 'object') return [];
  const m = machine as Partial<Record<string, unknown>>;
  const parts = [
    typeof m.cpu === 'string' ? m.cpu : undefined,
    typeof m.cores === 'number' ? `${m.cores} cores` : undefined,
    typeof m.memoryGiB === 'number' ? `${m.memoryGiB} GiB` : undefined,
    typeof m.platform === 'string' ? m.platform : undefined,
    typeof m.node === 'string' ? `node ${m.node}` : undefined,
    ...(m.solvers && typeof m.solvers === 'object' ? Object.entries(m.solvers).map(([id, v]) => `${id} ${valueText(v)}`) : []),
  ].filter((p): p is string => p !== undefined);
  return parts.length === 0 ? [] : [`machine: ${parts.join(', ')}`];
}

/** Peak resident memory and mean CPU over the samples (and the child processes' when a CLI solver ran). */
function resourcesLine(run: StoredRun): string {
  const s = run.samples;
  if (s.length === 0) return 'resources: no CPU or memory samples';
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const parts = [`peak RSS ${Math.max(...s.map((x) => x.rssMiB)).toFixed(0)} MiB`, `mean CPU ${mean(s.map((x) => x.cpuPercent)).toFixed(0)} % of one core`];
  const childCpu = s.map((x) => x.childCpuPercent).filter((v): v is number => v !== null);
  const childRss = s.map((x) => x.childRssMiB).filter((v): v is number => v !== null);
  if (childCpu.length > 0) parts.push(`child processes: mean CPU ${mean(childCpu).toFixed(0)} %`);
  if (childRss.length > 0) parts.push(`peak child RSS ${Math.max(...childRss).toFixed(0)} MiB`);
  return `resources: ${parts.join(', ')} (${s.length} samples)`;
}

/** The stages side by side with their change, indented by depth, then each field that differs as `a → b`. */
export function printRunDiff(d: RunDiff): string {
  const rows = [
    ['stage', `run ${d.a.id}`, `run ${d.b.id}`, 'delta'],
    ...d.stages.map((s) => {
      const name = s.path.split(' / ').at(-1)!;
      const ms = (v: number | null) => (v === null ? '-' : durationText(v));
      const delta = s.deltaMs === null ? '-' : `${s.deltaMs > 0 ? '+' : ''}${durationText(s.deltaMs)}`;
      return [`${'  '.repeat(s.depth)}${name}`, ms(s.aMs), ms(s.bMs), delta];
    }),
  ];
  const head = `run ${d.b.id} (${d.b.kind}, ${d.b.status}, ${durationText(d.b.durationMs)}) against run ${d.a.id} (${d.a.kind}, ${d.a.status}, ${durationText(d.a.durationMs)})`;
  const fields = d.fields.length === 0 ? ['no option, result figure or machine field differs'] : ['fields that differ:', ...d.fields.map((f) => `  ${f.field}: ${valueText(f.a)} → ${valueText(f.b)}`)];
  return `${head}\n\n${d.stages.length > 0 ? columns(rows, new Set([1, 2, 3])) : 'no spans in either run'}\n\n${fields.join('\n')}\n`;
}
