import { Bar, BarChart, CartesianGrid, Cell, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { activePoints } from '../components/figures.ts';
import type { SectorActive } from '../features/portfolio/sectorActiveWeights.ts';
import { overColour, underColour } from './palette.ts';

/** Active weight by sector, w_s − b_s: overweight to the right, underweight to the left. */
export function SectorActiveChart({ sectors }: { sectors: SectorActive[] }) {
  return (
    <figure className="chart" data-testid="sector-active-chart" aria-label="Active weight by sector">
      <ResponsiveContainer width="100%" height={Math.max(160, sectors.length * 24 + 30)}>
        <BarChart data={sectors} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis type="number" tickFormatter={(v: number) => `${(v * 100).toFixed(1)}`} tick={{ fontSize: 11 }} unit=" pp" />
          <YAxis type="category" dataKey="sector" width={150} tick={{ fontSize: 11 }} interval={0} />
          <ReferenceLine x={0} stroke="#333" />
          <Tooltip formatter={(v) => activePoints(Number(v))} />
          <Bar dataKey="active" name="Active weight" isAnimationActive={false}>
            {sectors.map((s) => (
              <Cell key={s.sector} fill={s.active >= 0 ? overColour : underColour} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
