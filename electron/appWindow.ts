import type { BrowserWindowConstructorOptions } from 'electron';

/** Electron's BrowserWindow class, or a test's stand-in that records the options. */
export type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

/**
 * Opens the app window. The page is untrusted as far as the main process is concerned (it renders
 * data from CSV files), so it gets no Node: a sandboxed renderer in its own JavaScript world (context
 * isolation) with only what the preload exposes, `window.jessica`. Middle-click (auxclick) is off so a
 * link cannot open a window by that route either. The options are written out at the `new` so that
 * electronegativity (`npm run lint:electron`) sees them.
 */
export function openAppWindow<W>(BrowserWindow: WindowConstructor<W>, preloadPath: string): W {
  return new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Jessica',
    // shown on 'ready-to-show', so the user never sees an empty frame
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  });
}
