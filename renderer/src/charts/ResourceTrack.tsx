import type { ResourceSample } from '../../../api/runs.ts';
import { colourAt } from './palette.ts';
import type { TimeScale } from './timeScale.ts';

/** The series of the track, each a line: what it reads from a sample, its panel, its colour. */
export const resourceSeries = [
  { key: 'cpuPercent', panel: 'cpu', label: 'CPU, this process', colour: colourAt(0) },
  { key: 'childCpuPercent', panel: 'cpu', label: 'CPU, child processes', colour: colourAt(5) },
  { key: 'rssMiB', panel: 'memory', label: 'RSS, this process', colour: colourAt(2) },
  { key: 'heapUsedMiB', panel: 'memory', label: 'V8 heap used', colour: colourAt(4) },
  { key: 'childRssMiB', panel: 'memory', label: 'RSS, child processes', colour: colourAt(3) },
] as const satisfies readonly { key: keyof ResourceSample; panel: 'cpu' | 'memory'; label: string; colour: string }[];

type SeriesKey = (typeof resourceSeries)[number]['key'];

/** The height of both panels of the track with the gap between them, for a panel `panelHeight` high. */
export function resourceTrackHeight(panelHeight: number): number {
  return panelHeight * 2 + PANEL_GAP;
}

const PANEL_GAP = 10;

/** The top of a panel's y range: CPU in whole cores (100 % each, at least one), memory rounded up to 64 MiB. */
export function panelMax(panel: 'cpu' | 'memory', samples: readonly ResourceSample[]): number {
  let max = 0;
  for (const s of samples)
    for (const series of resourceSeries) {
      if (series.panel !== panel) continue;
      const v = s[series.key];
      if (v != null && Number.isFinite(v) && v > max) max = v;
    }
  const unit = panel === 'cpu' ? 100 : 64;
  return Math.max(unit, Math.ceil(max / unit) * unit);
}

/**
 * Runs of consecutive samples where the series has a value: a child process's figures are null where they could
 * not be read, and a line must break there rather than bridge the gap.
 */
export function seriesSegments(samples: readonly ResourceSample[], key: SeriesKey): ResourceSample[][] {
  const segments: ResourceSample[][] = [];
  let current: ResourceSample[] = [];
  for (const s of samples) {
    const v = s[key];
    if (v == null || !Number.isFinite(v)) {
      if (current.length) segments.push(current);
      current = [];
    } else current.push(s);
  }
  if (current.length) segments.push(current);
  return segments;
}

/**
 * The CPU and memory the run's process used while it ran, under its bars on the same time axis: a sample at tMs
 * is at scale.x(tMs), exactly where a bar starting then starts.
 */
export function ResourceTrack({ samples, scale, top, panelHeight }: { samples: readonly ResourceSample[]; scale: TimeScale; top: number; panelHeight: number }) {
  const panels = [
    { panel: 'cpu' as const, top, unit: '%', title: 'CPU %' },
    { panel: 'memory' as const, top: top + panelHeight + PANEL_GAP, unit: 'MiB', title: 'Memory MiB' },
  ];
  return (
    <g className="resource-track" data-testid="resource-track">
      {panels.map((p) => {
        const max = panelMax(p.panel, samples);
        const y = (v: number): number => p.top + panelHeight - (v / max) * panelHeight;
        return (
          <g key={p.panel} data-testid={`resource-${p.panel}`} data-max={max}>
            <rect x={scale.left} y={p.top} width={scale.width} height={panelHeight} fill="#fafbfc" stroke="#e5e9ef" />
            <text x={scale.left - 8} y={p.top + 10} fontSize={11} textAnchor="end" fontWeight={600} fill="#1d2733">
              {p.title}
            </text>
            <text x={scale.left - 8} y={p.top + 24} fontSize={10} textAnchor="end" fill="#5b6675">
              max {max} {p.unit}
            </text>
            {resourceSeries
              .filter((s) => s.panel === p.panel)
              .flatMap((series) =>
                seriesSegments(samples, series.key).map((segment, i) => (
                  <polyline
                    key={`${series.key}-${i}`}
                    data-testid="resource-line"
                    data-series={series.key}
                    points={pointsOf(segment.length === 1 ? [segment[0]!, segment[0]!] : segment, series.key, scale, y)}
                    fill="none"
                    stroke={series.colour}
                    strokeWidth={segment.length === 1 ? 3 : 1.5}
                    // a segment of one sample is drawn as a dot: the same point twice with round caps
                    strokeLinecap="round"
                  >
                    <title>{series.label}</title>
                  </polyline>
                )),
              )}
          </g>
        );
      })}
      {samples.length === 0 && (
        <text x={scale.left + 8} y={top + panelHeight / 2 + 4} fontSize={11} fill="#5b6675" data-testid="resource-none">
          No CPU or memory sample stored for this run.
        </text>
      )}
    </g>
  );
}

function pointsOf(samples: readonly ResourceSample[], key: SeriesKey, scale: TimeScale, y: (v: number) => number): string {
  return samples.map((s) => `${round(scale.x(s.tMs))},${round(y(s[key] as number))}`).join(' ');
}

/** Two decimals are finer than a pixel and keep the points attribute short for thousands of samples. */
function round(v: number): number {
  return Math.round(v * 100) / 100;
}
