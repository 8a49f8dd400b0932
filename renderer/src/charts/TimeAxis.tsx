import { milliseconds } from '../components/figures.ts';
import type { TimeScale } from './timeScale.ts';

/** The scale's round instants as ticks under a line at `y`, with grid lines up to `gridTop` so bars can be read against them. */
export function TimeAxis({ scale, y, gridTop }: { scale: TimeScale; y: number; gridTop: number }) {
  return (
    <g className="time-axis" data-testid="time-axis" aria-hidden="true">
      <line x1={scale.left} x2={scale.left + scale.width} y1={y} y2={y} stroke="#8a96a6" />
      {scale.ticks.map((t) => {
        const x = scale.x(t);
        return (
          <g key={t} data-testid="time-tick" data-ms={t}>
            <line x1={x} x2={x} y1={gridTop} y2={y} stroke="#e5e9ef" />
            <line x1={x} x2={x} y1={y} y2={y + 4} stroke="#8a96a6" />
            <text x={x} y={y + 15} fontSize={10} textAnchor={t === 0 ? 'start' : 'middle'} fill="#5b6675">
              {milliseconds(t)}
            </text>
          </g>
        );
      })}
    </g>
  );
}
