import { useMemo } from 'react';
import type { WaterfallLayout } from '../../../../api/runs.ts';
import { resourceSeries } from '../../charts/ResourceTrack.tsx';
import { RunWaterfall, WATERFALL_LABEL_WIDTH, WATERFALL_RIGHT } from '../../charts/RunWaterfall.tsx';
import { stageColours } from '../../charts/stageColours.ts';
import { timeScale } from '../../charts/timeScale.ts';
import { useWidth } from '../../charts/useWidth.ts';
import { milliseconds } from '../../components/figures.ts';

/** The longest time any of the runs shows: its last bar's end or its last sample, whichever is later. */
export function sharedDomainMs(layouts: readonly WaterfallLayout[]): number {
  let end = 0;
  for (const l of layouts) {
    end = Math.max(end, l.totalMs);
    const last = l.samples.at(-1);
    if (last) end = Math.max(end, last.tMs);
  }
  return end;
}

/**
 * One run's waterfall, or two stacked on one time axis scaled to the longer run, so their stages line up by time
 * and the shorter run ends short of the right edge. A stage has one colour in both; the legend names them.
 */
export function WaterfallView({ layouts, width: fixedWidth }: { layouts: readonly WaterfallLayout[]; width?: number }) {
  const [ref, measured] = useWidth<HTMLDivElement>(960);
  const width = fixedWidth ?? measured;
  const domain = sharedDomainMs(layouts);
  const plot = Math.max(120, width - WATERFALL_LABEL_WIDTH - WATERFALL_RIGHT);
  // one scale object while the size and runs stay, so the memoized bars do not redraw on hover
  const scale = useMemo(() => timeScale(domain, WATERFALL_LABEL_WIDTH, plot), [domain, plot]);
  const stages = useMemo(() => layouts.flatMap((l) => l.stages), [layouts]);
  const colours = useMemo(() => stageColours(stages), [stages]);

  return (
    <div ref={ref} className="waterfall-view" data-testid="waterfall-view" data-runs={layouts.map((l) => l.runId).join(',')}>
      <ul className="waterfall-legend" aria-label="Stages" data-testid="waterfall-legend">
        {[...colours].map(([stage, colour]) => (
          <li key={stage} data-stage={stage}>
            <span className="swatch" style={{ background: colour }} aria-hidden="true" />
            {stage}
          </li>
        ))}
      </ul>
      {layouts.map((layout) => (
        <section key={layout.runId} className="waterfall-run" aria-label={`Run ${layout.runId}`}>
          <h3 className="waterfall-title">
            {layout.title}
            <span className="muted small">
              {' '}
              · {layout.status} · {milliseconds(layout.totalMs)} · {layout.bars.length} bars
            </span>
          </h3>
          {layout.bars.length === 0 ? (
            <p className="status-line empty" data-testid="waterfall-empty">
              Run {layout.runId} recorded no span.
            </p>
          ) : (
            <RunWaterfall layout={layout} scale={scale} colours={colours} />
          )}
        </section>
      ))}
      <ul className="waterfall-legend track-legend" aria-label="CPU and memory lines">
        {resourceSeries.map((s) => (
          <li key={s.key}>
            <span className="swatch line" style={{ background: s.colour }} aria-hidden="true" />
            {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
