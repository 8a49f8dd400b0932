import type { BenchRow } from '../../../../api/bench.ts';
import { variantOf } from './benchBars.ts';

const seconds = (ms: number | null): string => (ms === null ? '—' : (ms / 1000).toFixed(ms < 10_000 ? 3 : 2));

/** A bench's rows as bench.md has them: what ran on what data, the median time and its spread, peak memory, how it ended. */
export function BenchRowsTable({ rows }: { rows: BenchRow[] }) {
  return (
    <div className="scroll">
      <table className="table compact sticky" data-testid="bench-rows">
        <caption className="sr-only">Bench rows: one per variant</caption>
        <thead>
          <tr>
            <th scope="col">Workload</th>
            <th scope="col">Variant</th>
            <th scope="col">Data</th>
            <th scope="col" className="num">
              Median s
            </th>
            <th scope="col" className="num">
              Spread s (min–max)
            </th>
            <th scope="col" className="num">
              Peak RSS MiB
            </th>
            <th scope="col" className="num">
              Runs
            </th>
            <th scope="col">Status</th>
            <th scope="col">Environment</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label} data-testid="bench-row" data-status={r.status} data-label={r.label}>
              <td>{r.workload}</td>
              <th scope="row">{variantOf(r)}</th>
              <td>{r.data || '—'}</td>
              <td className="num">{seconds(r.medianMs)}</td>
              <td className="num">{r.minMs === null ? '—' : `${seconds(r.minMs)}–${seconds(r.maxMs)}`}</td>
              <td className="num">{r.peakRssMiB === null ? '—' : r.peakRssMiB.toFixed(0)}</td>
              <td className="num" title={r.runIds.length > 0 ? `stored runs ${r.runIds.join(', ')}` : undefined}>
                {r.repeats}
              </td>
              <td>
                {r.status}
                {r.reason !== null && <div className="muted small" data-testid="bench-row-reason">{r.reason}</div>}
              </td>
              <td className="small">{r.environment || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
