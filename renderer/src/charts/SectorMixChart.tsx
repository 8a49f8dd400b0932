import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SectorWeight } from '../../../api/market.ts';
import { percent } from '../components/figures.ts';
import { portfolioColour } from './palette.ts';

/** A universe's benchmark weight by sector, largest first. */
export function SectorMixChart({ sectors }: { sectors: SectorWeight[] }) {
  const data = [...sectors].sort((a, b) => b.weight - a.weight).map((s) => ({ sector: s.sector || '(no sector)', weight: s.weight, names: s.names }));
  return (
    <figure className="chart" data-testid="sector-mix-chart" aria-label="Benchmark weight by sector">
      <ResponsiveContainer width="100%" height={Math.max(160, data.length * 24 + 30)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" tickFormatter={(v: number) => percent(v, 0)} />
          <YAxis type="category" dataKey="sector" width={150} tick={{ fontSize: 11 }} interval={0} />
          <Tooltip formatter={(v) => percent(Number(v))} />
          <Bar dataKey="weight" name="Benchmark weight" fill={portfolioColour} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
