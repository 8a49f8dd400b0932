import type { AccountOutcome } from '../../../../api/book.ts';
import { count, money, percent } from '../../components/figures.ts';

/** Accounts after the batch: value, cluster, cash, names, tracking error, trades, the minimum flag, and how it was served (with the reason as a tooltip). */
export function AccountsTable({ accounts, onOpen, showCluster = true }: { accounts: readonly AccountOutcome[]; onOpen: (accountId: string) => void; showCluster?: boolean }) {
  return (
    <div className="scroll" role="region" tabIndex={0} aria-label="Accounts table, scrollable">
      <table className="table compact sticky" data-testid="accounts-table">
        <caption className="sr-only">Accounts after the batch</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            {showCluster && <th scope="col">Cluster</th>}
            <th scope="col" className="num">Value</th>
            <th scope="col" className="num">Cash</th>
            <th scope="col" className="num">Names</th>
            <th scope="col" className="num">Tracking error</th>
            <th scope="col" className="num">Trades</th>
            <th scope="col">Below minimum</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((a) => (
            <tr key={a.accountId} data-testid="account-row">
              <th scope="row">
                <button type="button" className="link" onClick={() => onOpen(a.accountId)} data-testid="account-open">
                  {a.accountId}
                </button>
              </th>
              {showCluster && <td>{a.clusterId}</td>}
              <td className="num">{money(a.value)}</td>
              <td className="num">{money(a.cash)}</td>
              <td className="num">{count(a.names)}</td>
              <td className="num">{percent(a.trackingError)}</td>
              <td className="num">{count(a.trades)}</td>
              <td>{a.belowMinimum ? 'yes' : ''}</td>
              <td title={a.reason ?? undefined} data-testid="account-status">
                {a.status ?? 'allocated'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
