import { CartesianGrid, Legend, Line, LineChart, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MinimumsResult } from '../../../api/book.ts';
import { colourAt, underColour } from './palette.ts';

const compactDollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });

/**
 * The account-minimum frontier: tracking error against account value on a log axis, whole shares and
 * (when run) fractional shares, the target as a horizontal line and the minimum as a marked point.
 */
export function FrontierChart({ result }: { result: MinimumsResult }) {
  const line = (fractional: boolean) =>
    result.points
      .filter((p) => p.fractional === fractional)
      .sort((a, b) => a.accountValue - b.accountValue)
      .map((p) => ({ accountValue: p.accountValue, te: p.trackingError * 100 }));
  const whole = line(false);
  const fractional = line(true);
  // the minimum's tracking error in percent: the bisection's, or the grid size's that met the target first
  const minimumTe = result.minimum === null ? null : result.search ? result.search.trackingError * 100 : (whole.find((p) => p.accountValue === result.minimum)?.te ?? null);
  return (
    <figure className="chart" data-testid="frontier-chart" aria-label="Tracking error against account value">
      <ResponsiveContainer width="100%" height={340}>
        <LineChart margin={{ top: 8, right: 24, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="accountValue"
            scale="log"
            domain={['dataMin', 'dataMax']}
            allowDataOverflow
            tickFormatter={(v: number) => compactDollars.format(v)}
            tick={{ fontSize: 11 }}
            name="Account value"
          />
          <YAxis tickFormatter={(v: number) => `${v.toFixed(1)}%`} tick={{ fontSize: 11 }} width={52} name="Tracking error" />
          <Tooltip formatter={(v) => `${Number(v).toFixed(2)}%`} labelFormatter={(v) => compactDollars.format(Number(v))} />
          <Legend />
          <Line data={whole} type="linear" dataKey="te" name="Whole shares" stroke={colourAt(0)} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
          {fractional.length > 0 && (
            <Line data={fractional} type="linear" dataKey="te" name="Fractional shares" stroke={colourAt(1)} strokeDasharray="5 4" dot={false} isAnimationActive={false} />
          )}
          <ReferenceLine y={result.teTarget * 100} stroke={underColour} strokeDasharray="4 4" label={{ value: `target ${(result.teTarget * 100).toFixed(2)}%`, position: 'insideTopRight', fontSize: 11 }} />
          {result.minimum !== null && minimumTe !== null && (
            <ReferenceDot x={result.minimum} y={minimumTe} r={6} fill={underColour} stroke="#000000" label={{ value: 'minimum', position: 'top', fontSize: 11 }} />
          )}
        </LineChart>
      </ResponsiveContainer>
      <figcaption className="muted small">Annualized tracking error against account value (log scale); the dashed line is the target.</figcaption>
    </figure>
  );
}
