import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PriceSeries } from '../../../api/market.ts';
import { colourAt } from './palette.ts';

/** Points drawn at most; a long history is thinned evenly, keeping its last date. */
const maxPoints = 400;
const indexKey = 'Index';

/** Each series rebased to 100 on its first price: x_t = 100 · P_t / P_first. */
function rebased(values: (number | null)[]): (number | null)[] {
  const first = values.find((v): v is number => v != null && v > 0);
  return values.map((v) => (v == null || first === undefined ? null : (100 * v) / first));
}

export function PriceChart({ series }: { series: PriceSeries }) {
  const lines: [string, (number | null)[]][] = [
    ...(series.index ? ([[indexKey, rebased(series.index)]] as [string, (number | null)[]][]) : []),
    ...Object.entries(series.prices).map(([t, v]): [string, (number | null)[]] => [t, rebased(v)]),
  ];
  const step = Math.max(1, Math.ceil(series.dates.length / maxPoints));
  const data = series.dates.flatMap((date, i) =>
    i % step === 0 || i === series.dates.length - 1 ? [Object.fromEntries([['date', date], ...lines.map(([k, v]) => [k, v[i]])])] : [],
  );
  return (
    <figure className="chart" data-testid="price-chart" aria-label="Prices and index rebased to 100">
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="date" minTickGap={40} tick={{ fontSize: 11 }} />
          <YAxis domain={['auto', 'auto']} tick={{ fontSize: 11 }} width={44} />
          <Tooltip formatter={(v) => (v == null ? '—' : Number(v).toFixed(1))} />
          <Legend />
          {lines.map(([key], i) => (
            <Line
              key={key}
              type="linear"
              dataKey={key}
              stroke={key === indexKey ? '#000000' : colourAt(i + 1)}
              strokeWidth={key === indexKey ? 2.5 : 1.5}
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="muted small">Rebased to 100 on each line’s first price, {series.dates[0]} – {series.dates.at(-1)}.</figcaption>
    </figure>
  );
}
