import { useEffect } from 'react';
import { LoadableView } from '../../components/LoadableView.tsx';
import { useApp } from '../../state/useApp.ts';
import { ImportPanel } from './ImportPanel.tsx';
import { MembersPanel } from './MembersPanel.tsx';
import { SeriesPanel } from './SeriesPanel.tsx';
import { UniverseList } from './UniverseList.tsx';
import { YahooImportPanel } from './YahooImportPanel.tsx';

/** Market data: the universes in the store, one universe's members, sector mix and prices; CSV and Yahoo Finance imports. */
export function DataScreen() {
  const universes = useApp((s) => s.universes);
  const loadUniverses = useApp((s) => s.loadUniverses);

  useEffect(() => {
    if (universes.status === 'idle') void loadUniverses();
  }, [universes.status, loadUniverses]);

  return (
    <div className="screen data-screen">
      <div className="column">
        <section className="panel" aria-labelledby="universes-heading">
          <h2 id="universes-heading">Universes</h2>
          <LoadableView value={universes} loadingLabel="Loading universes…" isEmpty={(u) => u.length === 0} empty="No universe yet: import one below.">
            {(list) => <UniverseList universes={list} />}
          </LoadableView>
        </section>
        <ImportPanel />
        <YahooImportPanel />
      </div>
      <div className="column wide">
        <MembersPanel />
        <SeriesPanel />
      </div>
    </div>
  );
}
