import type { ClusterSummary } from '../../../../api/book.ts';
import { count, money, percent } from '../../components/figures.ts';

/** The clusters of a batch: key, size band, accounts, target and its tracking error at the smallest account. */
export function ClusterTable({ clusters, onOpen }: { clusters: readonly ClusterSummary[]; onOpen: (clusterId: string) => void }) {
  return (
    <div className="scroll" role="region" tabIndex={0} aria-label="Clusters table, scrollable">
      <table className="table compact sticky" data-testid="cluster-table">
        <caption className="sr-only">Clusters of the batch</caption>
        <thead>
          <tr>
            <th scope="col">Cluster</th>
            <th scope="col">Strategy</th>
            <th scope="col">Tax</th>
            <th scope="col">Exclusions</th>
            <th scope="col" className="num">Accounts</th>
            <th scope="col" className="num">Smallest</th>
            <th scope="col" className="num">Largest</th>
            <th scope="col" className="num">Max names</th>
            <th scope="col" className="num">Names</th>
            <th scope="col" className="num">TE at smallest</th>
            <th scope="col" className="num">Minimum</th>
            <th scope="col" className="num">Below</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {clusters.map((c) => (
            <tr key={c.clusterId} data-testid="cluster-row" data-accounts={c.accounts}>
              <th scope="row">
                <button type="button" className="link" onClick={() => onOpen(c.clusterId)} data-testid="cluster-open">
                  {c.clusterId}
                </button>
              </th>
              <td>{c.key.strategy}</td>
              <td>{c.key.taxStatus}</td>
              <td className="truncate" title={c.key.exclude.join('; ')}>{c.key.exclude.length ? c.key.exclude.join('; ') : '—'}</td>
              <td className="num">{count(c.accounts)}</td>
              <td className="num">{money(c.minValue)}</td>
              <td className="num">{money(c.maxValue)}</td>
              <td className="num">{count(c.band.maxNames)}</td>
              <td className="num">{count(c.names)}</td>
              <td className="num">{percent(c.trackingError)}</td>
              <td className="num">{money(c.accountMinimum)}</td>
              <td className="num">{count(c.belowMinimum)}</td>
              <td className="truncate">{c.solveStatus}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
