import type { AccountDetail } from '../../../../api/book.ts';
import { activePoints, count, money, percent } from '../../components/figures.ts';
import { LoadableView } from '../../components/LoadableView.tsx';
import { useApp } from '../../state/useApp.ts';
import { NothingChosen } from '../../components/NothingChosen.tsx';

/** One account after the batch: its whole shares against its cluster's target, and the trades from its holdings. */
export function AccountScreen() {
  const detail = useApp((s) => s.accountDetail);
  return (
    <div className="screen account-screen">
      {detail.status === 'idle' && <NothingChosen what="account" />}
      <LoadableView value={detail} loadingLabel="Loading the account…">
        {(d) => <AccountBody detail={d} />}
      </LoadableView>
    </div>
  );
}

function AccountBody({ detail }: { detail: AccountDetail }) {
  const openCluster = useApp((s) => s.openCluster);
  const { account, outcome } = detail;
  const cashWeight = detail.value > 0 ? detail.cash / detail.value : 0;
  return (
    <div className="screen account-body">
      <section className="panel column wide" aria-labelledby="account-heading">
        <div className="toolbar">
          <h2 id="account-heading" data-testid="account-title">
            Account {account.accountId}
          </h2>
          <button type="button" className="link" onClick={() => void openCluster(outcome.clusterId)} data-testid="account-cluster">
            Cluster {outcome.clusterId}
          </button>
        </div>
        <p className="muted small">
          {account.strategy} · {account.taxStatus} · exclusions: {account.exclude.length ? account.exclude.join('; ') : 'none'}
        </p>
        <p className="muted small" data-testid="account-stored">
          As batch run {detail.runId} stored it: a later import of the book or edit of the use case does not change it.
        </p>
        <div className="stats">
          <div className="stat">
            <span className="stat-label">Value</span>
            <span className="stat-value">{money(detail.value)}</span>
          </div>
          <div className="stat">
            <span className="stat-label">Tracking error</span>
            <span className="stat-value">{percent(outcome.trackingError)}</span>
          </div>
          <div className="stat">
            <span className="stat-label">Names</span>
            <span className="stat-value">{count(outcome.names)}</span>
          </div>
          <div className="stat">
            <span className="stat-label">Cash</span>
            <span className="stat-value">{money(detail.cash)}</span>
          </div>
          <div className="stat">
            <span className="stat-label">Below minimum</span>
            <span className="stat-value">{outcome.belowMinimum ? 'yes' : 'no'}</span>
          </div>
        </div>
        <div className="scroll" role="region" tabIndex={0} aria-label="Holdings table, scrollable">
          <table className="table compact sticky" data-testid="account-holdings">
            <caption className="sr-only">Whole shares held against the cluster’s target</caption>
            <thead>
              <tr>
                <th scope="col">Ticker</th>
                <th scope="col" className="num">Shares</th>
                <th scope="col" className="num">Price</th>
                <th scope="col" className="num">Value</th>
                <th scope="col" className="num">Weight</th>
                <th scope="col" className="num">Target</th>
                <th scope="col" className="num">Off target</th>
              </tr>
            </thead>
            <tbody>
              {detail.holdings.map((h) => (
                <tr key={h.ticker} data-testid="account-holding" className={h.shares === 0 ? 'muted' : undefined}>
                  <th scope="row">{h.ticker}</th>
                  <td className="num" data-testid="account-shares" data-value={h.shares}>{count(h.shares)}</td>
                  <td className="num">{money(h.price)}</td>
                  <td className="num">{money(h.value)}</td>
                  <td className="num">{percent(h.weight)}</td>
                  <td className="num">{percent(h.targetWeight)}</td>
                  <td className={`num ${h.weight >= h.targetWeight ? 'over' : 'under'}`}>{activePoints(h.weight - h.targetWeight)}</td>
                </tr>
              ))}
              <tr className="cash-row">
                <th scope="row">CASH</th>
                <td />
                <td />
                <td className="num">{money(detail.cash)}</td>
                <td className="num">{percent(cashWeight)}</td>
                <td className="num">—</td>
                <td />
              </tr>
            </tbody>
          </table>
        </div>
      </section>
      <section className="panel column" aria-labelledby="trades-heading">
        <h2 id="trades-heading">Trades</h2>
        {detail.trades.length === 0 ? (
          <p className="status-line empty" data-testid="no-trades">
            No trade: the account already holds its whole shares.
          </p>
        ) : (
          <div className="scroll" role="region" tabIndex={0} aria-label="Trades table, scrollable">
            <table className="table compact sticky" data-testid="account-trades">
              <thead>
                <tr>
                  <th scope="col">Ticker</th>
                  <th scope="col">Side</th>
                  <th scope="col" className="num">Shares</th>
                  <th scope="col" className="num">Price</th>
                  <th scope="col" className="num">Value</th>
                </tr>
              </thead>
              <tbody>
                {detail.trades.map((t) => (
                  <tr key={`${t.ticker} ${t.side}`} data-testid="account-trade">
                    <th scope="row">{t.ticker}</th>
                    <td className={t.side === 'buy' ? 'over' : 'under'}>{t.side}</td>
                    <td className="num">{count(t.shares)}</td>
                    <td className="num">{money(t.price)}</td>
                    <td className="num">{money(t.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
