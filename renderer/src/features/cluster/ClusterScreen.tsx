import type { ClusterDetail, Quantiles } from '../../../../api/book.ts';
import { activePoints, count, money, percent } from '../../components/figures.ts';
import { LoadableView } from '../../components/LoadableView.tsx';
import { ACCOUNTS_PAGE } from '../../state/bookSlice.ts';
import { useApp } from '../../state/useApp.ts';
import { AccountsPager } from '../book/AccountsPager.tsx';
import { AccountsTable } from '../book/AccountsTable.tsx';
import { NothingChosen } from '../../components/NothingChosen.tsx';

/** One cluster of a batch: its key and band, its target against the benchmark, its members and their spread. */
export function ClusterScreen() {
  const detail = useApp((s) => s.clusterDetail);
  return (
    <div className="screen cluster-screen">
      {detail.status === 'idle' && <NothingChosen what="cluster" />}
      <LoadableView value={detail} loadingLabel="Loading the cluster…">
        {(d) => <ClusterBody detail={d} />}
      </LoadableView>
    </div>
  );
}

function ClusterBody({ detail }: { detail: ClusterDetail }) {
  const openAccount = useApp((s) => s.openAccount);
  const go = useApp((s) => s.go);
  const s = detail.summary;
  return (
    <div className="screen cluster-body">
      <section className="panel column wide" aria-labelledby="cluster-heading">
        <div className="toolbar">
          <h2 id="cluster-heading" data-testid="cluster-title">
            Cluster {s.clusterId}
          </h2>
          <button type="button" className="link" onClick={() => go('book')} data-testid="back-to-book">
            Back to the book
          </button>
        </div>
        <p className="muted small">
          {s.key.strategy} · {s.key.taxStatus} · exclusions: {s.key.exclude.length ? s.key.exclude.join('; ') : 'none'} · band {money(s.band.minValue)} – {money(s.band.maxValue)},
          at most {count(s.band.maxNames)} names, positions of at least {percent(s.band.minWeight)} · target from model {detail.model} ({s.solveStatus}).
        </p>
        <div className="stats">
          <div className="stat">
            <span className="stat-label">Accounts</span>
            <span className="stat-value">{count(s.accounts)}</span>
          </div>
          <div className="stat">
            <span className="stat-label">Target names</span>
            <span className="stat-value">{count(detail.target.length)}</span>
          </div>
          <div className="stat">
            <span className="stat-label">TE at smallest</span>
            <span className="stat-value">{percent(s.trackingError)}</span>
          </div>
          <div className="stat">
            <span className="stat-label">Account minimum</span>
            <span className="stat-value">{money(s.accountMinimum)}</span>
          </div>
        </div>
        <h3>Dispersion across the accounts</h3>
        <table className="table compact" data-testid="dispersion-table">
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col" className="num">Min</th>
              <th scope="col" className="num">10th pct</th>
              <th scope="col" className="num">Median</th>
              <th scope="col" className="num">90th pct</th>
              <th scope="col" className="num">Max</th>
            </tr>
          </thead>
          <tbody>
            <QuantileRow label="Tracking error" q={detail.dispersion.trackingError} />
            <QuantileRow label="Cash weight" q={detail.dispersion.cashWeight} />
          </tbody>
        </table>
        <h3>Members</h3>
        <ClusterMembers total={s.accounts} onOpen={(id) => void openAccount(id)} />
      </section>
      <section className="panel column" aria-labelledby="target-heading">
        <h2 id="target-heading">Target</h2>
        <div className="scroll" role="region" tabIndex={0} aria-label="Target table, scrollable">
          <table className="table compact sticky" data-testid="target-table">
            <caption className="sr-only">The cluster’s fractional target against the benchmark</caption>
            <thead>
              <tr>
                <th scope="col">Ticker</th>
                <th scope="col">Sector</th>
                <th scope="col" className="num">Target</th>
                <th scope="col" className="num">Benchmark</th>
                <th scope="col" className="num">Active</th>
              </tr>
            </thead>
            <tbody>
              {detail.target.map((t) => (
                <tr key={t.ticker} data-testid="target-row">
                  <th scope="row">{t.ticker}</th>
                  <td className="truncate">{t.sector}</td>
                  <td className="num">{percent(t.weight)}</td>
                  <td className="num">{percent(t.benchmarkWeight)}</td>
                  <td className={`num ${t.weight >= t.benchmarkWeight ? 'over' : 'under'}`}>{activePoints(t.weight - t.benchmarkWeight)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}

/** The page of the cluster's members shown, and the pages around it. */
function ClusterMembers({ total, onOpen }: { total: number; onOpen: (accountId: string) => void }) {
  const members = useApp((s) => s.clusterMembers);
  const load = useApp((s) => s.loadClusterMembers);
  return (
    <LoadableView value={members} loadingLabel="Loading the members…">
      {(page) => (
        <>
          <AccountsPager page={page} pageSize={ACCOUNTS_PAGE} total={total} busy={members.status === 'loading'} onPage={(offset) => void load(offset)} />
          <AccountsTable accounts={page.accounts} onOpen={onOpen} showCluster={false} />
        </>
      )}
    </LoadableView>
  );
}

function QuantileRow({ label, q }: { label: string; q: Quantiles }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="num">{percent(q.min)}</td>
      <td className="num">{percent(q.p10)}</td>
      <td className="num">{percent(q.median)}</td>
      <td className="num">{percent(q.p90)}</td>
      <td className="num">{percent(q.max)}</td>
    </tr>
  );
}
