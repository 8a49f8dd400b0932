import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface GapLine {
  key: string;
  label: string;
  colour: string;
  points: { atSec: number; gapPercent: number }[];
}

/** The largest gap drawn: early gaps of thousands of percent would flatten every line that matters to zero. */
const CEILING_PERCENT = 100;

/**
 * Each run's relative gap |incumbent − bound| / |incumbent| over its solve, as its log reported it: a step that holds
 * until the solver reports again. Above 100 % a line leaves the top of the chart.
 */
export function GapChart({ lines }: { lines: GapLine[] }) {
  return (
    <figure className="chart" data-testid="gap-chart" aria-label="Gap over time per run">
      <ResponsiveContainer width="100%" height={280}>
        <LineChart margin={{ top: 8, right: 24, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="atSec" domain={[0, 'dataMax']} tickFormatter={(v: number) => `${v.toFixed(1)} s`} tick={{ fontSize: 11 }} name="Seconds" />
          <YAxis
            type="number"
            domain={[0, (max: number) => Math.min(Math.max(max, 1e-9), CEILING_PERCENT)]}
            allowDataOverflow
            tickFormatter={(v: number) => `${v.toFixed(v < 1 ? 2 : 0)}%`}
            tick={{ fontSize: 11 }}
            width={52}
            name="Gap"
          />
          <Tooltip formatter={(v) => `${Number(v).toFixed(2)}%`} labelFormatter={(v) => `${Number(v).toFixed(2)} s`} />
          <Legend />
          {lines.map((l) => (
            <Line key={l.key} data={l.points} type="stepAfter" dataKey="gapPercent" name={l.label} stroke={l.colour} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="muted small">Relative gap between each solver’s incumbent and its bound, from its own log; seconds since its solve started.</figcaption>
    </figure>
  );
}
