import { useEffect } from 'react';
import { useApp } from '../../state/useApp.ts';
import { DatabaseConnectionPanel } from './DatabaseConnectionPanel.tsx';
import { SyncPanel } from './SyncPanel.tsx';

/** Settings: the team database's connection, its test, and the sync to it. */
export function SettingsScreen() {
  const settings = useApp((s) => s.settings);
  const status = useApp((s) => s.syncStatus);
  const loadSettings = useApp((s) => s.loadSettings);
  const loadStatus = useApp((s) => s.loadSyncStatus);

  useEffect(() => {
    if (settings.status === 'idle') void loadSettings();
    if (status.status === 'idle') void loadStatus();
  }, [settings.status, status.status, loadSettings, loadStatus]);

  return (
    <div className="screen settings-screen">
      <div className="column">
        <DatabaseConnectionPanel />
      </div>
      <div className="column wide">
        <SyncPanel />
      </div>
    </div>
  );
}
