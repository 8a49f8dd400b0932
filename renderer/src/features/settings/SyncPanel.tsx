import { JobProgressView } from '../../components/JobProgressView.tsx';
import { LoadableView } from '../../components/LoadableView.tsx';
import { isActive } from '../../state/jobState.ts';
import { useApp } from '../../state/useApp.ts';
import { SyncStatusTable } from './SyncStatusTable.tsx';
import { SyncSummaryView } from './SyncSummaryView.tsx';

/** The sync to the team database: its status per table, and Sync now as a job with progress and cancel. */
export function SyncPanel() {
  const status = useApp((s) => s.syncStatus);
  const job = useApp((s) => s.syncJob);
  const load = useApp((s) => s.loadSyncStatus);
  const start = useApp((s) => s.startSync);
  const cancel = useApp((s) => s.cancelSync);
  const active = isActive(job);
  return (
    <section className="panel" aria-labelledby="sync-heading">
      <div className="panel-head">
        <h2 id="sync-heading">Sync</h2>
        <div className="actions">
          <button type="button" onClick={() => void load()} disabled={status.status === 'loading'} data-testid="sync-refresh">
            Refresh status
          </button>
          <button type="button" className="primary" onClick={() => void start()} disabled={active} data-testid="sync-now">
            {active ? 'Syncing…' : 'Sync now'}
          </button>
        </div>
      </div>
      <JobProgressView job={job} label="Sync" onCancel={() => void cancel()} showFinished={false} />
      {job.state === 'done' && job.result && <SyncSummaryView summary={job.result} />}
      <h3>Status per table</h3>
      <LoadableView value={status} loadingLabel="Loading the sync status…">
        {(s) => <SyncStatusTable status={s} />}
      </LoadableView>
    </section>
  );
}
