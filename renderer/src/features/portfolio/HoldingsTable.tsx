import type { OptimizeResult } from '../../../../api/domain.ts';
import { activePoints, count, money, percent } from '../../components/figures.ts';

/** Every position with its weight against the benchmark, then the cash and the totals. */
export function HoldingsTable({ result }: { result: OptimizeResult }) {
  const shares = result.accountValue != null;
  // runs stored before results carried cashWeight: c = cash / V for an account, else the cash figure is the weight
  const cashWeight = result.cashWeight ?? (result.accountValue ? (result.cash ?? 0) / result.accountValue : (result.cash ?? 0));
  const total = result.holdings.reduce((s, h) => s + h.weight, 0) + cashWeight;
  return (
    <div className="scroll holdings" role="region" tabIndex={0} aria-label="Holdings table, scrollable">
      <table className="table compact sticky" data-testid="holdings-table">
        <caption className="sr-only">Holdings of run {result.runId} against the benchmark</caption>
        <thead>
          <tr>
            <th scope="col">Ticker</th>
            <th scope="col">Sector</th>
            <th scope="col" className="num">Weight</th>
            <th scope="col" className="num">Benchmark</th>
            <th scope="col" className="num">Active</th>
            {shares && <th scope="col" className="num">Shares</th>}
            <th scope="col" className="num">Price</th>
            {shares && <th scope="col" className="num">Value</th>}
          </tr>
        </thead>
        <tbody>
          {result.holdings.map((h) => (
            <tr key={h.ticker} data-testid="holding-row">
              <th scope="row" data-testid="holding-ticker">{h.ticker}</th>
              <td className="truncate">{h.sector}</td>
              <td className="num" data-testid="holding-weight" data-value={h.weight}>{percent(h.weight)}</td>
              <td className="num">{percent(h.benchmarkWeight)}</td>
              <td className={`num ${h.weight >= h.benchmarkWeight ? 'over' : 'under'}`}>{activePoints(h.weight - h.benchmarkWeight)}</td>
              {shares && <td className="num">{h.shares == null ? '—' : count(h.shares)}</td>}
              <td className="num">{money(h.price)}</td>
              {shares && <td className="num">{money(h.value)}</td>}
            </tr>
          ))}
          {(shares || cashWeight > 1e-9) && (
            <tr className="cash-row" data-testid="cash-row">
              <th scope="row">CASH</th>
              <td />
              <td className="num" data-value={cashWeight}>{percent(cashWeight)}</td>
              <td className="num">—</td>
              <td className="num">{activePoints(cashWeight)}</td>
              {shares && <td />}
              <td />
              {shares && <td className="num">{money(result.cash)}</td>}
            </tr>
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td>{count(result.holdings.length)} names</td>
            <td className="num">{percent(total)}</td>
            <td colSpan={shares ? 5 : 3} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
