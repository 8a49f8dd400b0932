import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Holding } from '../../../api/domain.ts';
import { percent } from '../components/figures.ts';
import { benchmarkColour, portfolioColour } from './palette.ts';

/** The largest positions' weights beside their benchmark weights. */
export function WeightsChart({ holdings, limit = 20 }: { holdings: Holding[]; limit?: number }) {
  const data = holdings.slice(0, limit).map((h) => ({ ticker: h.ticker, weight: h.weight, benchmark: h.benchmarkWeight }));
  return (
    <figure className="chart" data-testid="weights-chart" aria-label={`Weights of the ${data.length} largest positions against the benchmark`}>
      <ResponsiveContainer width="100%" height={Math.max(180, data.length * 22 + 50)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }} barGap={1}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" tickFormatter={(v: number) => percent(v, 1)} tick={{ fontSize: 11 }} />
          <YAxis type="category" dataKey="ticker" width={56} tick={{ fontSize: 11 }} interval={0} />
          <Tooltip formatter={(v) => percent(Number(v))} />
          <Legend />
          <Bar dataKey="weight" name="Portfolio" fill={portfolioColour} isAnimationActive={false} />
          <Bar dataKey="benchmark" name="Benchmark" fill={benchmarkColour} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
