import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { screenFromHash, screens, type Screen } from './state/navigationSlice.ts';
import { useApp } from './state/useApp.ts';

/**
 * Each screen is its own chunk, loaded when first shown: the page's first paint then runs only the shell and the
 * screen asked for, not every screen and the chart library (measured on the Book screen of a 10,000-account batch:
 * the single 950 kB bundle took about 450 ms to run before anything else).
 */
function screen<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async (): Promise<{ default: ComponentType }> => ({ default: (await load())[name] }));
}
const AccountScreen = screen(() => import('./features/account/AccountScreen.tsx'), 'AccountScreen');
const BenchScreen = screen(() => import('./features/bench/BenchScreen.tsx'), 'BenchScreen');
const BookScreen = screen(() => import('./features/book/BookScreen.tsx'), 'BookScreen');
const ClusterScreen = screen(() => import('./features/cluster/ClusterScreen.tsx'), 'ClusterScreen');
const CompareScreen = screen(() => import('./features/compare/CompareScreen.tsx'), 'CompareScreen');
const DataScreen = screen(() => import('./features/data/DataScreen.tsx'), 'DataScreen');
const FrontierScreen = screen(() => import('./features/frontier/FrontierScreen.tsx'), 'FrontierScreen');
const MatrixScreen = screen(() => import('./features/matrix/MatrixScreen.tsx'), 'MatrixScreen');
const OptimizeScreen = screen(() => import('./features/optimize/OptimizeScreen.tsx'), 'OptimizeScreen');
const PortfolioScreen = screen(() => import('./features/portfolio/PortfolioScreen.tsx'), 'PortfolioScreen');
const RunsScreen = screen(() => import('./features/runs/RunsScreen.tsx'), 'RunsScreen');
const SettingsScreen = screen(() => import('./features/settings/SettingsScreen.tsx'), 'SettingsScreen');

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
  runs: 'Runs',
  bench: 'Bench',
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
        <Suspense fallback={<p className="muted" role="status">Loading…</p>}>
        {screen === 'data' && <DataScreen />}
        {screen === 'matrix' && <MatrixScreen />}
        {screen === 'optimize' && <OptimizeScreen />}
        {screen === 'compare' && <CompareScreen />}
        {screen === 'portfolio' && <PortfolioScreen />}
        {screen === 'book' && <BookScreen />}
        {screen === 'cluster' && <ClusterScreen />}
        {screen === 'account' && <AccountScreen />}
        {screen === 'frontier' && <FrontierScreen />}
        {screen === 'runs' && <RunsScreen />}
        {screen === 'bench' && <BenchScreen />}
        {screen === 'settings' && <SettingsScreen />}
        </Suspense>
      </main>
    </div>
  );
}
