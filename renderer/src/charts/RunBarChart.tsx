import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface RunBar {
  label: string;
  /** null: the run has no such figure (no objective without a point); it gets no bar */
  value: number | null;
  colour: string;
}

interface Props {
  bars: RunBar[];
  /** what the bars measure, e.g. "Seconds" */
  measure: string;
  format: (value: number) => string;
  testId: string;
  caption: string;
}

/** One figure of each run of a comparison as a bar, from zero, one colour per run as in the other charts. */
export function RunBarChart({ bars, measure, format, testId, caption }: Props) {
  const data = bars.map((b) => ({ label: b.label, value: b.value, colour: b.colour }));
  return (
    <figure className="chart" data-testid={testId} aria-label={`${measure} per run`}>
      <ResponsiveContainer width="100%" height={Math.max(120, data.length * 34 + 40)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 4 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" domain={[0, 'auto']} tickFormatter={(v: number) => format(v)} tick={{ fontSize: 11 }} />
          <YAxis type="category" dataKey="label" width={170} tick={{ fontSize: 11 }} interval={0} />
          <Tooltip formatter={(v) => [v == null ? '—' : format(Number(v)), measure]} />
          <Bar dataKey="value" name={measure} isAnimationActive={false}>
            {data.map((d, i) => (
              <Cell key={i} fill={d.colour} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted small">{caption}</figcaption>
    </figure>
  );
}
