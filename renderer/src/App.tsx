import { useEffect } from 'react';
import { AccountScreen } from './features/account/AccountScreen.tsx';
import { BookScreen } from './features/book/BookScreen.tsx';
import { ClusterScreen } from './features/cluster/ClusterScreen.tsx';
import { CompareScreen } from './features/compare/CompareScreen.tsx';
import { DataScreen } from './features/data/DataScreen.tsx';
import { FrontierScreen } from './features/frontier/FrontierScreen.tsx';
import { MatrixScreen } from './features/matrix/MatrixScreen.tsx';
import { OptimizeScreen } from './features/optimize/OptimizeScreen.tsx';
import { PortfolioScreen } from './features/portfolio/PortfolioScreen.tsx';
import { SettingsScreen } from './features/settings/SettingsScreen.tsx';
import { screenFromHash, screens, type Screen } from './state/navigationSlice.ts';
import { useApp } from './state/useApp.ts';

const titles: Record<Screen, string> = {
  data: 'Data',
  matrix: 'Matrix builder',
  optimize: 'Optimize',
  compare: 'Compare',
  portfolio: 'Portfolio',
  book: 'Book',
  cluster: 'Cluster',
  account: 'Account',
  frontier: 'Frontier',
  settings: 'Settings',
};

/** The workbench: the screens behind one navigation; the address's hash keeps the screen across reloads. */
export function App({ mode }: { mode: 'desktop' | 'browser' }) {
  const screen = useApp((s) => s.screen);
  const go = useApp((s) => s.go);

  useEffect(() => {
    const fromHash = (): void => {
      const s = screenFromHash(window.location.hash);
      if (s) go(s);
    };
    fromHash();
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
  }, [go]);

  useEffect(() => {
    if (screenFromHash(window.location.hash) !== screen) window.history.replaceState(window.history.state, '', `#${screen}`);
    document.title = `${titles[screen]} · Jessica`;
  }, [screen]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <h1 className="brand">Jessica</h1>
        <nav aria-label="Screens">
          <ul className="tabs">
            {screens.map((s) => (
              <li key={s}>
                <button type="button" className="tab" aria-current={s === screen ? 'page' : undefined} onClick={() => go(s)} data-testid={`nav-${s}`}>
                  {titles[s]}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <span className="mode" title={mode === 'desktop' ? 'Electron, over IPC' : 'Browser, over the loopback server'}>
          {mode === 'desktop' ? 'Desktop' : 'Browser'}
        </span>
      </header>
      <main id="main" tabIndex={-1} className="app-main" aria-label={titles[screen]}>
        {screen === 'data' && <DataScreen />}
        {screen === 'matrix' && <MatrixScreen />}
        {screen === 'optimize' && <OptimizeScreen />}
        {screen === 'compare' && <CompareScreen />}
        {screen === 'portfolio' && <PortfolioScreen />}
        {screen === 'book' && <BookScreen />}
        {screen === 'cluster' && <ClusterScreen />}
        {screen === 'account' && <AccountScreen />}
        {screen === 'frontier' && <FrontierScreen />}
        {screen === 'settings' && <SettingsScreen />}
      </main>
    </div>
  );
}
