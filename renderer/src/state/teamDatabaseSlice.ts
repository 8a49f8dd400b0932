import type { ApiError } from '../../../api/envelope.ts';
import type { ConnectionTest, Settings, SyncStatus, SyncSummary } from '../../../api/sync.ts';
import { apiErrorOf } from '../api/apiFailure.ts';
import type { RunningJob } from '../api/jobRunner.ts';
import { databaseUrl, type DatabaseUrlDraft } from './databaseUrl.ts';
import { idleJob, withProgress, type JobView } from './jobState.ts';
import { idle, loading, type Loadable } from './loadable.ts';
import type { Slice } from './store.ts';

export interface TeamDatabaseSlice {
  /** the stored connection, its password redacted by the core */
  settings: Loadable<Settings>;
  /** the last Save or Remove: its answer, or why it was refused */
  settingsChange: Loadable<{ removed: boolean }>;
  connectionTest: Loadable<ConnectionTest>;
  syncStatus: Loadable<SyncStatus>;
  syncJob: JobView<SyncSummary>;
  loadSettings(): Promise<void>;
  /** stores the draft's URL; true when stored, so the form can forget what was typed */
  saveDatabaseUrl(draft: DatabaseUrlDraft): Promise<boolean>;
  removeDatabaseUrl(): Promise<void>;
  /** tests the draft's URL, or the saved connection when nothing is typed */
  testConnection(draft: DatabaseUrlDraft): Promise<void>;
  loadSyncStatus(): Promise<void>;
  startSync(): Promise<void>;
  cancelSync(): Promise<void>;
}

function refusal(error: ApiError): Loadable<never> {
  return { status: 'error', error };
}

/** The team database on the Settings screen: the connection, its test, the sync status per table, and the sync as a job. */
export const teamDatabaseSlice: Slice<TeamDatabaseSlice> = (set, get, client) => {
  let running: RunningJob<'sync/run'> | null = null;
  const updateSync = (patch: Partial<JobView<SyncSummary>>): void => set({ syncJob: { ...get().syncJob, ...patch } });

  async function store(pgUrl: string | null): Promise<boolean> {
    set({ settingsChange: { status: 'loading' } });
    try {
      const settings = await client.call('settings/set', { pgUrl });
      set({ settings: { status: 'ready', value: settings }, settingsChange: { status: 'ready', value: { removed: pgUrl === null } }, connectionTest: idle });
    } catch (error) {
      set({ settingsChange: refusal(apiErrorOf(error)) });
      return false;
    }
    // another database has other tables and rows
    await get().loadSyncStatus();
    return true;
  }

  return {
    settings: idle,
    settingsChange: idle,
    connectionTest: idle,
    syncStatus: idle,
    syncJob: idleJob<SyncSummary>(),

    async loadSettings() {
      set({ settings: loading(get().settings) });
      try {
        set({ settings: { status: 'ready', value: await client.call('settings/get', {}) } });
      } catch (error) {
        set({ settings: refusal(apiErrorOf(error)) });
      }
    },

    async saveDatabaseUrl(draft) {
      const built = databaseUrl(draft);
      if ('error' in built) {
        set({ settingsChange: refusal(built.error) });
        return false;
      }
      if (built.url === null) {
        set({ settingsChange: refusal({ code: 'bad-input', message: 'pgUrl: give the URL of the team database to save', where: { field: 'pgUrl' } }) });
        return false;
      }
      return store(built.url);
    },

    async removeDatabaseUrl() {
      await store(null);
    },

    async testConnection(draft) {
      const built = databaseUrl(draft);
      if ('error' in built) {
        set({ connectionTest: refusal(built.error) });
        return;
      }
      set({ connectionTest: { status: 'loading' } });
      try {
        const answer = await client.call('sync/test', built.url === null ? {} : { url: built.url });
        set({ connectionTest: { status: 'ready', value: answer } });
      } catch (error) {
        set({ connectionTest: refusal(apiErrorOf(error)) });
      }
    },

    async loadSyncStatus() {
      set({ syncStatus: loading(get().syncStatus) });
      try {
        set({ syncStatus: { status: 'ready', value: await client.call('sync/status', {}) } });
      } catch (error) {
        set({ syncStatus: refusal(apiErrorOf(error)) });
      }
    },

    async startSync() {
      set({ syncJob: { ...idleJob<SyncSummary>(), state: 'starting' } });
      try {
        running = await client.startJob('sync/run', {}, (progress) => set({ syncJob: withProgress(get().syncJob, progress) }));
        updateSync({ state: 'running', jobId: running.job.id });
        const outcome = await running.finished;
        if (outcome.ok) updateSync({ state: 'done', result: outcome.value });
        else updateSync({ state: outcome.error.code === 'cancelled' ? 'cancelled' : 'failed', error: outcome.error });
      } catch (error) {
        updateSync({ state: 'failed', error: apiErrorOf(error) });
      } finally {
        running = null;
      }
      // the tables a sync wrote before it stopped count as synced: the status says so either way
      await get().loadSyncStatus();
    },

    async cancelSync() {
      try {
        await running?.cancel();
      } catch (error) {
        updateSync({ error: apiErrorOf(error) });
      }
    },
  };
};
