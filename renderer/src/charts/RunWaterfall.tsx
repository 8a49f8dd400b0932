import { useMemo, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { WaterfallBar, WaterfallLayout } from '../../../api/runs.ts';
import { milliseconds } from '../components/figures.ts';
import { shortValue } from '../components/shortValue.ts';
import { ResourceTrack, resourceTrackHeight } from './ResourceTrack.tsx';
import { TimeAxis } from './TimeAxis.tsx';
import type { TimeScale } from './timeScale.ts';
import { WaterfallBars } from './WaterfallBars.tsx';
import { barBoxes } from './waterfallGeometry.ts';
import { waterfallRowLabels } from './waterfallRowLabels.ts';

/** The gutter left of the plot that holds the row names and the track's titles, and the margin right of it. */
export const WATERFALL_LABEL_WIDTH = 190;
export const WATERFALL_RIGHT = 16;

const TOP = 4;
const AXIS_HEIGHT = 24;
const TRACK_PANEL = 46;
const DETAILS_WIDTH = 300;
const INDENT = 10;

/**
 * Rows fit in about 600 px: a run of a few stages gets roomy 18 px rows, one of hundreds thin ones (at least 2 px),
 * so that a big batch is seen whole rather than scrolled.
 */
export function waterfallRowHeight(rows: number): number {
  return Math.max(2, Math.min(18, Math.floor(600 / Math.max(rows, 1))));
}

interface Props {
  layout: WaterfallLayout;
  /** shared by every run drawn beside this one: the same instant is the same x in all of them */
  scale: TimeScale;
  colours: ReadonlyMap<string, string>;
}

/**
 * One run's waterfall as an SVG: a rect per bar on its row, the rows named on the left (lanes as `lane N`), the time
 * axis, and the CPU and memory track under it. Hovering a bar (or stepping through them with the arrow keys) shows
 * its details; the hover is the one piece of state, found from the rect under the pointer.
 */
export function RunWaterfall({ layout, scale, colours }: Props) {
  const [hovered, setHovered] = useState<number | null>(null);
  const rowHeight = waterfallRowHeight(layout.rows);
  const labels = useMemo(() => waterfallRowLabels(layout.rows, layout.bars), [layout]);
  // the order the arrow keys step through: by start, then top to bottom
  const order = useMemo(() => layout.bars.map((_, i) => i).sort((a, b) => layout.bars[a]!.startMs - layout.bars[b]!.startMs || layout.bars[a]!.row - layout.bars[b]!.row), [layout]);
  const boxes = useMemo(() => barBoxes(layout.bars, scale, TOP, rowHeight), [layout, scale, rowHeight]);
  const axisY = TOP + layout.rows * rowHeight + 4;
  const trackTop = axisY + AXIS_HEIGHT + 6;
  const width = scale.left + scale.width + WATERFALL_RIGHT;
  const height = trackTop + resourceTrackHeight(TRACK_PANEL) + 4;
  const bar = hovered === null ? undefined : layout.bars[hovered];
  const box = hovered === null ? undefined : boxes[hovered];
  const detailsId = `waterfall-details-${layout.runId}`;

  const onPointer = (e: MouseEvent<SVGGElement>): void => {
    const index = (e.target as Element).getAttribute('data-index');
    const next = index === null ? null : Number(index);
    if (next !== hovered) setHovered(next);
  };
  const onKey = (e: KeyboardEvent<SVGSVGElement>): void => {
    if (order.length === 0) return;
    const at = hovered === null ? -1 : order.indexOf(hovered);
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') setHovered(order[Math.min(at + 1, order.length - 1)]!);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') setHovered(order[Math.max(at - 1, 0)]!);
    else if (e.key === 'Home') setHovered(order[0]!);
    else if (e.key === 'End') setHovered(order.at(-1)!);
    else if (e.key === 'Escape') setHovered(null);
    else return;
    e.preventDefault();
  };

  const labelChars = (depth: number): number => Math.floor((WATERFALL_LABEL_WIDTH - 12 - depth * INDENT) / 6.2);
  return (
    <div className="waterfall-figure" data-testid="run-waterfall" data-run={layout.runId}>
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Waterfall of run ${layout.runId}: ${layout.bars.length} bars over ${milliseconds(layout.totalMs)}, with CPU and memory under it; arrow keys step through the bars`}
        aria-describedby={bar ? detailsId : undefined}
        tabIndex={0}
        onKeyDown={onKey}
        onBlur={() => setHovered(null)}
        data-testid="waterfall-svg"
      >
        <title>{layout.title}</title>
        {rowHeight >= 10 && (
          <g className="waterfall-row-labels" aria-hidden="true">
            {labels.map((l) => {
              const max = labelChars(l.depth);
              const text = l.label.length > max ? `${l.label.slice(0, Math.max(1, max - 1))}…` : l.label;
              return (
                <text
                  key={l.row}
                  data-testid="waterfall-row-label"
                  data-lane={l.lane ?? undefined}
                  x={6 + l.depth * INDENT}
                  y={TOP + l.row * rowHeight + rowHeight / 2 + 4}
                  fontSize={11}
                  fontStyle={l.lane !== null ? 'italic' : undefined}
                  fill="#1d2733"
                >
                  {text}
                </text>
              );
            })}
          </g>
        )}
        <TimeAxis scale={scale} y={axisY} gridTop={TOP} />
        <g onMouseOver={onPointer} onMouseMove={onPointer} onMouseLeave={() => setHovered(null)}>
          <WaterfallBars bars={layout.bars} boxes={boxes} colours={colours} />
        </g>
        {box && (
          <rect
            data-testid="waterfall-highlight"
            x={box.x - 1}
            y={box.y - 1}
            width={box.width + 2}
            height={box.height + 2}
            fill="none"
            stroke="#13233a"
            strokeWidth={1.5}
            pointerEvents="none"
          />
        )}
        <ResourceTrack samples={layout.samples} scale={scale} top={trackTop} panelHeight={TRACK_PANEL} />
      </svg>
      {bar && box && <BarDetails id={detailsId} bar={bar} left={Math.max(0, Math.min(box.x, width - DETAILS_WIDTH))} top={TOP + (bar.row + 1) * rowHeight + 4} />}
    </div>
  );
}

/** What a hovered bar is: its name, stage, when it started and for how long, its lane, and its attributes. */
function BarDetails({ id, bar, left, top }: { id: string; bar: WaterfallBar; left: number; top: number }) {
  const attrs = Object.entries(bar.attrs ?? {});
  return (
    <div id={id} role="tooltip" className="waterfall-details" style={{ left, top, width: DETAILS_WIDTH }} data-testid="waterfall-details" data-span={bar.spanId}>
      <p className="waterfall-details-name">{bar.name}</p>
      <dl>
        <div>
          <dt>stage</dt>
          <dd>{bar.stage}</dd>
        </div>
        <div>
          <dt>starts</dt>
          <dd>{milliseconds(bar.startMs)}</dd>
        </div>
        <div>
          <dt>takes</dt>
          <dd>{milliseconds(bar.durationMs)}</dd>
        </div>
        {bar.lane !== null && (
          <div>
            <dt>lane</dt>
            <dd>{bar.lane}</dd>
          </div>
        )}
        {attrs.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{shortValue(v)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
