import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { screenFromHash, screens, type Screen } from './state/navigationSlice.ts';
import { useApp } from './state/useApp.ts';

/**
 * Each screen is its own chunk: the page's first paint runs only the shell and the screen asked for, not every screen
 * and the chart library (measured on the Book screen of a 10,000-account batch: the single 950 kB bundle took about
 * 450 ms to run before anything else). The others are fetched once the page is idle (preloadScreens), so moving to
 * one does not wait for its chunk either (Cluster after Book went from 140 ms to 360 ms without it).
 */
const screenLoads: (() => Promise<unknown>)[] = [];
function screen<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  let loading: Promise<Record<K, ComponentType>> | undefined;
  // a chunk that failed to come (a server restarting) is asked again when the screen is opened, not remembered failed
  const once = () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
  screenLoads.push(once);
  return lazy(async (): Promise<{ default: ComponentType }> => ({ default: (await once())[name] }));
}

/** Fetches every screen's chunk when the page is first idle (at most 2 s after the first paint). */
function preloadScreens(): () => void {
  const run = () => {
    for (const load of screenLoads) void load().catch(() => undefined);
  };
  if (typeof window.requestIdleCallback === 'function') {
    const id = window.requestIdleCallback(run, { timeout: 2000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(run, 500);
  return () => window.clearTimeout(id);
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

  useEffect(preloadScreens, []);

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
