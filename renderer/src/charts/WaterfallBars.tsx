import { memo } from 'react';
import type { WaterfallBar } from '../../../api/runs.ts';
import { unlistedStageColour } from './stageColours.ts';
import type { BarBox } from './waterfallGeometry.ts';

interface Props {
  bars: readonly WaterfallBar[];
  /** where each bar is drawn, by the bars' index */
  boxes: readonly BarBox[];
  colours: ReadonlyMap<string, string>;
}

/**
 * One rect per bar. Memoized and stateless, so hovering (which re-renders the figure around it) does not re-render
 * thousands of rects; the figure finds the hovered bar from the rect's `data-index`. Bars come parents first, so a
 * phase inside its lane bar is drawn over it.
 */
export const WaterfallBars = memo(function WaterfallBars({ bars, boxes, colours }: Props) {
  return (
    <g className="waterfall-bars">
      {bars.map((bar, i) => {
        const box = boxes[i]!;
        return (
          <rect
            key={bar.spanId}
            data-testid="waterfall-bar"
            data-index={i}
            data-span={bar.spanId}
            data-stage={bar.stage}
            data-lane={bar.lane ?? undefined}
            data-depth={bar.depth}
            x={box.x}
            y={box.y}
            width={box.width}
            height={box.height}
            fill={colours.get(bar.stage) ?? unlistedStageColour}
            // nesting on rows of their own reads as paler shades of the stage's colour; inside a lane bar, an edge
            fillOpacity={box.level > 0 ? 0.9 : Math.max(0.45, 1 - bar.depth * 0.15)}
            stroke={box.level > 0 ? '#1d2733' : undefined}
            strokeOpacity={box.level > 0 ? 0.45 : undefined}
            strokeWidth={box.level > 0 ? 0.75 : undefined}
          />
        );
      })}
    </g>
  );
});
