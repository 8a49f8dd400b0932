import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { milliseconds } from '../components/figures.ts';
import type { SpanRow } from '../features/portfolio/spanRows.ts';
import { colourAt } from './palette.ts';

const depthColours = [colourAt(0), colourAt(4), colourAt(2)];

/**
 * The run's waterfall: one bar per span from its start to its end (an invisible bar of startMs, then one of
 * durationMs), children indented under their parents.
 */
export function WaterfallChart({ rows }: { rows: SpanRow[] }) {
  // labels are right-aligned against the axis, so depth shows as a marker before the name, not as indentation
  const data = rows.map((r) => ({ label: `${'›'.repeat(r.depth)}${r.depth ? ' ' : ''}${r.name}`, start: r.startMs, duration: Math.max(r.durationMs, 0.5), depth: r.depth }));
  return (
    <figure className="chart" data-testid="waterfall-chart" aria-label="Run waterfall: when each stage ran and how long">
      <ResponsiveContainer width="100%" height={Math.max(140, data.length * 20 + 40)}>
        <BarChart data={data} layout="vertical" barCategoryGap={3} margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" tickFormatter={(v: number) => milliseconds(v)} tick={{ fontSize: 11 }} />
          <YAxis type="category" dataKey="label" width={120} tick={{ fontSize: 11 }} interval={0} />
          <Tooltip
            formatter={(v, name) => (name === 'start' ? [milliseconds(Number(v)), 'starts at'] : [milliseconds(Number(v)), 'takes'])}
            labelFormatter={(l) => String(l).replace(/^›+ /, '')}
          />
          <Bar dataKey="start" stackId="span" fill="transparent" isAnimationActive={false} />
          <Bar dataKey="duration" stackId="span" isAnimationActive={false}>
            {data.map((d, i) => (
              <Cell key={i} fill={depthColours[Math.min(d.depth, depthColours.length - 1)]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
