import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { colourAt } from './palette.ts';

export interface BenchBar {
  /** the row, e.g. `optimize · solver=cbc` */
  label: string;
  /** what colours it: the factor the row changes (`baseline` for the baseline) */
  group: string;
  value: number;
  /** the spread drawn as an error bar around the value: the fastest and the slowest run */
  low?: number;
  high?: number;
}

interface Props {
  bars: BenchBar[];
  /** what the bars measure, e.g. "Median seconds" */
  measure: string;
  format: (value: number) => string;
  testId: string;
  caption: string;
}

/**
 * A figure of each bench row as a horizontal bar from zero, coloured by the factor the row changes (the baseline
 * first), in the table's order so a workload's rows stay together; where a row has a spread, an error bar from its
 * fastest to its slowest run.
 */
export function BenchBarChart({ bars, measure, format, testId, caption }: Props) {
  const groups = [...new Set(bars.map((b) => b.group))];
  const data = bars.map((b) => ({
    label: b.label,
    group: b.group,
    value: b.value,
    // recharts draws [below, above] the bar's end
    spread: b.low === undefined || b.high === undefined ? [0, 0] : [Math.max(0, b.value - b.low), Math.max(0, b.high - b.value)],
    colour: colourAt(groups.indexOf(b.group)),
  }));
  const hasSpread = bars.some((b) => b.low !== undefined && b.high !== undefined);
  return (
    <figure className="chart" data-testid={testId} aria-label={`${measure} per bench row`}>
      <ResponsiveContainer width="100%" height={Math.max(140, data.length * 30 + 70)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 32, bottom: 4, left: 4 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" domain={[0, 'auto']} tickFormatter={(v: number) => format(v)} tick={{ fontSize: 11 }} />
          <YAxis type="category" dataKey="label" width={230} tick={{ fontSize: 11 }} interval={0} />
          <Tooltip formatter={(v) => [format(Number(v)), measure]} />
          <Bar dataKey="value" name={measure} isAnimationActive={false}>
            {data.map((d) => (
              <Cell key={d.label} fill={d.colour} />
            ))}
            {hasSpread && <ErrorBar dataKey="spread" direction="x" width={6} stroke="#333" isAnimationActive={false} />}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <ul className="chart-legend small" aria-label="Colours: the factor each row changes">
        {groups.map((g, i) => (
          <li key={g} style={{ display: 'inline-block', marginRight: '1em' }}>
            <span aria-hidden="true" style={{ display: 'inline-block', width: '0.8em', height: '0.8em', marginRight: '0.3em', background: colourAt(i) }} />
            {g}
          </li>
        ))}
      </ul>
      <figcaption className="muted small">{caption}</figcaption>
    </figure>
  );
}
